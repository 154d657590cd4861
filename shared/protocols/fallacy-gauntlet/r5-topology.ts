/**
 * Round 5, "topology doesn't change": S asks Inventory for stock counts. At 10 s into the round
 * Inventory moves to a new address; messages to the old one vanish without an error. With a
 * fixed address every later request times out; asking Discovery on a timeout finds the new one.
 */
import { at, messageOf, peerWithRole, peersWithRole, requestOf, respond, send, step, timerOf, type BackendHandler, type ServiceHandler } from "./common.js";
import type { GauntletState, StockAsk } from "./state.js";

/** When Inventory moves, after the round's card (ticks). */
export const MOVE_AT = 100;
/** How long S waits for a stock answer before acting on its setting (ticks). */
export const STOCK_TIMEOUT_TICKS = 10;
const TIMER = "stock:";

const ask = (state: GauntletState, a: StockAsk) => [send(a.to, "stock", { id: a.id }), { kind: "set-timer" as const, name: TIMER + a.id, delayTicks: STOCK_TIMEOUT_TICKS }];
const withAsk = (state: GauntletState, a: StockAsk): GauntletState => ({ ...state, stockAsks: [...state.stockAsks.filter((x) => x.id !== a.id), a] });
const without = (state: GauntletState, id: string): GauntletState => ({ ...state, stockAsks: state.stockAsks.filter((x) => x.id !== id) });

export const topologyService: ServiceHandler = (state, event, ctx, settings) => {
  const request = requestOf(event, "stock");
  if (request) {
    const a = { id: request.id, to: state.inventoryAt };
    return step(withAsk(state, a), ask(state, a));
  }
  const reply = messageOf<{ id: string; count: number }>(event, "stock-reply");
  if (reply) {
    if (!state.stockAsks.some((a) => a.id === reply.payload.id)) return step(state);
    return step(without(state, reply.payload.id), [{ kind: "cancel-timer", name: TIMER + reply.payload.id }, respond(reply.payload.id, true, "ok", { count: reply.payload.count })]);
  }
  const where = messageOf<{ inventory: string }>(event, "where-reply");
  if (where) {
    const moved = where.payload.inventory !== state.inventoryAt;
    const next = { ...state, inventoryAt: where.payload.inventory };
    if (!moved) return step(next);
    // Everything still waiting goes to the new address now.
    const asks = next.stockAsks.map((a) => ({ ...a, to: next.inventoryAt }));
    return step({ ...next, stockAsks: asks }, asks.flatMap((a) => ask(next, a)));
  }
  const timedOut = timerOf(event, TIMER);
  if (timedOut === null) return null;
  const a = state.stockAsks.find((x) => x.id === timedOut);
  if (!a) return step(state);
  if (settings.topology === "fixed") return step(without(state, a.id), [respond(a.id, false, "timeout")]);
  return step(state, [send(peerWithRole(ctx, "discovery"), "where", {}), ...ask(state, { ...a, to: state.inventoryAt })]);
};

/** Inventory (at either address) answers stock counts at once. */
export const topologyInventory: BackendHandler = (state, event) => {
  const msg = messageOf<{ id: string }>(event, "stock");
  if (!msg) return null;
  const n = Number(msg.payload.id.replace(/\D+/g, "")) || 0;
  return step(state, [send(msg.from, "stock-reply", { id: msg.payload.id, count: (n * 7) % 23 })]);
};

/** Discovery knows where Inventory is: the first address until the move, the second after. */
export const topologyDiscovery: BackendHandler = (state, event, ctx) => {
  const msg = messageOf<unknown>(event, "where");
  if (!msg) return null;
  const [before, after] = peersWithRole(ctx, "inventory");
  const moved = ctx.wallTicks >= at(ctx, "topology", MOVE_AT);
  return step(state, [send(msg.from, "where-reply", { inventory: moved ? (after ?? before) : before })]);
};
