/**
 * Raft's Leader Completeness property: an entry committed in some term is in the log of every
 * leader of every later term. The vote rule (grant only to a log at least as up to date as
 * yours) is what guarantees it, with the commit rule.
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { createLogMirror, num } from "./log-mirror.js";

export const raftLeaderCompleteness: SafetyCheck = {
  id: "raft/leader-completeness",
  title: "Every new leader holds every committed entry",
  explain:
    "A node became leader without an entry that was already committed. Its log will overwrite that entry everywhere. Voters must refuse a candidate whose log is behind theirs (last term first, then last index), and a leader must not call an earlier term's entry committed just because a majority holds it.",
  create() {
    const mirror = createLogMirror();
    const committed = new Map<number, { term: number; command: string; i: number; node: string }>();
    return {
      observe(event) {
        mirror.observe(event);
        if (event.kind !== "note") return null;
        if (event.name === "commit") {
          const index = num(event.data.index);
          if (!committed.has(index)) committed.set(index, { term: num(event.data.term), command: String(event.data.command), i: event.i, node: event.node });
          return null;
        }
        if (event.name !== "leader") return null;
        const log = mirror.log(event.node);
        for (const [index, c] of [...committed.entries()].sort((a, b) => a[0] - b[0])) {
          const held = log[index - 1];
          if (held && held.term === c.term && held.command === c.command) continue;
          return {
            tick: event.tick,
            message: `${event.node} became leader of term ${String(event.data.term)} without entry ${index} (term ${c.term}, "${c.command}"), which ${c.node} had committed`,
            evidence: [c.i, event.i],
          };
        }
        return null;
      },
    };
  },
};
