/** Raft: each node votes at most once per term (votedFor is on disk, so crashes change nothing). */
import type { SafetyCheck } from "../../../sim/check.js";
import { RAFT_NOTES } from "../notes.js";

export const raftVoteOnce: SafetyCheck = {
  id: "raft/vote-once",
  title: "One vote per node per term",
  explain:
    "A node voted for two different candidates in the same term. The vote must be written to disk before it is sent: a node that forgets its vote in a crash can hand a second majority to a second candidate.",
  create() {
    const votes = new Map<string, { candidate: string; i: number }>();
    const lifecycle = new Map<string, number[]>();
    return {
      observe(event) {
        if (event.kind === "crash" || event.kind === "recover") {
          lifecycle.set(event.node, [...(lifecycle.get(event.node) ?? []), event.i]);
          return null;
        }
        if (event.kind !== "note") return null;
        const vote = RAFT_NOTES.read(event, "vote");
        if (vote === null) return null;
        const { term, candidate } = vote;
        const key = `${event.node}#${term}`;
        const first = votes.get(key);
        if (!first) {
          votes.set(key, { candidate, i: event.i });
          return null;
        }
        if (first.candidate === candidate) return null; // a repeated answer to the same candidate
        votes.set(key, { candidate, i: event.i });
        const between = (lifecycle.get(event.node) ?? []).filter((i) => i > first.i);
        return {
          tick: event.tick,
          message: `${event.node} voted for ${first.candidate} and then for ${candidate} in term ${term}`,
          evidence: [first.i, ...between, event.i],
        };
      },
    };
  },
};
