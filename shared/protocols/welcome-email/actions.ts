/**
 * What the player at the Signup Service can do: insert the user (or, once the outbox unlocks,
 * insert it with an outbox row in one transaction), answer the client once the DB committed,
 * and send (or send again) a welcome email, with or without the idempotency key. What the player
 * at the Email provider can do with each request: send the welcome email, or acknowledge it
 * without sending (right only for a key already honoured).
 */
import { choice, message, request, toggle, type CardEvent, type ChoiceOption } from "../../sim/action-params.js";
import { defineAction, type NodeContext, type PlayerAction, type Step } from "../../sim/protocol.js";
import { optionsOf } from "./options.js";
import { acknowledgeOnly, honoured, sendWelcome } from "./backend.js";
import { admit, answer, RETRY_TIMER, sendEmail, sendToDb } from "./service.js";
import { userOf, type EmailPayload, type InsertedPayload, type WelcomeState } from "./state.js";

const action = defineAction<WelcomeState>();

/** Users the service could email now: known to it, not yet acknowledged by the provider. */
function emailable(raw: Record<string, unknown>): ChoiceOption[] {
  const s = raw as unknown as WelcomeState;
  const known = [...s.committed, ...s.todo.map((t) => t.user), ...s.waiting.map((w) => w.user)];
  return [...new Set(known)].filter((u) => !s.emailed.includes(u)).map((u) => ({ value: u, label: s.committed.includes(u) ? u : `${u} (not committed)` }));
}

/** The user a card is about: a DB reply's user, or every entry on the to-do list for the retry timer. */
function userOfCard(card: CardEvent, raw: Record<string, unknown>): string | readonly string[] | null {
  const s = raw as unknown as WelcomeState;
  if (card.kind === "timer") return card.name === RETRY_TIMER ? s.todo.map((t) => t.user) : null;
  if (card.kind === "message" && card.type === "inserted") {
    const reply = card.payload as InsertedPayload;
    return reply.outbox || s.emailed.includes(reply.user) ? [] : reply.user;
  }
  if (card.kind === "request") return userOf(card.payload);
  return null;
}

const signupCard = { req: request({ wire: "requestId" }) } as const;

function toDb(type: "insert" | "txn") {
  return (state: WelcomeState, p: { req: { requestId: string; payload: unknown } }, ctx: NodeContext): Step<WelcomeState> => {
    const user = userOf(p.req.payload)!;
    return { state: admit(state, p.req.requestId, user), effects: [sendToDb(ctx, type, user)] };
  };
}

const emailCard = { req: message(["email"], { wire: "msgId" }) } as const;
const requestOf = (p: { req: { payload: unknown } }): EmailPayload => p.req.payload as EmailPayload;

const noUser = (p: { req: { payload: unknown } }): string | null => (userOf(p.req.payload) === null ? "This request names no user." : null);

export const WELCOME_ACTIONS: Record<string, PlayerAction<WelcomeState, any>> = {
  insert: action({
    summary: "Insert the client's user into the DB (a retry inserts nothing new: the DB has each user once).",
    rule: "Commit the user first; everything else follows from the DB's answer.",
    roles: ["service"],
    params: signupCard,
    look: { label: "Insert into DB", key: "i" },
    possible: (_s, p) => noUser(p),
    apply: toDb("insert"),
  }),
  txn: action({
    summary: "One DB transaction: insert the user and an outbox row for the welcome email. The DB's relay then sends it, with the key, until acknowledged.",
    rule: "Record the email intent in the same transaction as the user: then no crash can leave a committed user without it.",
    roles: ["service"],
    params: signupCard,
    look: { label: "Insert + outbox row", key: "t" },
    possible: (_s, p) => noUser(p),
    apply: toDb("txn"),
  }),
  answer: action({
    summary: "Tell the clients waiting for this user that the signup succeeded.",
    rule: "Answer a client only after the DB committed its user.",
    roles: ["service"],
    params: { reply: message(["inserted"], { wire: "msgId", again: true }) },
    look: { label: "Answer client", key: "a" },
    apply: (state, p) => answer(state, (p.reply.payload as InsertedPayload).user),
  }),
  email: action({
    summary: "Send (or send again) a user's welcome email; it stays on your RAM to-do list until the provider acknowledges it.",
    rule: "Email only a committed user, and always with the idempotency key: a missing reply does not mean the email was not sent.",
    roles: ["service"],
    params: { user: choice(emailable, { label: "User", fromCard: userOfCard }), key: toggle({ label: "Idempotency key", labels: ["with key", "without key"] }) },
    settles: [RETRY_TIMER],
    look: { label: "Send welcome email", key: "e", bar: { key: "e" }, labelOf: (_s, p) => `Email ${p.user} ${p.key ? "with key" : "without key"}`, keyOf: (p) => (p.key ? "e" : "w") },
    check: (state, p) => {
      if (!state.committed.includes(p.user)) return `${p.user} is not committed in the DB (as far as you know): an email now could welcome a user who does not exist.`;
      if (!p.key) return "Without the idempotency key, a retry after a lost reply sends a second email.";
      return null;
    },
    apply: (state, p, ctx) => {
      const step = sendEmail(state, p.user, p.key, ctx);
      const armed = step.effects.some((e) => e.kind === "set-timer");
      return armed ? step : { state: step.state, effects: [...step.effects, { kind: "set-timer", name: RETRY_TIMER, delayTicks: optionsOf(ctx).emailRetryTicks }] };
    },
  }),
  send: action({
    summary: "Send the welcome email this request asks for, remember its idempotency key (if it has one), and acknowledge.",
    rule: "Send each key's email once: a request whose key you already honoured is a retry after a lost reply; acknowledge it without sending.",
    roles: ["email"],
    params: emailCard,
    look: { label: "Send email", key: "s", labelOf: (_s, p) => `Send to ${requestOf(p).user}` },
    check: (state, p) => {
      const request = requestOf(p);
      return honoured(state, request) ? `You already honoured ${request.key}: ${request.user}'s email went out and only your reply was lost. Acknowledge without sending.` : null;
    },
    apply: (state, p) => sendWelcome(state, p.req.from, requestOf(p)),
  }),
  ack: action({
    summary: "Acknowledge the request without sending an email.",
    rule: "Acknowledge without sending only a key you already honoured: for any other request, \"emailed\" would be a lie and the user would never be welcomed.",
    roles: ["email"],
    params: emailCard,
    look: { label: "Acknowledge, don't send", key: "k", labelOf: (_s, p) => `Acknowledge ${requestOf(p).user} (no email)` },
    check: (state, p) => {
      const request = requestOf(p);
      if (request.key === null) return "This request carries no idempotency key: you cannot tell a retry from a new email, so it must be sent.";
      return honoured(state, request) ? null : `Nothing went out under ${request.key} yet: acknowledging it now tells the sender ${request.user} was welcomed when nobody was.`;
    },
    apply: (state, p) => acknowledgeOnly(state, p.req.from, requestOf(p)),
  }),
};
