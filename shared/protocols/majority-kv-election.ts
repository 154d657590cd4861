/**
 * Leader election for majority-kv, built on quorum.ts: one durable vote per node per epoch, a
 * majority of votes per epoch, and a pre-vote first so a cut-off node never raises the epoch
 * for nothing. A follower that accepted a leader's round recently has PROMISED not to vote for
 * anyone else for promiseTicks; the leader's lease (leaseTicks < promiseTicks, both on monotonic
 * clocks) therefore always runs out before a new leader can be elected.
 */
import { isMajority } from "./quorum.js";
import type { Effect, NodeContext, Step } from "./protocol.js";
import { atLeastAsNew, withLog } from "./majority-kv-log.js";
import { chargeAll } from "./majority-kv-charges.js";
import { sendRound } from "./majority-kv-replication.js";
import type { MkvState, PrevotePayload, PrevoteReplyPayload, Sale, VotePayload, VoteRequestPayload } from "./majority-kv-types.js";
import { optionsOf, peersOf } from "./majority-kv-types.js";

/** A round trip and a bit: when a candidate asks the silent peers again, and how often. */
const ASK_AGAIN_TICKS = 18;
const ASK_AGAIN_MAX = 2;

/** (Re)arm the election timer: a random timeout, or the level's fixed first one for this node. */
export function armElectionTimer(ctx: NodeContext, first = false): Effect {
  const o = optionsOf(ctx);
  const fixed = first ? o.firstElectionTicks[ctx.self] : undefined;
  return { kind: "set-timer", name: "election", delayTicks: fixed ?? ctx.rng.int(o.electionTicksMin, o.electionTicksMax) };
}

/** After a probe or a candidacy: try again soon, at a random moment, in case of a split. */
function armRetryTimer(ctx: NodeContext): Effect {
  const o = optionsOf(ctx);
  return { kind: "set-timer", name: "election", delayTicks: ctx.rng.int(o.retryElectionTicksMin, o.retryElectionTicksMax) };
}

/** Still bound by the promise to the current leader (or being the leader)? */
export function promiseActive(state: MkvState, ctx: NodeContext): boolean {
  if (state.status === "leader") return true;
  const heard = state.heardLeaderUptimeTicks;
  return heard !== null && ctx.uptimeTicks - heard < optionsOf(ctx).promiseTicks;
}

export function stepDown(state: MkvState, knownEpoch: number, effects: Effect[], ctx: NodeContext): MkvState {
  if (state.status === "leader") effects.push({ kind: "note", name: "step-down", data: { epoch: state.epoch } });
  if (state.status !== "follower") effects.push({ kind: "cancel-timer", name: "heartbeat" }, armElectionTimer(ctx));
  return { ...state, epoch: Math.max(state.epoch, knownEpoch), status: "follower", leaderId: state.status === "leader" ? null : state.leaderId, prevotes: [], votes: [], backlog: [] };
}

/** Ask "would you vote for me?" for the next epoch, without changing anything durable. */
export function probeElection(state: MkvState, ctx: NodeContext): Step<MkvState> {
  const epoch = state.epoch + 1;
  // Not even a majority answered my last probe (yes or no): maybe only my outgoing links work (a
  // one-way cut). Back off, so my probes do not keep the nodes that can still elect a leader
  // standing back forever.
  const unanswered = state.prevotes.includes(ctx.self) && !isMajority([ctx.self, ...state.probeRepliers], peersOf(ctx));
  const silentProbes = unanswered ? Math.min(state.silentProbes + 1, 3) : 0;
  const payload: PrevotePayload = { epoch, logEpoch: state.logEpoch, length: state.log.length };
  const effects: Effect[] = peersOf(ctx)
    .filter((p) => p !== ctx.self)
    .map((to) => ({ kind: "send", to, type: "prevote", payload }));
  const retry = armRetryTimer(ctx) as Extract<Effect, { kind: "set-timer" }>;
  effects.push({ ...retry, delayTicks: retry.delayTicks * (1 << silentProbes) });
  if (silentProbes === 0) effects.push({ kind: "set-timer", name: "ask-again", delayTicks: ASK_AGAIN_TICKS });
  // A probe abandons any earlier candidacy that did not win.
  const next: MkvState = { ...state, status: "follower", candidateEpoch: epoch, prevotes: [ctx.self], votes: [], probeUptimeTicks: ctx.uptimeTicks, candidateTries: 0, probeRepliers: [], silentProbes };
  return { state: next, effects };
}

/**
 * The pre-vote rule: a later epoch, no promise to a live leader, a seat map at least as new. And
 * one "yes" per epoch (not durable, just polite): with only three nodes on the majority side,
 * two candidates encouraged at once would split the vote and nobody would sell.
 */
export function prevoteGrant(state: MkvState, p: PrevotePayload, ctx: NodeContext, from?: string): boolean {
  if (from !== undefined) {
    // Both politeness rules fade after a round trip or two, so a failed candidacy never blocks.
    const recent = (uptime: number) => ctx.uptimeTicks - uptime < optionsOf(ctx).retryElectionTicksMin;
    const g = state.prevoteGranted;
    if (g !== null && g.epoch === p.epoch && g.to !== from && recent(g.atUptimeTicks)) return false;
  }
  return p.epoch > state.epoch && !promiseActive(state, ctx) && atLeastAsNew(p.logEpoch, p.length, state.logEpoch, state.log.length);
}

export function answerPrevote(state: MkvState, from: string, p: PrevotePayload, grant: boolean, ctx: NodeContext): Step<MkvState> {
  const reply: PrevoteReplyPayload = { epoch: p.epoch, granted: grant, knownEpoch: Math.max(state.epoch, state.votedEpoch) };
  const effects: Effect[] = [{ kind: "send", to: from, type: "prevote-reply", payload: reply }];
  if (!grant) return { state, effects };
  // Having encouraged someone, stand back for a full timeout instead of competing with it.
  if (state.status === "follower") effects.push(armElectionTimer(ctx));
  return { state: { ...state, prevoteGranted: { epoch: p.epoch, to: from, atUptimeTicks: ctx.uptimeTicks } }, effects };
}

/** Count a pre-vote; true when a majority would vote for this candidacy. */
export function recordPrevote(state: MkvState, from: string, p: PrevoteReplyPayload, ctx: NodeContext): { state: MkvState; ready: boolean } {
  if (!state.probeRepliers.includes(from)) state = { ...state, probeRepliers: [...state.probeRepliers, from] };
  // A refusal from a node in a later epoch: catch up, so the next probe asks for a winnable one.
  if (!p.granted && p.knownEpoch > state.epoch && state.status !== "leader") return { state: { ...state, epoch: p.knownEpoch }, ready: false };
  if (!p.granted || p.epoch !== state.candidateEpoch || state.status === "leader" || state.prevotes.includes(from)) return { state, ready: false };
  const prevotes = [...state.prevotes, from];
  const g = state.prevoteGranted;
  const backedOther = g !== null && g.epoch === p.epoch && g.to !== ctx.self && ctx.uptimeTicks - g.atUptimeTicks < optionsOf(ctx).retryElectionTicksMin;
  return { state: { ...state, prevotes }, ready: isMajority(prevotes, peersOf(ctx)) && !backedOther && state.status === "follower" };
}

/** Raise the epoch, vote for yourself (durably) and ask everyone for their vote. */
export function startElection(state: MkvState, ctx: NodeContext): Step<MkvState> {
  const epoch = Math.max(state.candidateEpoch, state.epoch + 1, state.votedEpoch + 1);
  const effects: Effect[] = [{ kind: "note", name: "vote", data: { epoch, for: ctx.self } }];
  const payload: VoteRequestPayload = { epoch };
  for (const to of peersOf(ctx)) if (to !== ctx.self) effects.push({ kind: "send", to, type: "vote-request", payload });
  effects.push(armRetryTimer(ctx), { kind: "set-timer", name: "ask-again", delayTicks: ASK_AGAIN_TICKS });
  const next: MkvState = {
    ...state,
    epoch,
    votedEpoch: epoch,
    votedFor: ctx.self,
    status: "candidate",
    candidateEpoch: epoch,
    candidateTries: 0,
    votes: [{ from: ctx.self, log: state.log, logEpoch: state.logEpoch }],
  };
  return { state: next, effects };
}

/** The vote rule: one vote per epoch, and never while promised to a live leader. */
export function voteGrant(state: MkvState, p: VoteRequestPayload, ctx: NodeContext, from?: string): boolean {
  // Asked again by the candidate already voted for (its copy of the answer was lost): same answer.
  if (from !== undefined && p.epoch === state.votedEpoch && state.votedFor === from && state.status !== "leader") return true;
  return p.epoch > state.votedEpoch && p.epoch >= state.epoch && !promiseActive(state, ctx);
}

/** The election timer: a leader ignores it; anyone else probes for the next epoch. */
export function electionTimeout(state: MkvState, ctx: NodeContext): Step<MkvState> {
  return state.status === "leader" ? { state, effects: [] } : probeElection(state, ctx);
}

/** A round trip later: ask the silent peers once more (their answer, or our question, may be lost). */
export function askAgain(state: MkvState, ctx: NodeContext): Step<MkvState> {
  if (state.candidateTries >= ASK_AGAIN_MAX || state.status === "leader") return { state, effects: [] };
  const candidate = state.status === "candidate";
  if (!candidate && !state.prevotes.includes(ctx.self)) return { state, effects: [] };
  const answered = candidate ? state.votes.map((v) => v.from) : state.prevotes;
  const effects: Effect[] = [];
  for (const to of peersOf(ctx)) {
    if (to === ctx.self || answered.includes(to)) continue;
    if (candidate) effects.push({ kind: "send", to, type: "vote-request", payload: { epoch: state.candidateEpoch } satisfies VoteRequestPayload });
    else effects.push({ kind: "send", to, type: "prevote", payload: { epoch: state.candidateEpoch, logEpoch: state.logEpoch, length: state.log.length } satisfies PrevotePayload });
  }
  effects.push({ kind: "set-timer", name: "ask-again", delayTicks: ASK_AGAIN_TICKS });
  return { state: { ...state, candidateTries: state.candidateTries + 1 }, effects };
}

export function answerVote(state: MkvState, from: string, p: VoteRequestPayload, grant: boolean, ctx: NodeContext): Step<MkvState> {
  const effects: Effect[] = [];
  let next = state;
  if (grant) {
    next = stepDown({ ...state, votedEpoch: p.epoch, votedFor: from }, p.epoch, effects, ctx);
    effects.push({ kind: "note", name: "vote", data: { epoch: p.epoch, for: from } });
  }
  const reply: VotePayload = { epoch: p.epoch, granted: grant, log: next.log, logEpoch: next.logEpoch, knownEpoch: next.epoch };
  effects.push({ kind: "send", to: from, type: "vote", payload: reply });
  return { state: next, effects };
}

/** Count a vote; a majority makes this node the leader of the epoch. */
export function recordVote(state: MkvState, from: string, p: VotePayload, ctx: NodeContext): Step<MkvState> {
  const effects: Effect[] = [];
  if (!p.granted) {
    const next = p.knownEpoch > state.epoch ? stepDown(state, p.knownEpoch, effects, ctx) : state;
    return { state: next, effects };
  }
  if (state.status !== "candidate" || p.epoch !== state.candidateEpoch || state.votes.some((v) => v.from === from)) return { state, effects };
  const votes = [...state.votes, { from, log: p.log, logEpoch: p.logEpoch }];
  const next = { ...state, votes };
  if (!isMajority(votes.map((v) => v.from), peersOf(ctx))) return { state: next, effects };
  return becomeLeader(next, ctx);
}

/** The newest copy among the voters: every sale a majority confirmed is in it (majorities overlap). */
function bestLog(votes: readonly { log: Sale[]; logEpoch: number }[]): Sale[] {
  let best = votes[0]!;
  for (const v of votes) if (!atLeastAsNew(best.logEpoch, best.log.length, v.logEpoch, v.log.length)) best = v;
  return best.log;
}

function becomeLeader(state: MkvState, ctx: NodeContext): Step<MkvState> {
  const effects: Effect[] = [{ kind: "note", name: "leader", data: { epoch: state.epoch } }, { kind: "cancel-timer", name: "election" }];
  let next = withLog(state, bestLog(state.votes), state.epoch, effects);
  next = {
    ...next,
    status: "leader",
    leaderId: ctx.self,
    match: {},
    rounds: [],
    leaseUntilUptimeTicks: 0,
    leaderSinceUptimeTicks: ctx.uptimeTicks,
    commitLength: 0,
    paid: [],
    announced: [],
    backlog: [],
  };
  // Whether the old epochs' sales were paid is unknown here: charge them all again (the ledger
  // is idempotent by reservation id), under this epoch's token.
  const charged = chargeAll(next, ctx);
  const round = sendRound(charged.state, ctx);
  return { state: round.state, effects: [...effects, ...charged.effects, ...round.effects] };
}
