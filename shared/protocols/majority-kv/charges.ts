/**
 * Charges toward the payment ledger. A charge carries the leader's fencing token (its epoch) and
 * is retried with that same token until the ledger answers: like any payment client's retry
 * queue, it does not know whether its leader has since been replaced. The ledger is what fences.
 */
import type { Effect, NodeContext, Step } from "../../sim/protocol.js";
import { announceReady } from "./sales.js";
import { stepDown } from "./election.js";
import type { ChargePayload, ChargeResultPayload, MkvState, PendingCharge } from "./state.js";
import { ledgerOf, optionsOf } from "./state.js";

function sendCharge(ctx: NodeContext, c: PendingCharge): Effect {
  const payload: ChargePayload = { token: c.token, resId: c.resId, seat: c.seat };
  return { kind: "send", to: ledgerOf(ctx), type: "charge", payload };
}

/** Decide and send the charge for the sale at this seat, under this node's current epoch. */
export function chargeSeat(state: MkvState, seat: number, ctx: NodeContext): Step<MkvState> {
  const sale = state.log[seat - 1];
  if (!sale) return { state, effects: [] };
  const charge: PendingCharge = { resId: sale.resId, seat, token: state.epoch };
  const outbox = [...state.outbox.filter((c) => c.resId !== sale.resId), charge];
  return {
    state: { ...state, outbox },
    effects: [sendCharge(ctx, charge), { kind: "set-timer", name: "charge-retry", delayTicks: optionsOf(ctx).chargeRetryTicks }],
  };
}

/** A new leader charges every sale it holds that it has not seen paid (the ledger dedupes). */
export function chargeAll(state: MkvState, ctx: NodeContext): Step<MkvState> {
  let next = state;
  const effects: Effect[] = [];
  state.log.forEach((sale, i) => {
    if (next.paid.includes(sale.resId)) return;
    const step = chargeSeat(next, i + 1, ctx);
    next = step.state;
    effects.push(...step.effects);
  });
  return { state: next, effects };
}

/** Resend everything unanswered, each with the token it was decided under. */
export function retryCharges(state: MkvState, ctx: NodeContext): Step<MkvState> {
  if (state.outbox.length === 0) return { state, effects: [] };
  const effects: Effect[] = state.outbox.map((c) => sendCharge(ctx, c));
  effects.push({ kind: "set-timer", name: "charge-retry", delayTicks: optionsOf(ctx).chargeRetryTicks });
  return { state, effects };
}

/** Bookkeeping on the ledger's answer; a "stale" answer is news that a newer leader exists. */
export function recordChargeResult(state: MkvState, p: ChargeResultPayload, ctx: NodeContext): Step<MkvState> {
  const effects: Effect[] = [];
  if (p.outcome === "stale") {
    const outbox = state.outbox.filter((c) => c.token >= p.highest);
    const next = { ...state, outbox };
    return { state: p.highest > state.epoch ? stepDown(next, p.highest, effects, ctx) : next, effects };
  }
  const outbox = state.outbox.filter((c) => !(c.resId === p.resId && c.token <= p.token));
  const paid = state.paid.includes(p.resId) ? state.paid : [...state.paid, p.resId];
  return { state: { ...state, outbox, paid }, effects };
}

export function onChargeResult(state: MkvState, p: ChargeResultPayload, ctx: NodeContext): Step<MkvState> {
  const recorded = recordChargeResult(state, p, ctx);
  const announced = announceReady(recorded.state, ctx);
  return { state: announced.state, effects: [...recorded.effects, ...announced.effects] };
}
