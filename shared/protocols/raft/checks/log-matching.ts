/**
 * Raft's Log Matching property: if two logs hold an entry with the same index and term, the logs
 * are identical up to and including that index. The consistency check on every AppendEntries
 * (prevLogIndex, prevLogTerm) is what maintains it.
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { createLogMirror, type MirrorEntry } from "./log-mirror.js";

/** The first index at or below `upTo` where the two logs differ (0: none). */
function firstDifference(a: readonly MirrorEntry[], b: readonly MirrorEntry[], upTo: number): number {
  for (let j = 1; j <= upTo; j++) {
    const x = a[j - 1];
    const y = b[j - 1];
    if (!x || !y || x.term !== y.term || x.command !== y.command) return j;
  }
  return 0;
}

export const raftLogMatching: SafetyCheck = {
  id: "raft/log-matching",
  title: "Logs that agree on an entry agree on everything before it",
  explain:
    "Two nodes hold the same entry (same index, same term) but their logs differ at or before it. A follower must accept entries only when its log holds the leader's previous entry (prevLogIndex with prevLogTerm); otherwise it must refuse so the leader steps back.",
  create() {
    const mirror = createLogMirror();
    const reported = new Set<string>();
    return {
      observe(event) {
        const changed = mirror.observe(event);
        if (!changed || event.kind !== "note" || event.name !== "append") return null;
        const mine = mirror.log(changed.node);
        const entry = mine[changed.index - 1];
        if (!entry) return null;
        for (const other of mirror.nodes()) {
          if (other === changed.node) continue;
          const theirs = mirror.log(other);
          if (theirs[changed.index - 1]?.term !== entry.term) continue;
          const j = firstDifference(mine, theirs, changed.index);
          const pair = [changed.node, other].sort().join("|");
          if (j === 0 || reported.has(pair)) continue;
          reported.add(pair);
          const evidence = [entry.i, theirs[changed.index - 1]!.i, mine[j - 1]?.i ?? -1, theirs[j - 1]?.i ?? -1].filter((i) => i >= 0);
          return {
            tick: event.tick,
            message: `${changed.node} and ${other} both hold entry ${changed.index} of term ${entry.term}, yet their logs differ at index ${j}`,
            evidence: [...new Set(evidence)].sort((a, b) => a - b),
          };
        }
        return null;
      },
    };
  },
};
