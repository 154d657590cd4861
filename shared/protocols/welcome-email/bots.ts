/**
 * The welcome-email bots. The correct service: insert, answer the client once the DB committed,
 * email users it created with the idempotency key, retry from its to-do list until acknowledged;
 * once the outbox unlocks, one transaction per signup and the DB's relay does the emailing. Each
 * mistake differs from it in one decision. The provider's mistake (a seat in a team room) is to
 * send again on a key it has already honoured.
 */
import type { BotPolicy, NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { dbStep, emailStep } from "./backend.js";
import { optionsOf } from "./options.js";
import { admit, answer, recordEmailed, retryDue, RETRY_TIMER, sendEmail, sendToDb } from "./service.js";
import { userOf, type EmailedPayload, type InsertedPayload, type WelcomeState } from "./state.js";

interface ServiceHabits {
  /** Use the outbox transaction once it is available. */
  outbox: boolean;
  /** Attach the idempotency key to every email. */
  keyed: boolean;
  /** Email first, insert into the DB only after the provider acknowledged. */
  emailFirst: boolean;
}

const CORRECT: ServiceHabits = { outbox: true, keyed: true, emailFirst: false };

const outboxOpen = (ctx: NodeContext): boolean => ctx.wallTicks >= optionsOf(ctx).outboxAtTicks;

function serviceStep(habits: ServiceHabits) {
  return (state: WelcomeState, event: NodeEvent, ctx: NodeContext): Step<WelcomeState> => {
    switch (event.kind) {
      case "boot":
        return { state, effects: [] };
      case "request": {
        const user = userOf(event.request.payload);
        if (user === null) return { state, effects: [{ kind: "respond", requestId: event.request.id, ok: false, status: "error" }] };
        const admitted = admit(state, event.request.id, user);
        if (habits.emailFirst) {
          if (admitted.emailed.includes(user)) return { state: admitted, effects: [sendToDb(ctx, "insert", user)] };
          return sendEmail(admitted, user, habits.keyed, ctx);
        }
        return { state: admitted, effects: [sendToDb(ctx, habits.outbox && outboxOpen(ctx) ? "txn" : "insert", user)] };
      }
      case "timer":
        return event.name === RETRY_TIMER ? retryDue(state, ctx) : { state, effects: [] };
      case "deliver": {
        const { type, payload } = event.msg;
        if (type === "emailed") {
          const { user } = payload as EmailedPayload;
          const next = recordEmailed(state, user);
          // Email first: the insert follows the provider's answer.
          const insert = habits.emailFirst && state.todo.some((t) => t.user === user) ? [sendToDb(ctx, "insert", user)] : [];
          return { state: next, effects: insert };
        }
        if (type !== "inserted") return { state, effects: [] };
        const reply = payload as InsertedPayload;
        const answered = answer(state, reply.user);
        // Email only the users this insert created: a retry's user was emailed the first time (or so it hopes).
        if (!reply.created || reply.outbox || habits.emailFirst) return answered;
        const emailed = sendEmail(answered.state, reply.user, habits.keyed, ctx);
        return { state: emailed.state, effects: [...answered.effects, ...emailed.effects] };
      }
    }
  };
}

/** dedupe false: the provider sends again on a key it has already honoured. */
function byRole(service: ReturnType<typeof serviceStep>, dedupe = true) {
  return (state: WelcomeState, event: NodeEvent, ctx: NodeContext): Step<WelcomeState> => {
    if (ctx.role === "db") return dbStep(state, event, ctx);
    if (ctx.role === "email") return emailStep(state, event, dedupe);
    return service(state, event, ctx);
  };
}

export const WELCOME_BOTS: Record<string, BotPolicy<WelcomeState>> = {
  correct: {
    summary: "Commits before emailing, always attaches the idempotency key, and uses the outbox transaction once it unlocks; the provider sends each request once and only acknowledges a key it already honoured.",
    roles: ["service", "db", "email"],
    step: byRole(serviceStep(CORRECT)),
  },
  "email-first": {
    summary: "Sends the welcome email first and inserts the user only after the provider answered: an email for a user the DB does not have.",
    roles: ["service"],
    mistake: "safety",
    step: byRole(serviceStep({ ...CORRECT, outbox: false, emailFirst: true })),
  },
  "ram-only": {
    summary: "Never uses the outbox: the email to-do lives in RAM only, and the crash loses the emails of users the DB committed.",
    roles: ["service"],
    mistake: "liveness",
    step: byRole(serviceStep({ ...CORRECT, outbox: false })),
  },
  "no-key": {
    summary: "Sends and retries emails without an idempotency key: when only the reply was lost, the retry sends a second email.",
    roles: ["service"],
    mistake: "safety",
    step: byRole(serviceStep({ ...CORRECT, keyed: false })),
  },
  "resend-repeats": {
    summary: "At the Email provider, sends every request, even one whose idempotency key it already honoured: a retry after a lost reply welcomes the user twice.",
    roles: ["email"],
    mistake: "safety",
    step: byRole(serviceStep(CORRECT), false),
  },
};
