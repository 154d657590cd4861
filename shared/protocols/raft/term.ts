/**
 * Terms: Raft's logical clock. Any message carrying a higher term than ours makes us adopt it and
 * become a follower, forgetting our vote (it was for an older term). Every term change is noted,
 * so a checker can verify that terms never go backwards, crashes included.
 */
import type { Effect, NodeContext, Step } from "../../sim/protocol.js";
import type { RaftState } from "./state.js";
import { RAFT_NOTES } from "./notes.js";

/** Which election timeout a node uses; the eager bot differs from the level's setting. */
export type ElectionTicks = (s: RaftState, ctx: NodeContext) => [number, number];

export function termNote(term: number): Effect {
  return RAFT_NOTES.write("term", { term });
}

/**
 * Adopt a higher term: follower, no vote yet in the new term. A leader that steps down needs an
 * election timer again (leaders do not run one).
 */
export function adoptTerm(s: RaftState, term: number, ctx: NodeContext, electionTicks: ElectionTicks): Step<RaftState> {
  if (term <= s.currentTerm) return { state: s, effects: [] };
  const wasLeader = s.role === "leader";
  const state: RaftState = {
    ...s,
    currentTerm: term,
    votedFor: null,
    role: "follower",
    leaderId: null,
    votes: [],
    answered: [],
    seenTerm: s.seenTerm > term ? s.seenTerm : 0,
  };
  const effects: Effect[] = [termNote(term)];
  if (wasLeader) {
    effects.push(RAFT_NOTES.write("step-down", { term }));
    effects.push({ kind: "cancel-timer", name: "heartbeat" });
    const [lo, hi] = electionTicks(state, ctx);
    effects.push({ kind: "set-timer", name: "election", delayTicks: ctx.rng.int(lo, hi) });
  }
  return { state, effects };
}

/** Chain two steps: the second runs on the first's state; effects keep their order. */
export function chain(first: Step<RaftState>, next: (s: RaftState) => Step<RaftState>): Step<RaftState> {
  const second = next(first.state);
  return { state: second.state, effects: [...first.effects, ...second.effects] };
}
