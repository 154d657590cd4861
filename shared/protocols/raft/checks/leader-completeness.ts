/**
 * Raft's Leader Completeness property: an entry committed in some term is in the log of every
 * leader of every later term. The vote rule (grant only to a log at least as up to date as
 * yours) is what guarantees it, with the commit rule.
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { createLogMirror } from "./log-mirror.js";
import { RAFT_NOTES } from "../notes.js";

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
        const commit = RAFT_NOTES.read(event, "commit");
        if (commit) {
          if (!committed.has(commit.index)) committed.set(commit.index, { term: commit.term, command: commit.command, i: event.i, node: event.node });
          return null;
        }
        const leader = RAFT_NOTES.read(event, "leader");
        if (leader === null) return null;
        const log = mirror.log(event.node);
        for (const [index, c] of [...committed.entries()].sort((a, b) => a[0] - b[0])) {
          const held = log[index - 1];
          if (held && held.term === c.term && held.command === c.command) continue;
          return {
            tick: event.tick,
            message: `${event.node} became leader of term ${leader.term} without entry ${index} (term ${c.term}, "${c.command}"), which ${c.node} had committed`,
            evidence: [c.i, event.i],
          };
        }
        return null;
      },
    };
  },
};
