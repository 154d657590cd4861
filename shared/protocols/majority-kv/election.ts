/**
 * Leader election for majority-kv, built on quorum.ts: one durable vote per node per epoch, a
 * majority of votes per epoch, and a pre-vote first so a cut-off node never raises the epoch
 * for nothing.
 *
 * SAFETY (the lease): a leader's lease runs leaseTicks from the SEND of a round that a majority
 * acknowledged, on the leader's own monotonic clock. Every follower that acknowledged that round
 * received it at or after that send, and from then on PROMISED not to vote (nor pre-vote) for
 * anyone else for promiseTicks on its own monotonic clock. A new leader needs the votes of a
 * majority, and any two majorities share a node, so the earliest moment a new leader can exist
 * is (receive + promiseTicks) >= (send + promiseTicks) > (send + leaseTicks): the old lease has
 * always run out first, as long as leaseTicks < promiseTicks and clocks do not drift. With a
 * drift bound r on both clocks the condition becomes leaseTicks * (1 + r) < promiseTicks * (1 - r),
 * which the margin promiseTicks - leaseTicks is there to cover; a level whose clocks drift past it
 * (l12's "Clocks drift apart") breaks the lease, and the lease-overlap check shows where. The lease is timed from the send
 * (not from the ack), and the promise from the receipt (not from the send), so message delays
 * only ever make the margin larger. Durations are short so the majority side of a cut can elect
 * quickly; nothing below depends on the level's fault times.
 *
 * LIVENESS (how a split vote is avoided and undone): with three of five nodes on the majority
 * side, a new leader needs ALL three, so two simultaneous candidates would always split. So:
 * - election timeouts are drawn at random (ctx.rng) afresh every time the timer is armed, from a
 *   range starting just past the promise (an earlier probe would only be refused);
 * - a node that says yes to someone's pre-vote, or gives its real vote, stands back: it re-arms a
 *   full random timeout instead of competing;
 * - each probe carries a fresh random ticket: of two probes for the same epoch, the one with the
 *   newer seat map goes ahead (the other could never win that node's vote), then the higher
 *   ticket, then the higher node id; a prober that sees a better-ranked one yields to it at once. A
 *   pre-vote binds nothing (it changes nothing on disk), so saying yes again to a better-ranked
 *   asker is always safe: only the real vote is once per epoch;
 * - a node that refuses a pre-vote only because its own seat map is newer probes at once (it is
 *   the better candidate, and the asker may be unelectable);
 * - silent peers are asked again after ASK_AGAIN_TICKS (a lost message); a probe or candidacy that
 *   still fails (a split that slipped through) is retried after a fresh random retry timeout,
 *   which must exceed ASK_AGAIN_TICKS plus a round trip, with a fresh ticket.
 */
import { isMajority } from "../../base/quorum.js";
import type { Effect, NodeContext, Step } from "../../sim/protocol.js";
import { atLeastAsNew, withLog } from "./log.js";
import { chargeAll } from "./charges.js";
import { sendRound } from "./replication.js";
import type { MkvState, PrevotePayload, PrevoteReplyPayload, Sale, VotePayload, VoteRequestPayload } from "./state.js";
import { optionsOf, peersOf } from "./state.js";
import { MKV_NOTES } from "./notes.js";

/** A round trip and a bit: when a candidate asks the silent peers again, and how often. */
const ASK_AGAIN_TICKS = 15;
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

/** What ranks two probes for the same epoch: the newer seat map first, then the ticket, then the id. */
export interface ProbeRank {
  logEpoch: number;
  length: number;
  ticket: number;
  id: string;
}

/**
 * Does probe a go ahead of probe b? The newer seat map wins outright (the other asker could never
 * get that node's vote anyway); between equally new copies, the higher random ticket, then the id.
 */
export function outranks(a: ProbeRank, b: ProbeRank): boolean {
  if (a.logEpoch !== b.logEpoch || a.length !== b.length) return atLeastAsNew(a.logEpoch, a.length, b.logEpoch, b.length);
  return a.ticket !== b.ticket ? a.ticket > b.ticket : a.id > b.id;
}

function rankOf(p: PrevotePayload, from: string): ProbeRank {
  return { logEpoch: p.logEpoch, length: p.length, ticket: typeof p.ticket === "number" ? p.ticket : 0, id: from };
}

/** Is this node itself probing for that epoch (a probe not yet won, abandoned or given up)? */
function probingFor(state: MkvState, epoch: number, ctx: NodeContext): boolean {
  return state.status === "follower" && state.candidateEpoch === epoch && state.prevotes.includes(ctx.self);
}

/** Still bound by the promise to the current leader (or being the leader)? */
export function promiseActive(state: MkvState, ctx: NodeContext): boolean {
  if (state.status === "leader") return true;
  const heard = state.heardLeaderUptimeTicks;
  return heard !== null && ctx.uptimeTicks - heard < optionsOf(ctx).promiseTicks;
}

export function stepDown(state: MkvState, knownEpoch: number, effects: Effect[], ctx: NodeContext): MkvState {
  if (state.status === "leader") effects.push(MKV_NOTES.write("step-down", { epoch: state.epoch }));
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
  const ticket = ctx.rng.int(1, 1_000_000);
  const payload: PrevotePayload = { epoch, logEpoch: state.logEpoch, length: state.log.length, ticket };
  const effects: Effect[] = peersOf(ctx)
    .filter((p) => p !== ctx.self)
    .map((to) => ({ kind: "send", to, type: "prevote", payload }));
  const retry = armRetryTimer(ctx) as Extract<Effect, { kind: "set-timer" }>;
  effects.push({ ...retry, delayTicks: retry.delayTicks * (1 << silentProbes) });
  if (silentProbes === 0) effects.push({ kind: "set-timer", name: "ask-again", delayTicks: ASK_AGAIN_TICKS });
  // A probe abandons any earlier candidacy that did not win.
  const next: MkvState = { ...state, status: "follower", candidateEpoch: epoch, prevotes: [ctx.self], votes: [], probeUptimeTicks: ctx.uptimeTicks, probeTicket: ticket, candidateTries: 0, probeRepliers: [], silentProbes };
  return { state: next, effects };
}

/**
 * The pre-vote rule: a later epoch, no promise to a live leader, a seat map at least as new. When
 * the asker is known (always, except for Guided mode's check of a human's answer), also the tie
 * rule: say yes to only one asker per epoch at a time, unless a later asker outranks it (a newer
 * seat map, or a higher ticket), and never to an asker that my own probe for that epoch outranks.
 * The record of whom I backed fades after a retry timeout, so a dead candidacy never blocks the next.
 */
export function prevoteGrant(state: MkvState, p: PrevotePayload, ctx: NodeContext, from?: string): boolean {
  const basic = p.epoch > state.epoch && !promiseActive(state, ctx) && atLeastAsNew(p.logEpoch, p.length, state.logEpoch, state.log.length);
  if (!basic || from === undefined) return basic;
  const asker = rankOf(p, from);
  const mine: ProbeRank = { logEpoch: state.logEpoch, length: state.log.length, ticket: state.probeTicket, id: ctx.self };
  if (probingFor(state, p.epoch, ctx) && !outranks(asker, mine)) return false;
  const g = state.prevoteGranted;
  const backing = g !== null && g.epoch === p.epoch && g.rank.id !== from && ctx.uptimeTicks - g.atUptimeTicks < optionsOf(ctx).retryElectionTicksMax;
  return !(backing && !outranks(asker, g.rank));
}

export function answerPrevote(state: MkvState, from: string, p: PrevotePayload, grant: boolean, ctx: NodeContext): Step<MkvState> {
  const reply: PrevoteReplyPayload = { epoch: p.epoch, granted: grant, knownEpoch: Math.max(state.epoch, state.votedEpoch) };
  const effects: Effect[] = [{ kind: "send", to: from, type: "prevote-reply", payload: reply }];
  if (!grant) return { state, effects };
  let next: MkvState = { ...state, prevoteGranted: { epoch: p.epoch, rank: rankOf(p, from), atUptimeTicks: ctx.uptimeTicks } };
  // Having encouraged someone, stand back for a full timeout instead of competing with it: my own
  // probe (outranked) or failed candidacy is abandoned.
  if (state.status !== "leader") {
    effects.push(armElectionTimer(ctx));
    next = { ...next, status: "follower", prevotes: [], votes: [] };
  }
  return { state: next, effects };
}

/**
 * Refusing a pre-vote only because my own seat map is newer tells me two things: somebody wants
 * an election, and I am a better candidate than the asker (its voters may not be able to elect
 * it at all). So I probe at once instead of waiting for my own timeout.
 */
export function shouldProbeInstead(state: MkvState, p: PrevotePayload, ctx: NodeContext): boolean {
  if (state.status !== "follower" || probingFor(state, p.epoch, ctx)) return false;
  return p.epoch > state.epoch && !promiseActive(state, ctx) && !atLeastAsNew(p.logEpoch, p.length, state.logEpoch, state.log.length);
}

/** Count a pre-vote; true when a majority would vote for this (still running) probe. */
export function recordPrevote(state: MkvState, from: string, p: PrevoteReplyPayload, ctx: NodeContext): { state: MkvState; ready: boolean } {
  if (!state.probeRepliers.includes(from)) state = { ...state, probeRepliers: [...state.probeRepliers, from] };
  // A refusal from a node in a later epoch: catch up, so the next probe asks for a winnable one.
  if (!p.granted && p.knownEpoch > state.epoch && state.status !== "leader") return { state: { ...state, epoch: p.knownEpoch }, ready: false };
  if (!p.granted || !probingFor(state, p.epoch, ctx) || state.prevotes.includes(from)) return { state, ready: false };
  const prevotes = [...state.prevotes, from];
  return { state: { ...state, prevotes }, ready: isMajority(prevotes, peersOf(ctx)) };
}

/** Raise the epoch, vote for yourself (durably) and ask everyone for their vote. */
export function startElection(state: MkvState, ctx: NodeContext): Step<MkvState> {
  const epoch = Math.max(state.candidateEpoch, state.epoch + 1, state.votedEpoch + 1);
  const effects: Effect[] = [MKV_NOTES.write("vote", { epoch, for: ctx.self })];
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
    else effects.push({ kind: "send", to, type: "prevote", payload: { epoch: state.candidateEpoch, logEpoch: state.logEpoch, length: state.log.length, ticket: state.probeTicket } satisfies PrevotePayload });
  }
  effects.push({ kind: "set-timer", name: "ask-again", delayTicks: ASK_AGAIN_TICKS });
  return { state: { ...state, candidateTries: state.candidateTries + 1 }, effects };
}

export function answerVote(state: MkvState, from: string, p: VoteRequestPayload, grant: boolean, ctx: NodeContext): Step<MkvState> {
  const effects: Effect[] = [];
  let next = state;
  if (grant) {
    next = stepDown({ ...state, votedEpoch: p.epoch, votedFor: from }, p.epoch, effects, ctx);
    // Having voted, stand back for a full random timeout (stepDown re-arms it for a non-follower).
    if (state.status === "follower") effects.push(armElectionTimer(ctx));
    effects.push(MKV_NOTES.write("vote", { epoch: p.epoch, for: from }));
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
  const effects: Effect[] = [MKV_NOTES.write("leader", { epoch: state.epoch }), { kind: "cancel-timer", name: "election" }];
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
