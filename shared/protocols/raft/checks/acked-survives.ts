/**
 * Every acknowledged command survives: once a client is told OK for the entry at index i, no node
 * ever commits or applies something else at i, and no node that holds the entry loses it.
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { createLogMirror, num } from "./log-mirror.js";
import { RAFT_NOTES } from "../notes.js";

interface Acked {
  term: number;
  command: string;
  i: number;
}

function ackedOf(result: unknown): { index: number; term: number; command: string } | null {
  if (typeof result !== "object" || result === null) return null;
  const r = result as Record<string, unknown>;
  const index = num(r.index);
  return index >= 1 && typeof r.command === "string" ? { index, term: num(r.term), command: r.command } : null;
}

export const raftAckedSurvives: SafetyCheck = {
  id: "raft/acked-survives",
  title: "An acknowledged command is never lost",
  explain:
    "A client was told its command was committed, and later that entry was overwritten or replaced. An OK is a promise: a leader may give it only for an entry that no future leader can remove.",
  create() {
    const mirror = createLogMirror();
    const acked = new Map<number, Acked>();
    const reported = new Set<number>();
    return {
      observe(event) {
        if (event.kind === "response") {
          const a = event.ok ? ackedOf(event.result) : null;
          if (a && !acked.has(a.index)) acked.set(a.index, { term: a.term, command: a.command, i: event.i });
          return null;
        }
        if (event.kind !== "note") return null;
        const truncate = RAFT_NOTES.read(event, "truncate");
        if (truncate) {
          const from = truncate.fromIndex;
          const log = mirror.log(event.node);
          for (const [index, a] of acked) {
            const held = log[index - 1];
            if (index >= from && held && held.term === a.term && held.command === a.command && !reported.has(index)) {
              reported.add(index);
              mirror.observe(event);
              return { tick: event.tick, message: `${event.node} cut acknowledged entry ${index} ("${a.command}") from its log`, evidence: [a.i, held.i, event.i] };
            }
          }
        }
        mirror.observe(event);
        const done = RAFT_NOTES.read(event, "commit") ?? RAFT_NOTES.read(event, "apply");
        if (done === null) return null;
        const a = acked.get(done.index);
        if (!a || done.command === a.command || reported.has(done.index)) return null;
        reported.add(done.index);
        return {
          tick: event.tick,
          message: `${event.node} ${event.name === "commit" ? "committed" : "applied"} "${done.command}" at index ${done.index}, where the client was told "${a.command}" was committed`,
          evidence: [a.i, event.i],
        };
      },
    };
  },
};
