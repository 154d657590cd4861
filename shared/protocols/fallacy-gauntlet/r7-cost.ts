/**
 * Round 7, "transport cost is zero": S forwards about 60 events to the other team's node. Each
 * message costs 1 coin plus 0.1 coin per event in it. One message per event costs about 66
 * coins; batches of up to 10 (or whatever came in 2 s) cost about 14; one batch at the end is
 * cheapest but the first events wait about 17 s.
 */
import type { Effect } from "../../sim/protocol.js";
import { at, peerWithRole, requestOf, respond, send, step, timerAt, timerOf, type ServiceHandler } from "./common.js";
import { TRAFFIC_TO } from "./schedule.js";
import type { GauntletState } from "./state.js";

export const COIN_TENTHS_PER_MESSAGE = 10;
export const COIN_TENTHS_PER_EVENT = 1;
export const BATCH_MAX = 10;
/** A batch of 10 leaves at the latest this long after its first event (ticks). */
export const BATCH_WAIT_TICKS = 20;
const TIMER = "flush";

/** What one forwarding message costs, in tenths of a coin. */
export const messageCostTenths = (events: number): number => COIN_TENTHS_PER_MESSAGE + COIN_TENTHS_PER_EVENT * events;

function flush(state: GauntletState, ctx: Parameters<ServiceHandler>[2]) {
  if (state.batch.length === 0) return step(state);
  const events = state.batch;
  const effects: Effect[] = [send(peerWithRole(ctx, "team"), "batch", { events }), { kind: "cancel-timer", name: TIMER }, ...events.map((id) => respond(id, true, "ok"))];
  return step({ ...state, batch: [], coinTenths: state.coinTenths + messageCostTenths(events.length) }, effects);
}

export const costService: ServiceHandler = (state, event, ctx, settings) => {
  const request = requestOf(event, "forward");
  if (request) {
    const next = { ...state, batch: [...state.batch, request.id] };
    if (settings.cost === "each" || (settings.cost === "batch-10" && next.batch.length >= BATCH_MAX)) return flush(next, ctx);
    if (state.batch.length > 0) return step(next);
    const wait = settings.cost === "batch-10" ? { kind: "set-timer" as const, name: TIMER, delayTicks: BATCH_WAIT_TICKS } : timerAt(ctx, TIMER, at(ctx, "cost", TRAFFIC_TO + 10));
    return step(next, [wait]);
  }
  if (timerOf(event, TIMER) === null) return null;
  return flush(state, ctx);
};
