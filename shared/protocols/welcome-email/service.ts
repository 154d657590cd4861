/**
 * The Signup Service's moves, shared by its bots, the player's actions and the autopilot: send
 * the insert or the transaction, answer waiting clients, send (again) a welcome email from the
 * RAM to-do list, and take the provider's acknowledgement.
 */
import type { Effect, NodeContext, Step } from "../../sim/protocol.js";
import { optionsOf } from "./options.js";
import { emailKey, type EmailPayload, type InsertedPayload, type TodoEmail, type WelcomeState } from "./state.js";

export const RETRY_TIMER = "email-retry";
/** A to-do entry waits emailRetryTicks × 2^(attempts-1), at most this many times as long. */
const BACKOFF_MAX = 8;

export function peerWithRole(ctx: NodeContext, role: string): string {
  const peer = ctx.nodes.find((n) => n.role === role);
  if (!peer) throw new Error(`welcome-email: no ${role} in this level`);
  return peer.id;
}

/** A client's signup (or a retry of it) is remembered until it is answered. */
export function admit(state: WelcomeState, requestId: string, user: string): WelcomeState {
  if (state.waiting.some((w) => w.requestId === requestId)) return state;
  return { ...state, waiting: [...state.waiting, { requestId, user }] };
}

export const sendToDb = (ctx: NodeContext, type: "insert" | "txn", user: string): Effect => ({ kind: "send", to: peerWithRole(ctx, "db"), type, payload: { user } });

/** The DB committed the user: remember it, and answer every waiting attempt of that signup. */
export function answer(state: WelcomeState, user: string): Step<WelcomeState> {
  const answered = state.waiting.filter((w) => w.user === user);
  const committed = state.committed.includes(user) ? state.committed : [...state.committed, user];
  const effects: Effect[] = answered.map((w) => ({ kind: "respond", requestId: w.requestId, ok: true, status: "ok", result: { user } }));
  return { state: { ...state, committed, waiting: state.waiting.filter((w) => w.user !== user) }, effects };
}

/** The DB's reply, recorded (the player then answers the client and, if needed, emails). */
export function recordCommitted(state: WelcomeState, reply: InsertedPayload): WelcomeState {
  return state.committed.includes(reply.user) ? state : { ...state, committed: [...state.committed, reply.user] };
}

/** Send (or send again) a user's welcome email, keeping the entry on the RAM to-do list. */
export function sendEmail(state: WelcomeState, user: string, keyed: boolean, ctx: NodeContext): Step<WelcomeState> {
  const old = state.todo.find((t) => t.user === user);
  const entry: TodoEmail = { user, keyed, attempts: (old?.attempts ?? 0) + 1, lastSentUptimeTicks: ctx.uptimeTicks };
  const todo = old ? state.todo.map((t) => (t.user === user ? entry : t)) : [...state.todo, entry];
  const payload: EmailPayload = { user, key: keyed ? emailKey(user) : null };
  const effects: Effect[] = [{ kind: "send", to: peerWithRole(ctx, "email"), type: "email", payload }];
  // Armed when the list was empty; re-armed by retryDue while it is not (never pushed back by new work).
  if (state.todo.length === 0) effects.push({ kind: "set-timer", name: RETRY_TIMER, delayTicks: optionsOf(ctx).emailRetryTicks });
  return { state: { ...state, todo }, effects };
}

const dueIn = (t: TodoEmail, ctx: NodeContext): number => {
  const wait = optionsOf(ctx).emailRetryTicks * Math.min(BACKOFF_MAX, 1 << Math.min(t.attempts - 1, 20));
  return t.lastSentUptimeTicks + wait - ctx.uptimeTicks;
};

/** To-do entries whose answer is overdue. */
export const dueEmails = (state: WelcomeState, ctx: NodeContext): TodoEmail[] => state.todo.filter((t) => dueIn(t, ctx) <= 0);

/** The retry timer fired: send every overdue email again (as it was sent before), re-arm while any is left. */
export function retryDue(state: WelcomeState, ctx: NodeContext): Step<WelcomeState> {
  let next = state;
  const effects: Effect[] = [];
  for (const t of dueEmails(state, ctx)) {
    const step = sendEmail(next, t.user, t.keyed, ctx);
    next = step.state;
    effects.push(...step.effects.filter((e) => e.kind === "send"));
  }
  if (next.todo.length > 0) effects.push({ kind: "set-timer", name: RETRY_TIMER, delayTicks: optionsOf(ctx).emailRetryTicks });
  return { state: next, effects };
}

/** The provider acknowledged a user's email: it leaves the to-do list. */
export function recordEmailed(state: WelcomeState, user: string): WelcomeState {
  const emailed = state.emailed.includes(user) ? state.emailed : [...state.emailed, user];
  return { ...state, emailed, todo: state.todo.filter((t) => t.user !== user) };
}
