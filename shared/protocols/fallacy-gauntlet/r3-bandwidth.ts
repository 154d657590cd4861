/**
 * Round 3, "bandwidth is infinite": S answers record requests over an uplink that carries 10
 * units per second, through a queue of 20 units. A full 50-field record is 5 units, a projection
 * of the 3 fields the client needs is 1. Requests come about 3 a second: full records fill the
 * queue faster than it drains, and what no longer fits is dropped.
 */
import { note, requestOf, respond, step, timerOf, type ServiceHandler } from "./common.js";

export const UPLINK_UNITS_PER_TICK = 1;
export const QUEUE_CAPACITY_UNITS = 20;
export const FULL_UNITS = 5;
export const PROJECTION_UNITS = 1;
const TIMER = "sent:";

export const bandwidthService: ServiceHandler = (state, event, ctx, settings) => {
  const request = requestOf(event, "record");
  if (request) {
    const units = settings.bandwidth === "projection" ? PROJECTION_UNITS : FULL_UNITS;
    const now = ctx.uptimeTicks;
    const queued = Math.max(0, state.uplinkFreeAt - now) * UPLINK_UNITS_PER_TICK;
    if (queued + units > QUEUE_CAPACITY_UNITS) {
      return step({ ...state, uplinkDepth: queued }, [note("uplink", { depth: queued, capacity: QUEUE_CAPACITY_UNITS, dropped: request.id }), respond(request.id, false, "dropped")]);
    }
    const freeAt = Math.max(state.uplinkFreeAt, now) + units / UPLINK_UNITS_PER_TICK;
    return step({ ...state, uplinkFreeAt: freeAt, uplinkDepth: queued + units }, [
      note("uplink", { depth: queued + units, capacity: QUEUE_CAPACITY_UNITS }),
      { kind: "set-timer", name: TIMER + request.id, delayTicks: freeAt - now },
    ]);
  }
  const sent = timerOf(event, TIMER);
  if (sent === null) return null;
  const depth = Math.max(0, state.uplinkFreeAt - ctx.uptimeTicks) * UPLINK_UNITS_PER_TICK;
  return step({ ...state, uplinkDepth: depth }, [respond(sent, true, "ok", { fields: settings.bandwidth === "projection" ? 3 : 50 })]);
};
