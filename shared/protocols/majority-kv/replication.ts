/**
 * Replication, lease and commit. Every round the leader sends its whole seat map (at most a few
 * dozen sales): a heartbeat, a replication and a lease request at once. A follower that accepts
 * it renews its promise and answers with how much it holds. A round acknowledged by a majority
 * extends the lease to (send time + leaseTicks) on the leader's monotonic clock; a sale is
 * confirmed once a majority holds it in the leader's epoch.
 */
import { isMajority, majorityOf } from "../../base/quorum.js";
import type { Effect, NodeContext, Step } from "../../sim/protocol.js";
import { armElectionTimer, stepDown } from "./election.js";
import { atLeastAsNew, withLog } from "./log.js";
import { announceReady, sellWaiting } from "./sales.js";
import type { AckPayload, MkvState, ReplicatePayload } from "./state.js";
import { optionsOf, peersOf } from "./state.js";
import { MKV_NOTES } from "./notes.js";

const ROUNDS_KEPT = 8;

export function leaseValid(state: MkvState, ctx: NodeContext): boolean {
  return state.status === "leader" && ctx.uptimeTicks < state.leaseUntilUptimeTicks;
}

/** Send the seat map to every follower as a numbered round, and re-arm the heartbeat. */
export function sendRound(state: MkvState, ctx: NodeContext): Step<MkvState> {
  const round = state.round + 1;
  const payload: ReplicatePayload = { epoch: state.epoch, round, log: state.log, commitLength: state.commitLength };
  const effects: Effect[] = peersOf(ctx)
    .filter((p) => p !== ctx.self)
    .map((to) => ({ kind: "send", to, type: "replicate", payload }));
  effects.push({ kind: "set-timer", name: "heartbeat", delayTicks: optionsOf(ctx).heartbeatTicks });
  const rounds = [...state.rounds, { round, sentUptimeTicks: ctx.uptimeTicks, acks: [ctx.self] }].slice(-ROUNDS_KEPT);
  return { state: { ...state, round, rounds }, effects };
}

/**
 * The heartbeat: a round, unless no majority has confirmed anything for a whole extra lease
 * period plus two more heartbeats: then this leader is probably the cut-off one, and it steps
 * down so the others stop hearing a leader that cannot hear them (the one-way cut). (The two
 * heartbeats keep a couple of unlucky lost messages from deposing a healthy new leader.) It
 * stops selling much earlier, the moment its lease runs out.
 */
export function heartbeat(state: MkvState, ctx: NodeContext): Step<MkvState> {
  if (state.status !== "leader") return { state, effects: [] };
  const { leaseTicks, heartbeatTicks } = optionsOf(ctx);
  const lastHope = Math.max(state.leaseUntilUptimeTicks, state.leaderSinceUptimeTicks + leaseTicks) + leaseTicks + 2 * heartbeatTicks;
  if (ctx.uptimeTicks >= lastHope) {
    const effects: Effect[] = [];
    return { state: stepDown(state, state.epoch, effects, ctx), effects };
  }
  return sendRound(state, ctx);
}

/** May this node follow that round? Not if it voted in a later epoch or knows a later leader. */
export function replicaAcceptable(state: MkvState, p: ReplicatePayload): boolean {
  return p.epoch >= state.votedEpoch && p.epoch >= state.epoch;
}

/** Follower: adopt the leader's copy (newer epoch, or longer in the same epoch) and confirm. */
export function acceptReplica(state: MkvState, from: string, p: ReplicatePayload, ctx: NodeContext): Step<MkvState> & { newLeader: boolean } {
  const effects: Effect[] = [];
  if (!replicaAcceptable(state, p)) {
    const nack: AckPayload = { epoch: p.epoch, round: p.round, length: 0, ok: false, knownEpoch: Math.max(state.epoch, state.votedEpoch) };
    return { state, effects: [{ kind: "send", to: from, type: "ack", payload: nack }], newLeader: false };
  }
  let next = state.status === "follower" ? { ...state, epoch: p.epoch } : stepDown(state, p.epoch, effects, ctx);
  const newLeader = next.leaderId !== from || state.heardLeaderUptimeTicks === null || ctx.uptimeTicks - state.heardLeaderUptimeTicks >= optionsOf(ctx).promiseTicks;
  if (p.epoch > next.logEpoch || atLeastAsNew(p.epoch, p.log.length, next.logEpoch, next.log.length)) next = withLog(next, p.log, p.epoch, effects);
  next = { ...next, leaderId: from, heardLeaderUptimeTicks: ctx.uptimeTicks, commitLength: Math.min(next.log.length, Math.max(next.commitLength, p.commitLength)) };
  effects.push(armElectionTimer(ctx));
  const ack: AckPayload = { epoch: p.epoch, round: p.round, length: next.log.length, ok: true, knownEpoch: next.epoch };
  effects.push({ kind: "send", to: from, type: "ack", payload: ack });
  return { state: next, effects, newLeader };
}

/** The longest prefix a majority (leader included) holds in this epoch. */
function committedLength(state: MkvState, ctx: NodeContext): number {
  const peers = peersOf(ctx);
  const lengths = peers.map((p) => (p === ctx.self ? state.log.length : Math.min(state.match[p] ?? 0, state.log.length))).sort((a, b) => b - a);
  return Math.max(state.commitLength, lengths[majorityOf(peers.length) - 1] ?? 0);
}

/** Leader: count a confirmation (quorum meter, lease, commit). Announcing is a separate choice. */
export function recordAck(state: MkvState, from: string, p: AckPayload, ctx: NodeContext): Step<MkvState> {
  const effects: Effect[] = [];
  if (!p.ok) return { state: p.knownEpoch > state.epoch ? stepDown(state, p.knownEpoch, effects, ctx) : state, effects };
  if (state.status !== "leader" || p.epoch !== state.epoch) return { state, effects };
  const match = { ...state.match, [from]: Math.max(state.match[from] ?? 0, p.length) };
  let lease = state.leaseUntilUptimeTicks;
  const rounds = state.rounds.map((r) => {
    if (r.round !== p.round || r.acks.includes(from)) return r;
    const acks = [...r.acks, from];
    if (isMajority(acks, peersOf(ctx))) lease = Math.max(lease, r.sentUptimeTicks + optionsOf(ctx).leaseTicks);
    return { ...r, acks };
  });
  let next: MkvState = { ...state, match, rounds, leaseUntilUptimeTicks: lease };
  // What the leader now believes, on its own clock: the lease checker projects it onto true time.
  if (lease > state.leaseUntilUptimeTicks) effects.push(MKV_NOTES.write("lease", { epoch: state.epoch, untilUptimeTicks: lease, uptimeTicks: ctx.uptimeTicks }));
  const commitLength = committedLength(next, ctx);
  if (commitLength > next.commitLength) effects.push(MKV_NOTES.write("commit", { epoch: next.epoch, length: commitLength }));
  next = { ...next, commitLength };
  return { state: next, effects };
}

/** The correct leader's reaction to an ack: count it, then announce whatever became sold. */
export function onAck(state: MkvState, from: string, p: AckPayload, ctx: NodeContext): Step<MkvState> {
  const hadLease = leaseValid(state, ctx);
  const counted = recordAck(state, from, p, ctx);
  const waiting = !hadLease && leaseValid(counted.state, ctx) ? sellWaiting(counted.state, ctx) : { state: counted.state, effects: [] };
  const announced = announceReady(waiting.state, ctx);
  return { state: announced.state, effects: [...counted.effects, ...waiting.effects, ...announced.effects] };
}
