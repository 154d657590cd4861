/**
 * A human's Raft node. The runtime does only what any node's runtime would (keep the timers
 * running, tally votes, record replies) plus the chores the player handed to the autopilot,
 * which call exactly the bots' functions. Everything that teaches (voting, electing, appending,
 * committing, and, without auto-ack, accepting entries) waits as a card for the player.
 */
import type { HumanReducer, NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { handleVote, retryVotes } from "./election.js";
import { handleAppendEntries, recordReply, redirect, sendAppend } from "./replication.js";
import { heartbeat, levelTimeouts, onBoot } from "./bots.js";
import {
  armElection,
  armHeartbeat,
  commandOf,
  normalize,
  pushBounded,
  type AppendEntriesPayload,
  type AppendReplyPayload,
  type RaftState,
  type RequestVotePayload,
  type VotePayload,
} from "./state.js";

export const CHORES = {
  heartbeat: "auto-heartbeat",
  replicate: "auto-replicate",
  ack: "auto-ack",
  redirect: "auto-redirect",
} as const;

type HumanStep = Step<RaftState> & { handled: boolean };

const done = (step: Step<RaftState>): HumanStep => ({ ...step, handled: true });
const card = (state: RaftState, effects: Step<RaftState>["effects"] = []): HumanStep => ({ state, effects, handled: false });

function onTimer(s: RaftState, name: string, ctx: NodeContext, autopilot: ReadonlySet<string>): HumanStep {
  if (name === "election") {
    if (s.role === "leader") return done({ state: s, effects: [] });
    // The timer keeps running as a reminder (and so a bot taking the seat finds one armed).
    return card({ ...s, electionDue: true }, [armElection(levelTimeouts(s, ctx), ctx)]);
  }
  if (name === "heartbeat") {
    if (s.role !== "leader") return done({ state: s, effects: [] });
    if (autopilot.has(CHORES.heartbeat)) return done(heartbeat(s, ctx));
    return card(s, [armHeartbeat(ctx)]);
  }
  if (name === "vote-retry") return done(retryVotes(s, ctx));
  return done({ state: s, effects: [] });
}

/** A higher term in an answer: noted for the player, who must step down (stepDown). */
function sawHigherTerm(s: RaftState, term: number): HumanStep {
  return card({ ...s, seenTerm: Math.max(s.seenTerm, term) });
}

function onAppendReply(s: RaftState, from: string, p: AppendReplyPayload, ctx: NodeContext, autopilot: ReadonlySet<string>): HumanStep {
  if (p.term > s.currentTerm) return sawHigherTerm(s, p.term);
  if (s.role !== "leader" || p.term !== s.currentTerm) return done({ state: s, effects: [] });
  const state = recordReply(s, from, p);
  if (p.success) return done({ state, effects: [] }); // the majority gauge moves; committing is the player's call
  return autopilot.has(CHORES.replicate) ? done({ state, effects: [sendAppend(state, from, ctx)] }) : card(state);
}

function onDeliver(s: RaftState, event: Extract<NodeEvent, { kind: "deliver" }>, ctx: NodeContext, autopilot: ReadonlySet<string>): HumanStep {
  const { id: msgId, from, type, payload } = event.msg;
  switch (type) {
    case "RequestVote":
      return card({ ...s, voteCards: pushBounded(s.voteCards, { msgId, from, payload: payload as RequestVotePayload }) });
    case "Vote": {
      const p = payload as VotePayload;
      if (p.term > s.currentTerm) return sawHigherTerm(s, p.term);
      return done(handleVote(s, from, p, ctx, levelTimeouts, { announce: autopilot.has(CHORES.heartbeat), noop: true }));
    }
    case "AppendEntries":
      if (autopilot.has(CHORES.ack)) return done(handleAppendEntries(s, from, payload as AppendEntriesPayload, ctx, levelTimeouts));
      return card({ ...s, appendCards: pushBounded(s.appendCards, { msgId, from, payload: payload as AppendEntriesPayload }) });
    case "AppendReply":
      return onAppendReply(s, from, payload as AppendReplyPayload, ctx, autopilot);
    default:
      return done({ state: s, effects: [] });
  }
}

function onRequest(s: RaftState, event: Extract<NodeEvent, { kind: "request" }>, autopilot: ReadonlySet<string>): HumanStep {
  const { id, payload } = event.request;
  if (s.role !== "leader" && autopilot.has(CHORES.redirect)) return done({ state: s, effects: [redirect(s, id)] });
  return card({ ...s, clientCards: pushBounded(s.clientCards, { requestId: id, command: commandOf(payload) }) });
}

export const raftHuman: HumanReducer<RaftState> = (raw, event, ctx, autopilot) => {
  const s = normalize(raw);
  switch (event.kind) {
    case "boot":
      return done(onBoot(s, ctx, levelTimeouts));
    case "timer":
      return onTimer(s, event.name, ctx, autopilot);
    case "request":
      return onRequest(s, event, autopilot);
    case "deliver":
      return onDeliver(s, event, ctx, autopilot);
  }
};
