/**
 * Round 6, "there is one administrator": the other team's node sends S order events. 15 s into
 * the round that team renames a field (qty becomes quantity, schema v2); only its change feed
 * says so, 2 s ahead. A decoder that knows only v1 fails on every v2 event; subscribing to the
 * feed (or accepting both versions) keeps decoding.
 */
import type { Effect } from "../../sim/protocol.js";
import { at, messageOf, note, peerWithRole, send, step, timerAt, timerOf, type BackendHandler, type ServiceHandler } from "./common.js";
import { TRAFFIC_FROM, TRAFFIC_TO } from "./schedule.js";

/** When the other team's events switch to schema v2, after the round's card (ticks). */
export const CHANGE_AT = 150;
/** How long before the change the feed announces it (ticks). */
export const NOTICE_TICKS = 20;
const EVENT_EVERY_TICKS = 10;

export interface EventPayload {
  n: number;
  v: number;
  qty?: number;
  quantity?: number;
}

export const subscribe = (ctx: Parameters<ServiceHandler>[2]): Effect => send(peerWithRole(ctx, "team"), "subscribe", {});

/**
 * What a bot that uses the feed adds after S handled an event: it subscribes at its first event
 * once round 6 has opened (a player does it by choosing "feed"). No timer at boot: a seat a
 * player takes over carries none of the bot's plans.
 */
export const botSubscribe: ServiceHandler = (state, _event, ctx, settings) => {
  if (settings.admin !== "feed" || state.subscribed || ctx.wallTicks < at(ctx, "admin", 0)) return null;
  return step({ ...state, subscribed: true }, [subscribe(ctx)]);
};

export const adminService: ServiceHandler = (state, event, ctx, settings) => {
  const change = messageOf<{ v: number }>(event, "schema-change");
  if (change) return step({ ...state, schemaKnown: Math.max(state.schemaKnown, change.payload.v) });
  const msg = messageOf<EventPayload>(event, "event");
  if (!msg) return null;
  const { v, n } = msg.payload;
  const understood = v === 1 || settings.admin === "both" || (settings.admin === "feed" && state.schemaKnown >= v);
  if (understood) return step({ ...state, decoded: state.decoded + 1 }, [note("decoded", { n, v })]);
  return step({ ...state, decodeErrors: state.decodeErrors + 1 }, [note("decode-error", { n, v, reason: `schema v${v}: no field "qty"` })]);
};

/** The other team's node: its events, its change feed and the rename. */
export const adminTeam: BackendHandler = (state, event, ctx) => {
  if (event.kind === "boot") return step(state, [timerAt(ctx, "team-event", at(ctx, "admin", TRAFFIC_FROM)), timerAt(ctx, "team-announce", at(ctx, "admin", CHANGE_AT - NOTICE_TICKS))]);
  const sub = messageOf<unknown>(event, "subscribe");
  if (sub) return step(state.subscribers.includes(sub.from) ? state : { ...state, subscribers: [...state.subscribers, sub.from] });
  if (timerOf(event, "team-announce") !== null) {
    return step(state, state.subscribers.map((to) => send(to, "schema-change", { v: 2, renamed: { from: "qty", to: "quantity" }, fromTick: at(ctx, "admin", CHANGE_AT) })));
  }
  if (timerOf(event, "team-event") === null) return null;
  const n = Math.floor((ctx.wallTicks - at(ctx, "admin", TRAFFIC_FROM)) / EVENT_EVERY_TICKS) + 1;
  const v2 = ctx.wallTicks >= at(ctx, "admin", CHANGE_AT);
  const payload: EventPayload = v2 ? { n, v: 2, quantity: n % 5 + 1 } : { n, v: 1, qty: n % 5 + 1 };
  const again: Effect[] = ctx.wallTicks + EVENT_EVERY_TICKS < at(ctx, "admin", TRAFFIC_TO) ? [{ kind: "set-timer", name: "team-event", delayTicks: EVENT_EVERY_TICKS }] : [];
  return step(state, [send(peerWithRole(ctx, "service"), "event", payload), ...again]);
};
