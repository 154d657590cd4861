/**
 * Raft: a node's current term never decreases, restarts included (currentTerm is on disk).
 * Read from its "term" notes and from the term it stamps on every message it sends.
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { num } from "./log-mirror.js";
import { RAFT_NOTES } from "../notes.js";

const RAFT_MESSAGES = new Set(["RequestVote", "Vote", "AppendEntries", "AppendReply"]);

export const raftTermMonotonic: SafetyCheck = {
  id: "raft/term-monotonic",
  title: "Terms never go backwards",
  explain:
    "A node went back to an older term. Terms are Raft's clock: a node that forgets the newest term it has seen (for example because it kept the term only in RAM) can vote and lead again in a term that is already decided.",
  create() {
    const highest = new Map<string, { term: number; i: number }>();
    return {
      observe(event) {
        let term: number;
        const note = event.kind === "note" ? RAFT_NOTES.read(event, "term") : null;
        if (event.kind === "note" && note) term = note.term;
        else if (event.kind === "send" && RAFT_MESSAGES.has(event.type)) term = num((event.payload as { term?: unknown } | null)?.term);
        else return null;
        if (!Number.isFinite(term)) return null;
        const before = highest.get(event.node);
        if (!before || term > before.term) {
          highest.set(event.node, { term, i: event.i });
          return null;
        }
        if (term >= before.term) return null;
        return { tick: event.tick, message: `${event.node} was in term ${before.term} and is now in term ${term}`, evidence: [before.i, event.i] };
      },
    };
  },
};
