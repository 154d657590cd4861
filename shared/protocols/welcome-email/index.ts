/**
 * "welcome-email" (chapter 1): a Signup Service between clients, a DB and an Email provider.
 * A crash between "the DB committed the user" and "the email went out" loses the email unless
 * the intent is durable (an outbox row in the same transaction); a retry after a lost reply sends
 * it twice unless it carries an idempotency key. This file adds the human seats' reducer: the
 * Signup Service, and (in a team room) the Email provider.
 */
import type { HumanReducer, Protocol, Step } from "../../sim/protocol.js";
import { WELCOME_ACTIONS } from "./actions.js";
import { WELCOME_BOTS } from "./bots.js";
import { welcomeDebrief } from "./debrief.js";
import { WELCOME_GOALS, WELCOME_SAFETY } from "./checks/index.js";
import { WELCOME_NOTES } from "./notes.js";
import { WELCOME_OPTIONS } from "./options.js";
import { WELCOME_SCREEN } from "./screen.js";
import { admit, answer, recordCommitted, recordEmailed, retryDue, RETRY_TIMER } from "./service.js";
import { DURABLE_FIELDS, initialState, MESSAGE_TYPES, userOf, type EmailedPayload, type InsertedPayload, type WelcomeState } from "./state.js";
import { welcomeEmailBotMove } from "./bot-moves.js";

export type { WelcomeState };

type HumanStep = Step<WelcomeState> & { handled: boolean };
const done = (step: Step<WelcomeState>): HumanStep => ({ ...step, handled: true });
const card = (state: WelcomeState): HumanStep => ({ state, effects: [], handled: false });

/** At the provider every email request is the player's card: send it, or acknowledge a repeat. */
const humanProvider: HumanReducer<WelcomeState> = (state, event, ctx) => {
  if (event.kind === "deliver" && event.msg.type === "email") return card(state);
  return done(WELCOME_BOTS.correct!.step(state, event, ctx));
};

/** Bookkeeping a real service does by itself; the decisions (insert, answer, email) are the player's. */
const humanStep: HumanReducer<WelcomeState> = (state, event, ctx, autopilot) => {
  if (ctx.role === "email") return humanProvider(state, event, ctx, autopilot);
  // The DB is played correctly even when a seat holds it.
  if (ctx.role !== "service") return done(WELCOME_BOTS.correct!.step(state, event, ctx));
  switch (event.kind) {
    case "boot":
      return done({ state, effects: [] });
    case "request": {
      const user = userOf(event.request.payload);
      return user === null ? done({ state, effects: [] }) : card(admit(state, event.request.id, user));
    }
    case "timer":
      if (event.name !== RETRY_TIMER) return done({ state, effects: [] });
      return autopilot.has("auto-retry-email") ? done(retryDue(state, ctx)) : card(state);
    case "deliver": {
      const { type, payload } = event.msg;
      if (type === "emailed") {
        const next = recordEmailed(state, (payload as EmailedPayload).user);
        return done({ state: next, effects: next.todo.length === 0 ? [{ kind: "cancel-timer", name: RETRY_TIMER }] : [] });
      }
      if (type !== "inserted") return done({ state, effects: [] });
      const reply = payload as InsertedPayload;
      const recorded = recordCommitted(state, reply);
      if (!autopilot.has("auto-answer")) return card(recorded);
      const answered = answer(recorded, reply.user);
      // The card stays while an email is still the player's to send.
      const emailOwed = reply.created && !reply.outbox;
      return { ...answered, handled: !emailOwed };
    }
  }
};

export const welcomeEmail: Protocol<WelcomeState> = {
  id: "welcome-email",
  title: "The welcome email: commit, then email exactly once, through crashes and lost replies",
  messageTypes: MESSAGE_TYPES,
  durableFields: DURABLE_FIELDS,
  init: () => initialState(),
  bots: WELCOME_BOTS,
  actions: WELCOME_ACTIONS,
  autopilot: {
    "auto-answer": { label: "Auto-answer clients", summary: "Answer a client as soon as the DB confirms its user.", roles: ["service"] },
    "auto-retry-email": { label: "Auto-retry emails", summary: "When the retry timer fires, send every overdue email on the to-do list again, as it was sent before.", roles: ["service"] },
  },
  human: humanStep,
  checks: { safety: WELCOME_SAFETY, goals: WELCOME_GOALS },
  options: WELCOME_OPTIONS,
  roles: { service: { min: 1, max: 1 }, db: { min: 1, max: 1 }, email: { min: 1, max: 1 } },
  screen: WELCOME_SCREEN,
  debrief: welcomeDebrief,
  notes: WELCOME_NOTES.schemas,
  botMove: welcomeEmailBotMove,
};
