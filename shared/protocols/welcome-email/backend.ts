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

/** The provider's answer to a request: "emailed" (sent now, or already sent under this key). */
const acknowledge = (from: string, user: string): Effect => ({ kind: "send", to: from, type: "emailed", payload: { user } satisfies EmailedPayload });

/** Whether this request carries a key the provider has already honoured (a retry: its email went out). */
export const honoured = (state: WelcomeState, request: EmailPayload): boolean => request.key !== null && state.keys.includes(request.key);

/** Send the welcome email the request asks for, remember its key, and acknowledge. */
export function sendWelcome(state: WelcomeState, from: string, request: EmailPayload): Step<WelcomeState> {
  const { user, key } = request;
  const keys = key === null || state.keys.includes(key) ? state.keys : [...state.keys, key];
  return { state: { ...state, mailbox: [...state.mailbox, user], keys }, effects: [WELCOME_NOTES.write("email", { user, key }), acknowledge(from, user)] };
}

/** Acknowledge without sending: right for a key already honoured; otherwise no email went out at all. */
export function acknowledgeOnly(state: WelcomeState, from: string, request: EmailPayload): Step<WelcomeState> {
  const { user, key } = request;
  const note = key !== null && honoured(state, request) ? WELCOME_NOTES.write("deduplicated", { user, key }) : WELCOME_NOTES.write("skipped", { user, key });
  return { state, effects: [note, acknowledge(from, user)] };
}

/** The provider as its bots play it: `dedupe` false is the mistake of sending again on a repeated key. */
export function emailStep(state: WelcomeState, event: NodeEvent, dedupe = true): Step<WelcomeState> {
  if (event.kind !== "deliver" || event.msg.type !== "email") return { state, effects: [] };
  const request = event.msg.payload as EmailPayload;
  return dedupe && honoured(state, request) ? acknowledgeOnly(state, event.msg.from, request) : sendWelcome(state, event.msg.from, request);
}
