/** Raft Election Safety: at most one leader per term. */
import type { SafetyCheck } from "../../../sim/check.js";
import { RAFT_NOTES } from "../notes.js";

export const raftElectionSafety: SafetyCheck = {
  id: "raft/election-safety",
  title: "At most one leader per term",
  explain:
    "Two nodes both won the same term. Each needs a majority of votes, and two majorities of five always share a voter, so this can only happen if some node voted twice in that term (for example after forgetting its vote in a crash).",
  create() {
    const leaders = new Map<number, { node: string; i: number }>();
    const votes = new Map<number, { candidate: string; i: number }[]>();
    const reported = new Set<number>();
    return {
      observe(event) {
        if (event.kind !== "note") return null;
        const vote = RAFT_NOTES.read(event, "vote");
        if (vote) {
          const list = votes.get(vote.term) ?? [];
          list.push({ candidate: vote.candidate, i: event.i });
          votes.set(vote.term, list);
          return null;
        }
        const leader = RAFT_NOTES.read(event, "leader");
        if (leader === null) return null;
        const { term } = leader;
        const first = leaders.get(term);
        if (!first) {
          leaders.set(term, { node: event.node, i: event.i });
          return null;
        }
        if (first.node === event.node || reported.has(term)) return null;
        reported.add(term);
        // The votes behind both leaders, so the debrief can show the voter counted twice.
        const behind = (votes.get(term) ?? []).filter((v) => v.candidate === first.node || v.candidate === event.node).map((v) => v.i);
        return {
          tick: event.tick,
          message: `${first.node} and ${event.node} both became leader of term ${term}`,
          evidence: [first.i, event.i, ...behind].sort((a, b) => a - b),
        };
      },
    };
  },
};
