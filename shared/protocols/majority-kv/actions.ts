/**
 * What a player can do in "Survive a Partition". Each action calls the same helper the correct
 * bot calls; Guided mode refuses the moves that break the chapter's rules (say yes without a
 * majority, sell without a lease, vote twice, accept a stale token), Free mode lets them happen.
 */
import { choice, message, request, toggle, type CardEvent, type ChoiceOption } from "../../sim/action-params.js";
import { defineAction, type NodeContext, type PlayerAction, type Step } from "../../sim/protocol.js";
import { chargeGroup, replicaGroup, saleGroup, voteGroup } from "./card-facts.js";
import { chargeSeat } from "./charges.js";
import { answerPrevote, answerVote, prevoteGrant, probeElection, promiseActive, startElection, voteGrant } from "./election.js";
import { acceptCharge, isStaleToken, rejectCharge } from "./ledger.js";
import { seatOf } from "./log.js";
import { isMajority, majorityOf } from "../../base/quorum.js";
import { acceptReplica, leaseValid, sendRound } from "./replication.js";
import { announceSale, forward, leaderFresh, queueReservation, routeAll, saleReady, sell, sellAlone, serveMap } from "./sales.js";
import type { ChargePayload, MkvState, PrevotePayload, ReceivedMessage, ReplicatePayload, ReservePayload, VoteRequestPayload } from "./state.js";
import { peersOf } from "./state.js";

/** "3 of 5": how many of the node's role must hold a sale before anyone says sold. */
function replicaMajority(ctx: Pick<NodeContext, "role" | "nodes">): string {
  const replicas = ctx.nodes.filter((n) => n.role === ctx.role).length;
  return `${majorityOf(replicas)} of ${replicas}`;
}

const action = defineAction<MkvState>();
/** Every button about one reservation sits under that reservation's facts. */
const onSale = (s: MkvState, p: { resId: string }, ctx: NodeContext) => saleGroup(s, p.resId, ctx);
const PEER = ["peer"];
const LEDGER = ["ledger"];

/**
 * A reservation by id: the buyer's own (waiting at this node), one forwarded to it, or one with a
 * seat in its copy. Each action's `possible` says which of these it needs, in its own words.
 */
function reservationIds(raw: Record<string, unknown>): ChoiceOption[] {
  const s = raw as unknown as MkvState;
  const ids = new Set<string>();
  for (const r of s.reservations) ids.add(r.resId);
  for (const r of s.received) if (r.type === "reserve") ids.add((r.payload as unknown as ReservePayload).resId);
  for (const seat of s.log) ids.add(seat.resId);
  return [...ids].map((id) => ({ value: id, label: id }));
}

/** The reservation a card is about: a buyer's request card, or a forwarded `reserve` message. */
function reservationOfCard(c: CardEvent, raw: Record<string, unknown>): string | null {
  const s = raw as unknown as MkvState;
  if (c.kind === "request") return s.reads.includes(c.requestId) ? null : c.requestId;
  if (c.kind === "message" && c.type === "reserve") {
    const resId = (c.payload as { resId?: unknown } | null)?.resId;
    return typeof resId === "string" ? resId : null;
  }
  return null;
}

const reservation = { resId: choice((s) => reservationIds(s), { fromCard: reservationOfCard }) } as const;
const voteCard = { msg: message(["prevote", "vote-request"], { wire: "msgId" }) } as const;
const replicaCard = { msg: message(["replicate"], { wire: "msgId" }) } as const;
const chargeCard = { msg: message(["charge"], { wire: "msgId" }) } as const;

const card = (s: MkvState, msgId: number, types: readonly string[]): ReceivedMessage | undefined => s.received.find((r) => r.msgId === msgId && types.includes(r.type));
const waiting = (s: MkvState, resId: string) => s.reservations.find((r) => r.resId === resId);
const noCard = (msgId: number, what: string) => `Message ${msgId} is not a ${what} in your inbox.`;
const noRes = (resId: string) => `There is no reservation ${resId} waiting at your node.`;

/** Where a reservation the leader may sell came from: its own buyer, or a forwarded one. */
function originOf(s: MkvState, resId: string, ctx: NodeContext): string | null {
  if (waiting(s, resId)) return ctx.self;
  const fwd = s.received.find((r) => r.type === "reserve" && (r.payload as unknown as ReservePayload).resId === resId);
  return fwd ? (fwd.payload as unknown as ReservePayload).origin : null;
}

const leaseLeftTicks = (s: MkvState, ctx: NodeContext): number => (s.status === "leader" ? s.leaseUntilUptimeTicks - ctx.uptimeTicks : 0);

const peerActions = {
  forward: action({
    summary: "Forward a buyer's reservation to the leader you follow.",
    rule: "Only the leader sells; forward to a leader you have heard from within your promise window.",
    roles: PEER,
    params: reservation,
    look: { label: "Forward to the leader", key: "f", labelOf: (s) => `Forward to ${s.leaderId ?? "the leader"}`, groupOf: onSale },
    possible: (s, p, ctx) => (!waiting(s, p.resId) ? noRes(p.resId) : !s.leaderId || s.leaderId === ctx.self ? "You know of no other leader to forward to." : null),
    check: (s, _p, ctx) => (leaderFresh(s, ctx) ? null : "Your leader has been silent longer than your promise: it may be cut off. Queue the reservation instead."),
    apply: (s, p, ctx) => ({ state: s, effects: [forward(s, p.resId, s.leaderId!, ctx)] }),
  }),
  queue: action({
    summary: 'Tell the buyer "reservation pending": kept on disk, answered after the network heals.',
    rule: "Cut off from a majority you cannot say yes; queue instead, and replay it later (idempotent by reservation id).",
    roles: PEER,
    params: reservation,
    look: { label: "Queue (pending)", key: "q", groupOf: onSale },
    possible: (s, p) => (waiting(s, p.resId) ? null : noRes(p.resId)),
    apply: (s, p) => queueReservation(s, p.resId),
  }),
  refuse: action({
    summary: 'Tell the buyer "try later" and forget the reservation.',
    rule: "Refusing is always safe; it only costs a sale.",
    roles: PEER,
    params: reservation,
    look: { label: "Refuse (try later)", key: "r", groupOf: onSale },
    possible: (s, p) => (waiting(s, p.resId) ? null : noRes(p.resId)),
    apply: (s, p) => ({
      state: { ...s, reservations: s.reservations.filter((r) => r.resId !== p.resId) },
      effects: [{ kind: "respond", requestId: p.resId, ok: false, status: "try-later" }],
    }),
  }),
  serveStale: action({
    summary: "Answer a seat-map read from your copy, labelled with its age.",
    rule: "A stale read is fine for a seat map if it says how old it is.",
    roles: PEER,
    params: { req: request({ wire: "requestId" }) },
    look: {
      label: "Serve map",
      key: "m",
      labelOf: (s, _p, ctx) => {
        if (leaseLeftTicks(s, ctx) > 0) return "Serve map (fresh: you hold the lease)";
        const ageTicks = s.heardLeaderUptimeTicks === null ? ctx.uptimeTicks : ctx.uptimeTicks - s.heardLeaderUptimeTicks;
        return `Serve stale map (${(Math.max(0, ageTicks) / 10).toFixed(1)} s old)`;
      },
    },
    possible: (s, p) => (s.reads.includes(p.req.requestId) ? null : `There is no seat-map read ${p.req.requestId} waiting.`),
    apply: (s, p, ctx) => ({ state: { ...s, reads: s.reads.filter((r) => r !== p.req.requestId) }, effects: [serveMap(s, p.req.requestId, ctx)] }),
  }),
  sell: action({
    summary: "As leader: give the reservation the next seat, charge it with your token, replicate.",
    rule: "Only a leader holding a valid lease may sell: while it runs, no other leader can have been elected yet (as long as clock drift stays bounded).",
    roles: PEER,
    params: reservation,
    look: { label: "Sell: append a seat", key: "s", groupOf: onSale },
    possible: (s, p, ctx) => (s.status !== "leader" ? "Only the leader appends to the seat map." : originOf(s, p.resId, ctx) ? null : `You have no reservation ${p.resId} (yours or forwarded).`),
    check: (s, _p, ctx) => (leaseValid(s, ctx) ? null : "Your lease has run out (or was never granted): replicate until a majority confirms a round, or step aside."),
    apply: (s, p, ctx) => sell(s, p.resId, originOf(s, p.resId, ctx)!, ctx),
  }),
  charge: action({
    summary: "As leader: charge the buyer of a sold seat at the ledger, with your fencing token.",
    rule: "Charge only under a valid lease; the token (your epoch) lets the ledger refuse you once it has seen a newer leader's token.",
    roles: PEER,
    params: reservation,
    look: { label: "Charge ledger", key: "t", labelOf: (s) => `Charge ledger (token ${s.epoch})`, groupOf: onSale },
    possible: (s, p) => (seatOf(s.log, p.resId) > 0 ? null : `${p.resId} has no seat in your copy.`),
    check: (s, _p, ctx) => (leaseValid(s, ctx) ? null : "Without a valid lease you may not be the leader any more: do not charge."),
    apply: (s, p, ctx) => chargeSeat(s, seatOf(s.log, p.resId), ctx),
  }),
  ackSale: action({
    summary: 'Tell the buyer "sold" (as leader: announce the sale to the node holding the buyer).',
    rule: "Say yes only after 3 of 5 hold the sale in your epoch and the ledger took the payment: only a majority may say yes.",
    roles: PEER,
    params: reservation,
    look: { label: "Acknowledge sale", key: "y", labelOf: (_s, _p, ctx) => `Acknowledge sale (needs ${replicaMajority(ctx)} + paid)`, groupOf: onSale },
    possible: (s, p) => (seatOf(s.log, p.resId) > 0 || waiting(s, p.resId) ? null : `You know nothing of ${p.resId}.`),
    check: (s, p) => {
      const seat = seatOf(s.log, p.resId);
      if (s.status !== "leader") return "Only the leader may say sold; forward or queue the reservation instead.";
      if (seat === 0 || seat > s.commitLength) return `Seat for ${p.resId} is not held by 3 of 5 in your epoch yet.`;
      return saleReady(s, seat) ? null : `The ledger has not confirmed the payment for ${p.resId} yet.`;
    },
    apply: (s, p, ctx) => {
      const seat = seatOf(s.log, p.resId);
      return seat > 0 && saleReady(s, seat) ? announceSale(s, seat, ctx) : sellAlone(s, p.resId, ctx);
    },
  }),
  replicate: action({
    summary: "As leader: send your seat map to everyone (a heartbeat; a majority of acks renews your lease).",
    rule: "Replicate often: your lease lasts only from a round a majority confirmed.",
    roles: PEER,
    params: {},
    settles: ["heartbeat"],
    look: { label: "Replicate", key: "h", bar: { key: "h" } },
    possible: (s) => (s.status === "leader" ? null : "Only the leader replicates."),
    apply: (s, _p, ctx) => sendRound(s, ctx),
  }),
  requestLease: action({
    summary: "As leader: ask for the lease (a replication round; a majority of acks grants it).",
    rule: "A lease is granted by a majority confirming a round, and lasts a fixed time on your own monotonic clock.",
    roles: PEER,
    params: {},
    settles: ["heartbeat"],
    look: { label: "Request lease", key: "l", bar: { key: "l" } },
    possible: (s) => (s.status === "leader" ? null : "Only an elected leader can hold the lease: win an election first."),
    apply: (s, _p, ctx) => sendRound(s, ctx),
  }),
  probeElection: action({
    summary: "Ask everyone whether they would vote for you in the next epoch (changes nothing on disk).",
    rule: "Do not suspect a leader you heard from within your promise window.",
    roles: PEER,
    params: {},
    settles: ["election"],
    look: { label: "Probe (pre-vote)", key: "p", bar: { key: "p" } },
    possible: (s) => (s.status === "leader" ? "You are the leader." : null),
    check: (s, _p, ctx) => (promiseActive(s, ctx) ? "You heard from your leader within your promise window: it is not dead, and you promised not to replace it yet." : null),
    apply: (s, _p, ctx) => probeElection(s, ctx),
  }),
  startElection: action({
    summary: "Raise the epoch, vote for yourself (on disk) and ask everyone for their vote.",
    rule: "Run only after a majority said they would vote for you (pre-vote): a cut-off node must not raise the epoch for nothing.",
    roles: PEER,
    params: {},
    settles: ["election"],
    look: { label: "Start election", key: "e", bar: { key: "e" } },
    possible: (s) => (s.status === "leader" ? "You are the leader." : null),
    check: (s, _p, ctx) => (isMajority(s.prevotes, peersOf(ctx)) && s.candidateEpoch > s.epoch ? null : "A majority has not said it would vote for you: probe first."),
    apply: (s, _p, ctx) => startElection(s, ctx),
  }),
  vote: action({
    summary: "Answer a pre-vote or a vote request: grant or deny.",
    rule: "One vote per epoch, kept on disk; and no vote for anyone while your leader's lease may still run (your promise).",
    roles: PEER,
    params: { ...voteCard, grant: toggle({ labels: ["Grant", "Deny"] }) },
    look: {
      label: "Vote",
      key: "g",
      keyOf: (p) => (p.grant ? "g" : "d"),
      labelOf: (_s, p) => `${p.grant ? "Grant" : "Deny"} ${p.msg.type === "prevote" ? "pre-vote" : "vote"}`,
      groupOf: (s, p, ctx) => voteGroup(s, p.msg, ctx),
    },
    possible: (s, p) => (card(s, p.msg.msgId, ["prevote", "vote-request"]) ? null : noCard(p.msg.msgId, "pre-vote or vote request")),
    check: (s, p, ctx) => {
      const m = card(s, p.msg.msgId, ["prevote", "vote-request"])!;
      if (!p.grant) return null;
      if (promiseActive(s, ctx)) return "You promised your leader not to vote for anyone else yet: its lease may still be running.";
      if (m.type === "vote-request") return voteGrant(s, m.payload as unknown as VoteRequestPayload, ctx) ? null : `You already voted in epoch ${s.votedEpoch}: one vote per epoch.`;
      return prevoteGrant(s, m.payload as unknown as PrevotePayload, ctx) ? null : "That candidate is behind you (older epoch or older seat map).";
    },
    apply: (s, p, ctx) => {
      const m = card(s, p.msg.msgId, ["prevote", "vote-request"])!;
      const vote = m.type === "prevote" ? answerPrevote(s, m.from, m.payload as unknown as PrevotePayload, p.grant, ctx) : answerVote(s, m.from, m.payload as unknown as VoteRequestPayload, p.grant, ctx);
      return { state: { ...vote.state, received: vote.state.received.filter((r) => r.msgId !== p.msg.msgId) }, effects: vote.effects };
    },
  }),
  acceptReplica: action({
    summary: "Take the leader's seat map from a replication round and confirm it.",
    rule: "Follow only a leader of your epoch or later: a round from an older epoch is answered with a refusal.",
    roles: PEER,
    params: replicaCard,
    look: { label: "Accept & confirm", key: "a", groupOf: (s, p) => replicaGroup(s, p.msg) },
    possible: (s, p) => (card(s, p.msg.msgId, ["replicate"]) ? null : noCard(p.msg.msgId, "replication round")),
    apply: (s, p, ctx) => {
      const m = card(s, p.msg.msgId, ["replicate"])!;
      const step = acceptReplica(s, m.from, m.payload as unknown as ReplicatePayload, ctx);
      return { state: { ...step.state, received: step.state.received.filter((r) => r.msgId !== p.msg.msgId) }, effects: step.effects };
    },
  }),
  catchUp: action({
    summary: "Replay every waiting reservation: to the leader you follow, or sell it if you are the leased leader.",
    rule: "Replays are safe because everything is idempotent by reservation id.",
    roles: PEER,
    params: {},
    settles: ["retry"],
    look: { label: "Catch up / replay queue", key: "c", bar: { key: "c" } },
    apply: (s, _p, ctx) => routeAll(s, ctx),
  }),
};

const ledgerActions = {
  acceptCharge: action({
    summary: "Apply a charge (each reservation is charged at most once).",
    rule: "Never apply a token lower than the highest you have seen: it comes from a leader that has been replaced.",
    roles: LEDGER,
    params: chargeCard,
    look: { label: "Apply charge", key: "a", groupOf: (s, p) => chargeGroup(s, p.msg) },
    possible: (s, p) => (card(s, p.msg.msgId, ["charge"]) ? null : noCard(p.msg.msgId, "charge")),
    check: (s, p) => {
      const c = card(s, p.msg.msgId, ["charge"])!.payload as unknown as ChargePayload;
      return isStaleToken(s, c) ? `Token ${c.token} is lower than ${s.highestToken}, the highest you have seen: a zombie leader.` : null;
    },
    apply: (s, p) => {
      const c = card(s, p.msg.msgId, ["charge"])!;
      return dropCard(acceptCharge(s, c.from, c.payload as unknown as ChargePayload), p.msg.msgId);
    },
  }),
  rejectStaleToken: action({
    summary: "Refuse a charge whose token is stale.",
    rule: "Refuse only tokens lower than the highest seen; a current leader's charge must go through.",
    roles: LEDGER,
    params: chargeCard,
    look: { label: "Refuse stale token", key: "x", groupOf: (s, p) => chargeGroup(s, p.msg) },
    possible: (s, p) => (card(s, p.msg.msgId, ["charge"]) ? null : noCard(p.msg.msgId, "charge")),
    check: (s, p) => (isStaleToken(s, card(s, p.msg.msgId, ["charge"])!.payload as unknown as ChargePayload) ? null : "This token is current: refusing it would block a legitimate leader."),
    apply: (s, p) => {
      const c = card(s, p.msg.msgId, ["charge"])!;
      return dropCard(rejectCharge(s, c.from, c.payload as unknown as ChargePayload), p.msg.msgId);
    },
  }),
};

function dropCard(step: Step<MkvState>, msgId: number): Step<MkvState> {
  return { state: { ...step.state, received: step.state.received.filter((r) => r.msgId !== msgId) }, effects: step.effects };
}

export const MKV_ACTIONS: Record<string, PlayerAction<MkvState, any>> = { ...peerActions, ...ledgerActions };
