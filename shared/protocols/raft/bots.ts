/**
 * Raft bots as pure reducers. One reducer, four flavours: the correct node, and three that each
 * change one thing: "eager" (election timeouts shorter than a heartbeat round can promise),
 * "forgetful" (votedFor kept in RAM: a restart forgets the vote) and "figure8" (counts replicas
 * for entries of earlier terms, the commit-rule bug of the Raft paper's Figure 8).
 * The autopilot chores on a human's node call the same functions (raft-human.ts).
 */
import type { BotPolicy, NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { handleRequestVote, handleVote, retryVotes, startElection, type Takeover } from "./election.js";
import { appendCommand, broadcastAppend, handleAppendEntries, handleAppendReply, redirect } from "./replication.js";
import {
  EAGER_ELECTION_TICKS,
  RAFT_ROLE,
  armElection,
  armHeartbeat,
  commandOf,
  electionRange,
  normalize,
  type AppendEntriesPayload,
  type AppendReplyPayload,
  type RaftState,
  type RequestVotePayload,
  type VotePayload,
} from "./state.js";
import type { ElectionTicks } from "./term.js";

export interface Flavor {
  electionTicks: ElectionTicks;
  /** The deliberate bug: votedFor does not survive a restart. */
  forgetVoteOnRestart: boolean;
  /**
   * The deliberate bug: commit by counting replicas of an earlier term's entry. Its author also
   * skipped the new leader's no-op (Raft §8), the entry that makes counting old entries unnecessary.
   */
  anyTermCommit: boolean;
}

const takeover = (f: Flavor): Takeover => ({ announce: true, noop: !f.anyTermCommit });

export const levelTimeouts: ElectionTicks = (s, ctx) => electionRange(s, ctx);
const eagerTimeouts: ElectionTicks = () => EAGER_ELECTION_TICKS;

export const CORRECT: Flavor = { electionTicks: levelTimeouts, forgetVoteOnRestart: false, anyTermCommit: false };

/** (Re)boot: RAM is fresh, so we are a follower with an election timer running. */
export function onBoot(s: RaftState, ctx: NodeContext, electionTicks: ElectionTicks): Step<RaftState> {
  const state: RaftState = { ...s, role: "follower", votes: [], leaderId: null };
  return { state, effects: [armElection(electionTicks(state, ctx), ctx)] };
}

/** Leader heartbeat: AppendEntries to everyone (carrying any entries a peer lacks), then re-arm. */
export function heartbeat(s: RaftState, ctx: NodeContext): Step<RaftState> {
  if (s.role !== "leader") return { state: s, effects: [] };
  return { state: s, effects: [...broadcastAppend(s, ctx), armHeartbeat(ctx)] };
}

/** A client request: the leader appends and replicates at once; anyone else redirects. */
export function onRequest(s: RaftState, event: Extract<NodeEvent, { kind: "request" }>, ctx: NodeContext): Step<RaftState> {
  if (s.role !== "leader") return { state: s, effects: [redirect(s, event.request.id)] };
  const appended = appendCommand(s, event.request.id, commandOf(event.request.payload));
  return { state: appended.state, effects: [...appended.effects, ...broadcastAppend(appended.state, ctx)] };
}

function onTimer(s: RaftState, name: string, ctx: NodeContext, f: Flavor): Step<RaftState> {
  if (name === "election") return s.role === "leader" ? { state: s, effects: [] } : startElection(s, ctx, f.electionTicks, takeover(f));
  if (name === "heartbeat") return heartbeat(s, ctx);
  if (name === "vote-retry") return retryVotes(s, ctx);
  return { state: s, effects: [] };
}

function onDeliver(s: RaftState, event: Extract<NodeEvent, { kind: "deliver" }>, ctx: NodeContext, f: Flavor): Step<RaftState> {
  const { from, type, payload } = event.msg;
  switch (type) {
    case "RequestVote":
      return handleRequestVote(s, from, payload as RequestVotePayload, ctx, f.electionTicks);
    case "Vote":
      return handleVote(s, from, payload as VotePayload, ctx, f.electionTicks, takeover(f));
    case "AppendEntries":
      return handleAppendEntries(s, from, payload as AppendEntriesPayload, ctx, f.electionTicks);
    case "AppendReply":
      return handleAppendReply(s, from, payload as AppendReplyPayload, ctx, f.electionTicks, { commit: true, resend: true, anyTerm: f.anyTermCommit });
    default:
      return { state: s, effects: [] };
  }
}

/**
 * A bot taking over a seat a human left: the runtime replays the human's unhandled cards to it as
 * events, so the human's own card lists are dropped rather than acted on twice.
 */
function forgetCards(s: RaftState): RaftState {
  if (s.voteCards.length + s.appendCards.length + s.clientCards.length === 0 && s.seenTerm === 0 && !s.electionDue) return s;
  return { ...s, voteCards: [], appendCards: [], clientCards: [], seenTerm: 0, electionDue: false };
}

export function botStep(f: Flavor) {
  return (raw: RaftState, event: NodeEvent, ctx: NodeContext): Step<RaftState> => {
    const s = forgetCards(normalize(raw));
    switch (event.kind) {
      case "boot":
        return onBoot(f.forgetVoteOnRestart ? { ...s, votedFor: null } : s, ctx, f.electionTicks);
      case "timer":
        return onTimer(s, event.name, ctx, f);
      case "request":
        return onRequest(s, event, ctx);
      case "deliver":
        return onDeliver(s, event, ctx, f);
    }
  };
}

const roles = [RAFT_ROLE];

export const RAFT_BOTS: Record<string, BotPolicy<RaftState>> = {
  correct: { summary: "Raft by the paper: randomized election timeouts (the level's ranges), the vote rule, the consistency check, the current-term commit rule.", roles, step: botStep(CORRECT) },
  eager: {
    summary: "Correct Raft with 1-2 gs election timeouts: a delayed heartbeat starts an election, votes split, terms churn. Safe, but slow to settle.",
    roles,
    mistake: "liveness",
    step: botStep({ ...CORRECT, electionTicks: eagerTimeouts }),
  },
  forgetful: {
    summary: "Keeps votedFor in RAM: after a crash it forgets whom it voted for and can vote twice in one term (two leaders become possible).",
    roles,
    mistake: "safety",
    step: botStep({ ...CORRECT, forgetVoteOnRestart: true }),
  },
  figure8: {
    summary: "Commits any entry a majority holds, even one from an earlier term: the Figure 8 bug that can overwrite a 'committed' entry.",
    roles,
    mistake: "safety",
    step: botStep({ ...CORRECT, anyTermCommit: true }),
  },
};
