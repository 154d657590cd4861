/**
 * The DB and the Email provider, as bots play them (correctly; the level's faults are scripted).
 * The DB inserts users idempotently (a user is there once, however often inserted) and, for a
 * transaction, writes an outbox row with the user; its relay sends each row to the provider with
 * the row's idempotency key until acknowledged. The provider sends a welcome email for every
 * request, except one carrying a key it has already honoured.
 */
import type { Effect, NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { WELCOME_NOTES } from "./notes.js";
import { optionsOf } from "./options.js";
import { peerWithRole } from "./service.js";
import { emailKey, type EmailedPayload, type EmailPayload, type InsertedPayload, type InsertPayload, type WelcomeState } from "./state.js";

const RELAY_TIMER = "relay";

const relaySend = (ctx: NodeContext, user: string): Effect => ({ kind: "send", to: peerWithRole(ctx, "email"), type: "email", payload: { user, key: emailKey(user) } satisfies EmailPayload });
const armRelay = (ctx: NodeContext): Effect => ({ kind: "set-timer", name: RELAY_TIMER, delayTicks: optionsOf(ctx).relayRetryTicks });

export function dbStep(state: WelcomeState, event: NodeEvent, ctx: NodeContext): Step<WelcomeState> {
  if (event.kind === "boot") return { state, effects: state.outbox.length > 0 ? [armRelay(ctx)] : [] };
  if (event.kind === "timer" && event.name === RELAY_TIMER) {
    if (state.outbox.length === 0) return { state, effects: [] };
    return { state, effects: [...state.outbox.map((user) => relaySend(ctx, user)), armRelay(ctx)] };
  }
  if (event.kind !== "deliver") return { state, effects: [] };
  const { type, payload, from } = event.msg;
  if (type === "emailed") {
    const { user } = payload as EmailedPayload;
    return state.outbox.includes(user) ? { state: { ...state, outbox: state.outbox.filter((u) => u !== user) }, effects: [] } : { state, effects: [] };
  }
  if (type !== "insert" && type !== "txn") return { state, effects: [] };
  const { user } = payload as InsertPayload;
  const created = !state.users.includes(user);
  const withRow = type === "txn" && created;
  const reply: InsertedPayload = { user, created, outbox: withRow || state.outbox.includes(user) };
  const effects: Effect[] = [];
  let next = state;
  if (created) {
    next = { ...next, users: [...next.users, user] };
    effects.push(WELCOME_NOTES.write("commit", { user, outbox: withRow }));
  }
  if (withRow) {
    next = { ...next, outbox: [...next.outbox, user] };
    effects.push(relaySend(ctx, user));
    if (state.outbox.length === 0) effects.push(armRelay(ctx));
  }
  effects.push({ kind: "send", to: from, type: "inserted", payload: reply });
  return { state: next, effects };
}

export function emailStep(state: WelcomeState, event: NodeEvent): Step<WelcomeState> {
  if (event.kind !== "deliver" || event.msg.type !== "email") return { state, effects: [] };
  const { user, key } = event.msg.payload as EmailPayload;
  const reply: Effect = { kind: "send", to: event.msg.from, type: "emailed", payload: { user } satisfies EmailedPayload };
  if (key !== null && state.keys.includes(key)) return { state, effects: [WELCOME_NOTES.write("deduplicated", { user, key }), reply] };
  const next = { ...state, mailbox: [...state.mailbox, user], keys: key === null ? state.keys : [...state.keys, key] };
  return { state: next, effects: [WELCOME_NOTES.write("email", { user, key }), reply] };
}
