/**
 * Leader election (Raft §5.2 and §5.4.1). A follower that hears no leader within its randomized
 * timeout starts a new term, votes for itself and asks everyone. A voter grants at most one vote
 * per term, and only to a candidate whose log is at least as up to date as its own (last term
 * first, then last index). A majority of votes makes a leader, and two majorities of five always
 * share a voter: that shared voter is why a term can never have two leaders.
 */
import type { Effect, NodeContext, Step } from "../../sim/protocol.js";
import { isMajority } from "../../base/quorum.js";
import { appendEntry, broadcastAppend } from "./replication.js";
import {
  armElection,
  armHeartbeat,
  candidateUpToDate,
  heartbeatTicks,
  lastLogIndex,
  lastLogTerm,
  membersOf,
  NOOP_COMMAND,
  peersOf,
  type RaftState,
  type RequestVotePayload,
  type VotePayload,
} from "./state.js";
import { adoptTerm, termNote, chain, type ElectionTicks } from "./term.js";
import { RAFT_NOTES } from "./notes.js";

function voteNote(term: number, candidate: string): Effect {
  return RAFT_NOTES.write("vote", { term, candidate });
}

function requestVote(s: RaftState, peer: string, ctx: NodeContext): Effect {
  const payload: RequestVotePayload = { term: s.currentTerm, candidate: ctx.self, lastLogIndex: lastLogIndex(s), lastLogTerm: lastLogTerm(s) };
  return { kind: "send", to: peer, type: "RequestVote", payload };
}

/** Term + 1, vote for yourself, ask everyone; a fresh random timeout in case the vote splits. */
export function startElection(s: RaftState, ctx: NodeContext, electionTicks: ElectionTicks, how: Takeover): Step<RaftState> {
  const term = s.currentTerm + 1;
  const state: RaftState = { ...s, currentTerm: term, votedFor: ctx.self, role: "candidate", leaderId: null, votes: [ctx.self], answered: [], electionDue: false, seenTerm: 0 };
  const effects: Effect[] = [
    { kind: "cancel-timer", name: "heartbeat" },
    termNote(term),
    voteNote(term, ctx.self),
    ...peersOf(ctx).map((peer) => requestVote(state, peer, ctx)),
    armElection(electionTicks(state, ctx), ctx),
    armHeartbeatLike("vote-retry", ctx),
  ];
  const step = { state, effects };
  return isMajority(state.votes, membersOf(ctx)) ? chain(step, (t) => becomeLeader(t, ctx, how)) : step;
}

/** Candidates re-ask on the heartbeat rhythm. */
function armHeartbeatLike(name: string, ctx: NodeContext): Effect {
  return { kind: "set-timer", name, delayTicks: heartbeatTicks(ctx) };
}

/** A candidate asks again the peers that have not granted yet (requests and answers get lost). */
export function retryVotes(s: RaftState, ctx: NodeContext): Step<RaftState> {
  if (s.role !== "candidate") return { state: s, effects: [] };
  const missing = peersOf(ctx).filter((peer) => !s.votes.includes(peer) && !s.answered.includes(peer));
  return { state: s, effects: [...missing.map((peer) => requestVote(s, peer, ctx)), armHeartbeatLike("vote-retry", ctx)] };
}

/** The two checks the vote rule makes, in plain data (the Guided UI shows both). */
export interface VoteChecks {
  staleTerm: boolean;
  /** Whom we already voted for in the candidate's term (null: nobody, or the candidate itself). */
  votedForOther: string | null;
  upToDate: boolean;
  myLastTerm: number;
  myLastIndex: number;
}

export function voteChecks(s: RaftState, p: RequestVotePayload): VoteChecks {
  // A higher term means a fresh term for us too: no vote cast in it yet.
  const votedInTerm = p.term === s.currentTerm ? s.votedFor : null;
  return {
    staleTerm: p.term < s.currentTerm,
    votedForOther: votedInTerm !== null && votedInTerm !== p.candidate ? votedInTerm : null,
    upToDate: candidateUpToDate(s, p.lastLogTerm, p.lastLogIndex),
    myLastTerm: lastLogTerm(s),
    myLastIndex: lastLogIndex(s),
  };
}

export function voteAllowed(c: VoteChecks): boolean {
  return !c.staleTerm && c.votedForOther === null && c.upToDate;
}

/**
 * Answer a RequestVote: adopt a higher term first, then grant (record the vote on disk, reset
 * the election timer) or deny. The answer always carries our current term.
 */
export function answerVote(s: RaftState, from: string, p: RequestVotePayload, grant: boolean, ctx: NodeContext, electionTicks: ElectionTicks): Step<RaftState> {
  return chain(adoptTerm(s, p.term, ctx, electionTicks), (t) => {
    const granted = grant && p.term === t.currentTerm;
    const answer: VotePayload = { term: t.currentTerm, granted };
    const send: Effect = { kind: "send", to: from, type: "Vote", payload: answer };
    if (!granted) return { state: t, effects: [send] };
    const state: RaftState = { ...t, votedFor: p.candidate, electionDue: false };
    return { state, effects: [voteNote(t.currentTerm, p.candidate), armElection(electionTicks(state, ctx), ctx), send] };
  });
}

/** The bots' (and a bot taking over a seat's) decision: the vote rule, exactly. */
export function handleRequestVote(s: RaftState, from: string, p: RequestVotePayload, ctx: NodeContext, electionTicks: ElectionTicks): Step<RaftState> {
  return answerVote(s, from, p, voteAllowed(voteChecks(s, p)), ctx, electionTicks);
}

/** How a new leader starts its term: announce at once (bots, auto-heartbeat), append a no-op. */
export interface Takeover {
  announce: boolean;
  /** Raft §8: commit a no-op of the new term, which commits everything before it too. */
  noop: boolean;
}

/**
 * Count a vote. A higher term in the answer ends the candidacy; a majority of grants for the
 * current term makes a leader.
 */
export function handleVote(s: RaftState, from: string, p: VotePayload, ctx: NodeContext, electionTicks: ElectionTicks, how: Takeover): Step<RaftState> {
  if (p.term > s.currentTerm) return adoptTerm(s, p.term, ctx, electionTicks);
  if (s.role !== "candidate" || p.term !== s.currentTerm || s.answered.includes(from)) return { state: s, effects: [] };
  const state = { ...s, answered: [...s.answered, from], votes: p.granted ? [...s.votes, from] : s.votes };
  return isMajority(state.votes, membersOf(ctx)) ? becomeLeader(state, ctx, how) : { state, effects: [] };
}

/** Won: lead this term. nextIndex starts just past our log; nothing is known replicated yet. */
export function becomeLeader(s: RaftState, ctx: NodeContext, how: Takeover): Step<RaftState> {
  const nextIndex: Record<string, number> = {};
  const matchIndex: Record<string, number> = {};
  for (const peer of peersOf(ctx)) {
    nextIndex[peer] = s.log.length + 1;
    matchIndex[peer] = 0;
  }
  const leader: Step<RaftState> = {
    state: { ...s, role: "leader", leaderId: ctx.self, nextIndex, matchIndex, electionDue: false },
    effects: [
      RAFT_NOTES.write("leader", { term: s.currentTerm, votes: [...s.votes] }),
      { kind: "cancel-timer", name: "election" },
      { kind: "cancel-timer", name: "vote-retry" },
      armHeartbeat(ctx),
    ],
  };
  const started = how.noop ? chain(leader, (t) => appendEntry(t, null, NOOP_COMMAND)) : leader;
  return how.announce ? chain(started, (t) => ({ state: t, effects: broadcastAppend(t, ctx) })) : started;
}
