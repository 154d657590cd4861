/**
 * Round 1, "the network is reliable": S charges each order at Payments. Some replies are lost
 * and some arrive after S's timeout. Waiting forever leaves orders unsettled; a retry without
 * the idempotency key charges twice when only the reply was lost; giving up may tell a charged
 * customer "failed". Retrying with the same key is safe: Payments charges a key once. So is
 * asking Payments for the order's status first and charging again only if it says "not charged"
 * (in this round only replies are lost or late, never a charge request).
 */
import type { Effect } from "../../sim/protocol.js";
import { messageOf, peerWithRole, note, requestOf, respond, send, step, timerOf, type BackendHandler, type ServiceHandler } from "./common.js";
import type { GauntletState, Order } from "./state.js";

/** How long S waits for Payments' reply before it acts on its setting (ticks). */
export const CHARGE_TIMEOUT_TICKS = 15;
const TIMER = "charge:";

export interface ChargePayload {
  order: string;
  key: string | null;
}

const charge = (state: GauntletState, order: Order, keyed: boolean, ctx: Parameters<ServiceHandler>[2]): Effect[] => [
  send(peerWithRole(ctx, "payments"), "charge", { order: order.id, key: keyed ? `order:${order.id}` : null } satisfies ChargePayload),
  { kind: "set-timer", name: TIMER + order.id, delayTicks: CHARGE_TIMEOUT_TICKS },
];

const withOrder = (state: GauntletState, order: Order): GauntletState => ({ ...state, orders: [...state.orders.filter((o) => o.id !== order.id), order] });

export const reliableService: ServiceHandler = (state, event, ctx, settings) => {
  const keyed = settings.reliable === "retry-key";
  const request = requestOf(event, "order");
  if (request) {
    const order: Order = { id: request.id, attempts: 1, settled: false };
    return step(withOrder(state, order), charge(state, order, keyed, ctx));
  }
  const status = messageOf<{ order: string; charged: boolean }>(event, "status-reply");
  if (status) {
    const order = state.orders.find((o) => o.id === status.payload.order);
    if (!order || order.settled) return step(state);
    if (status.payload.charged) return step(withOrder(state, { ...order, settled: true }), [{ kind: "cancel-timer", name: TIMER + order.id }, respond(order.id, true, "ok", { order: order.id })]);
    const again = { ...order, attempts: order.attempts + 1 };
    return step(withOrder(state, again), charge(state, again, keyed, ctx));
  }
  const reply = messageOf<{ order: string }>(event, "charged");
  if (reply) {
    const order = state.orders.find((o) => o.id === reply.payload.order);
    if (!order || order.settled) return step(state);
    return step(withOrder(state, { ...order, settled: true }), [{ kind: "cancel-timer", name: TIMER + order.id }, respond(order.id, true, "ok", { order: order.id })]);
  }
  const timedOut = timerOf(event, TIMER);
  if (timedOut === null) return null;
  const order = state.orders.find((o) => o.id === timedOut);
  if (!order || order.settled) return step(state);
  switch (settings.reliable) {
    case "wait":
      return step(state);
    case "give-up":
      return step(withOrder(state, { ...order, settled: true }), [respond(order.id, false, "failed", { order: order.id })]);
    case "query":
      return step(state, [send(peerWithRole(ctx, "payments"), "status", { order: order.id }), { kind: "set-timer", name: TIMER + order.id, delayTicks: CHARGE_TIMEOUT_TICKS }]);
    default: {
      const again = { ...order, attempts: order.attempts + 1 };
      return step(withOrder(state, again), charge(state, again, keyed, ctx));
    }
  }
};

/** Payments charges every request, except one whose key it has already honoured, and says whether an order is charged. */
export const reliablePayments: BackendHandler = (state, event) => {
  const query = messageOf<{ order: string }>(event, "status");
  if (query) return step(state, [send(query.from, "status-reply", { order: query.payload.order, charged: state.charged.includes(query.payload.order) })]);
  const msg = messageOf<ChargePayload>(event, "charge");
  if (!msg) return null;
  const { order, key } = msg.payload;
  const reply = send(msg.from, "charged", { order });
  if (key !== null && state.keys.includes(key)) return step(state, [note("deduplicated", { order, key }), reply]);
  const next = { ...state, charged: [...state.charged, order], keys: key === null ? state.keys : [...state.keys, key] };
  return step(next, [note("charge", { order, key }), reply]);
};
