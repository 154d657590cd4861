/**
 * Selling seats. A buyer's reservation waits at the node it arrived at (durably) until the
 * leader's word comes back; that node forwards it to the leader it trusts, queues it ("reservation
 * pending") when it knows no live leader, and replays it when a leader appears (idempotent by
 * reservation id). Only the leader appends sales, only under a valid lease, and it says "sold"
 * only once 3 of 5 hold the sale and the ledger has taken the payment.
 */
import type { Effect, NodeContext, Step } from "../../sim/protocol.js";
import { chargeSeat } from "./charges.js";
import { seatOf, withLog } from "./log.js";
import { leaseValid, sendRound } from "./replication.js";
import type { MkvState, ReservePayload, SoldPayload } from "./state.js";
import { optionsOf } from "./state.js";
import { MKV_NOTES } from "./notes.js";

export function leaderFresh(state: MkvState, ctx: NodeContext): boolean {
  const heard = state.heardLeaderUptimeTicks;
  return state.leaderId !== null && state.leaderId !== ctx.self && heard !== null && ctx.uptimeTicks - heard < optionsOf(ctx).promiseTicks;
}

export function admitReservation(state: MkvState, resId: string, ctx: NodeContext): Step<MkvState> {
  if (state.reservations.some((r) => r.resId === resId)) return { state, effects: [] };
  return {
    state: { ...state, reservations: [...state.reservations, { resId, queued: false }] },
    effects: [{ kind: "set-timer", name: "retry", delayTicks: optionsOf(ctx).retryTicks }],
  };
}

export function forward(state: MkvState, resId: string, to: string, ctx: NodeContext): Effect {
  const payload: ReservePayload = { resId, origin: ctx.self };
  return { kind: "send", to, type: "reserve", payload };
}

/** Tell the buyer "reservation pending" (once): no leader can take it now; it is kept on disk. */
export function queueReservation(state: MkvState, resId: string): Step<MkvState> {
  const r = state.reservations.find((x) => x.resId === resId);
  if (!r || r.queued) return { state, effects: [] };
  return {
    state: { ...state, reservations: state.reservations.map((x) => (x.resId === resId ? { ...x, queued: true } : x)) },
    effects: [MKV_NOTES.write("queued", { resId })],
  };
}

/** Where a waiting reservation goes now: sell it (leader with lease), forward it, or queue it. */
export function routeReservation(state: MkvState, resId: string, ctx: NodeContext): Step<MkvState> {
  if (leaseValid(state, ctx)) return sell(state, resId, ctx.self, ctx);
  // A leader still waiting for its first lease keeps it: it sells as soon as the lease comes.
  if (state.status === "leader") return { state, effects: [] };
  if (leaderFresh(state, ctx)) return { state, effects: [forward(state, resId, state.leaderId!, ctx)] };
  return queueReservation(state, resId);
}

/** Catch-up and queue replay: route every waiting reservation again. */
export function routeAll(state: MkvState, ctx: NodeContext, route = routeReservation): Step<MkvState> {
  let next = state;
  const effects: Effect[] = [];
  for (const r of state.reservations) {
    const step = route(next, r.resId, ctx);
    next = step.state;
    effects.push(...step.effects);
  }
  if (next.reservations.length > 0) effects.push({ kind: "set-timer", name: "retry", delayTicks: optionsOf(ctx).retryTicks });
  return { state: next, effects };
}

function soldOutReply(resId: string, origin: string, state: MkvState, ctx: NodeContext): Step<MkvState> {
  const payload: SoldPayload = { resId, seat: 0, epoch: state.epoch, soldOut: true };
  return origin === ctx.self ? deliverSold(state, payload) : { state, effects: [{ kind: "send", to: origin, type: "sold", payload }] };
}

/** Leader: append the sale, charge it under this epoch's token, replicate at once. */
export function sell(state: MkvState, resId: string, origin: string, ctx: NodeContext): Step<MkvState> {
  const seat = seatOf(state.log, resId);
  if (seat > 0) return state.announced.includes(resId) ? announceSale(state, seat, ctx, true) : { state, effects: [] };
  if (state.log.length >= optionsOf(ctx).seats) return soldOutReply(resId, origin, state, ctx);
  const effects: Effect[] = [];
  let next = withLog(state, [...state.log, { resId, origin, epoch: state.epoch }], state.epoch, effects);
  const charged = chargeSeat(next, next.log.length, ctx);
  const round = sendRound(charged.state, ctx);
  next = round.state;
  return { state: next, effects: [...effects, ...charged.effects, ...round.effects] };
}

export function onReserve(state: MkvState, p: ReservePayload, ctx: NodeContext): Step<MkvState> {
  if (state.status !== "leader") return { state, effects: [] };
  const seat = seatOf(state.log, p.resId);
  if (seat > 0) return state.announced.includes(p.resId) ? announceSale(state, seat, ctx, true) : { state, effects: [] };
  if (leaseValid(state, ctx)) return sell(state, p.resId, p.origin, ctx);
  const backlog = state.backlog.some((b) => b.resId === p.resId) ? state.backlog : [...state.backlog, p];
  return { state: { ...state, backlog }, effects: [] };
}

/** The lease just arrived: sell what waited for it (this node's buyers and forwarded ones). */
export function sellWaiting(state: MkvState, ctx: NodeContext): Step<MkvState> {
  let next: MkvState = { ...state, backlog: [] };
  const effects: Effect[] = [];
  for (const p of state.backlog) {
    const step = sell(next, p.resId, p.origin, ctx);
    next = step.state;
    effects.push(...step.effects);
  }
  const own = routeAll(next, ctx);
  return { state: own.state, effects: [...effects, ...own.effects] };
}

/** May the leader say "sold" for this seat? Held by a majority in its epoch, and paid. */
export function saleReady(state: MkvState, seat: number): boolean {
  const sale = state.log[seat - 1];
  return state.status === "leader" && !!sale && seat <= state.commitLength && state.paid.includes(sale.resId);
}

/** Say "sold": recorded as the leader's decision, then told to the node holding the buyer. */
export function announceSale(state: MkvState, seat: number, ctx: NodeContext, again = false): Step<MkvState> {
  const sale = state.log[seat - 1]!;
  const payload: SoldPayload = { resId: sale.resId, seat, epoch: state.epoch, soldOut: false };
  const effects: Effect[] = again ? [] : [MKV_NOTES.write("sale-acked", { resId: sale.resId, seat, epoch: state.epoch })];
  const next = again ? state : { ...state, announced: [...state.announced, sale.resId] };
  if (sale.origin !== ctx.self) return { state: next, effects: [...effects, { kind: "send", to: sale.origin, type: "sold", payload }] };
  const local = deliverSold(next, payload);
  return { state: local.state, effects: [...effects, ...local.effects] };
}

export function announceReady(state: MkvState, ctx: NodeContext): Step<MkvState> {
  let next = state;
  const effects: Effect[] = [];
  for (let seat = 1; seat <= state.log.length; seat++) {
    if (!saleReady(next, seat) || next.announced.includes(next.log[seat - 1]!.resId)) continue;
    const step = announceSale(next, seat, ctx);
    next = step.state;
    effects.push(...step.effects);
  }
  return { state: next, effects };
}

/** Origin: the leader's word reached the node holding the buyer: answer the buyer. */
export function deliverSold(state: MkvState, p: SoldPayload): Step<MkvState> {
  const r = state.reservations.find((x) => x.resId === p.resId);
  if (!r) return { state, effects: [] };
  const effects: Effect[] = [
    p.soldOut
      ? { kind: "respond", requestId: p.resId, ok: false, status: "sold-out" }
      : { kind: "respond", requestId: p.resId, ok: true, status: "sold", result: { seat: p.seat, epoch: p.epoch } },
  ];
  if (r.queued) effects.push(MKV_NOTES.write("resolved", { resId: p.resId, ok: !p.soldOut, seat: p.seat }));
  return { state: { ...state, reservations: state.reservations.filter((x) => x.resId !== p.resId) }, effects };
}

/** A seat-map read: the leader with a lease answers fresh; anyone else labels its copy's age. */
export function serveMap(state: MkvState, requestId: string, ctx: NodeContext): Effect {
  const fresh = leaseValid(state, ctx);
  const heard = state.heardLeaderUptimeTicks;
  const ageTicks = fresh ? 0 : heard === null ? ctx.uptimeTicks : ctx.uptimeTicks - heard;
  return { kind: "respond", requestId, ok: true, status: fresh ? "fresh" : "stale", result: { sold: state.commitLength, ageTicks } };
}

/** The "minority-acks" mistake: no leader reachable, so sell from your own copy and say yes. */
export function sellAlone(state: MkvState, resId: string, ctx: NodeContext): Step<MkvState> {
  const effects: Effect[] = [];
  let seat = seatOf(state.log, resId);
  let next = state;
  if (seat === 0) {
    next = withLog(state, [...state.log, { resId, origin: ctx.self, epoch: state.epoch }], state.logEpoch, effects);
    seat = next.log.length;
  }
  effects.push(MKV_NOTES.write("sale-acked", { resId, seat, epoch: state.epoch }));
  const sold = deliverSold(next, { resId, seat, epoch: state.epoch, soldOut: false });
  return { state: sold.state, effects: [...effects, ...sold.effects] };
}
