/**
 * What happens on a peer when an event arrives. `bookkeeping` is what any node's runtime does by
 * itself (a human's node too): note the prompt, put a message in the unread pile, adopt a later
 * round, keep quiz questions. In round 1 it also takes messages in by itself, since stamps are
 * then the wall clock's reading and there is nothing to decide. A bot then `drain`s everything
 * pending with its policy; a human's node runs only the chores the player switched on. Bots
 * drain whatever a human left behind too (unread messages, prompts, queues), so a bot can take
 * over a seat in any state.
 */
import type { NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { answerFromView, unansweredQuestions } from "./quizmaster.js";
import { CHOOSERS, type StampChooser } from "./stamp.js";
import {
  carriedStamp,
  chain,
  enterRound,
  flushForward,
  flushReports,
  ignoreDuplicate,
  isDuplicate,
  postItem,
  receiveMessage,
  resolveStamp,
} from "./peer.js";
import { LAMPORT_NOTES } from "./notes.js";
import { capped, MSG, UNREAD_MAX, type GossipPayload, type LamportState, type QuizAnswer, type QuizPayload, type QuizQuestion, type RoundPayload, type UnreadMessage } from "./state.js";

export interface PeerPolicy {
  choose: StampChooser;
  /** The mistake: a network duplicate stamped as one more receive. */
  stampDuplicates: boolean;
}

export const CORRECT_PEER: PeerPolicy = { choose: CHOOSERS.canonical, stampDuplicates: false };

type Handled = Step<LamportState> & { handled: boolean };

function onRequest(state: LamportState, event: Extract<NodeEvent, { kind: "request" }>): Handled {
  const { id, payload } = event.request;
  if (state.served.includes(id) || state.prompts.some((p) => p.requestId === id)) return { state, effects: [], handled: true };
  const prompt = { requestId: id, kind: payload.kind === "react" ? ("react" as const) : ("rumor" as const) };
  return { state: { ...state, prompts: [...state.prompts, prompt] }, effects: [], handled: false };
}

function onGossip(state: LamportState, ctx: NodeContext, msg: UnreadMessage): Handled {
  const entered = enterRound(state, msg.payload.round);
  const s = entered.state;
  if (s.unread.some((u) => u.msgId === msg.msgId && u.arrival === msg.arrival)) return { ...entered, handled: false };
  if (s.round < 2) {
    // Round 1: the runtime stamps with the wall clock by itself, and skips copies it has seen.
    const step = isDuplicate(s, msg.msgId) ? ignoreDuplicate(s, msg) : receiveMessage(s, ctx, msg, resolveStamp(s, ctx, "receive", null, CHOOSERS.canonical));
    return { state: step.state, effects: [...entered.effects, ...step.effects], handled: true };
  }
  return { state: { ...s, unread: capped([...s.unread, msg], UNREAD_MAX) }, effects: entered.effects, handled: false };
}

function onQuiz(state: LamportState, questions: QuizQuestion[]): Handled {
  const fresh = questions.filter((q) => !state.quiz.some((k) => k.qid === q.qid));
  return { state: fresh.length > 0 ? { ...state, quiz: [...state.quiz, ...fresh] } : state, effects: [], handled: fresh.length === 0 };
}

export function bookkeeping(state: LamportState, event: NodeEvent, ctx: NodeContext): Handled {
  if (event.kind === "request") return onRequest(state, event);
  if (event.kind !== "deliver") return { state, effects: [], handled: true };
  const { msg, arrival } = event;
  if (msg.type === MSG.gossip) return onGossip(state, ctx, { msgId: msg.id, from: msg.from, arrival, payload: msg.payload as GossipPayload });
  if (msg.type === MSG.round) return { ...enterRound(state, (msg.payload as RoundPayload).round), handled: true };
  if (msg.type === MSG.quiz) return onQuiz(state, (msg.payload as QuizPayload).questions);
  return { state, effects: [], handled: true };
}

function drainUnread(state: LamportState, ctx: NodeContext, policy: PeerPolicy): Step<LamportState> {
  return chain(
    state,
    ...state.unread.map((msg) => (s: LamportState) =>
      isDuplicate(s, msg.msgId) && !policy.stampDuplicates
        ? ignoreDuplicate(s, msg)
        : receiveMessage(s, ctx, msg, resolveStamp(s, ctx, "receive", carriedStamp(msg.payload), policy.choose)),
    ),
  );
}

/** A reaction answers the freshest rumor someone else started (else your own; else it becomes a rumor). */
export function parentFor(state: LamportState, self: string): string | null {
  const rumors = state.items.filter((i) => i.kind === "rumor");
  const theirs = rumors.filter((i) => i.author !== self);
  return (theirs[theirs.length - 1] ?? rumors[rumors.length - 1])?.id ?? null;
}

function drainPrompts(state: LamportState, ctx: NodeContext, policy: PeerPolicy): Step<LamportState> {
  return chain(
    state,
    ...state.prompts.map((prompt) => (s: LamportState) =>
      postItem(s, ctx, prompt, prompt.kind === "react" ? parentFor(s, ctx.self) : null, resolveStamp(s, ctx, "local", null, policy.choose)),
    ),
  );
}

export function answerQuestion(state: LamportState, q: QuizQuestion, answer: QuizAnswer): Step<LamportState> {
  return {
    state: { ...state, answered: [...state.answered, { qid: q.qid, answer }] },
    effects: [LAMPORT_NOTES.write("quiz-answer", { qid: q.qid, a: q.a.eventId, b: q.b.eventId, answer })],
  };
}

function answerAll(state: LamportState): Step<LamportState> {
  return chain(state, ...unansweredQuestions(state).map((q) => (s: LamportState) => answerQuestion(s, q, answerFromView(s.history, q))));
}

/** Everything pending, in causal order: take messages in, post, gossip, answer, report. */
export function drain(state: LamportState, ctx: NodeContext, policy: PeerPolicy): Step<LamportState> {
  return chain(
    state,
    (s) => drainUnread(s, ctx, policy),
    (s) => drainPrompts(s, ctx, policy),
    (s) => flushForward(s, ctx, policy.choose),
    (s) => answerAll(s),
    (s) => flushReports(s, ctx),
  );
}

export function peerStep(policy: PeerPolicy) {
  return (state: LamportState, event: NodeEvent, ctx: NodeContext): Step<LamportState> => {
    const kept = bookkeeping(state, event, ctx);
    const drained = drain(kept.state, ctx, policy);
    return { state: drained.state, effects: [...kept.effects, ...drained.effects] };
  };
}

/** A human's node: bookkeeping, then only the chores the player handed to the autopilot. */
export function humanStep(state: LamportState, event: NodeEvent, ctx: NodeContext, autopilot: ReadonlySet<string>): Handled {
  if (ctx.role !== "peer") return { state, effects: [], handled: true };
  const kept = bookkeeping(state, event, ctx);
  const chores = chain(
    kept.state,
    (s) => (autopilot.has("auto-forward") ? flushForward(s, ctx, CORRECT_PEER.choose) : { state: s, effects: [] }),
    (s) => (autopilot.has("auto-report") ? flushReports(s, ctx) : { state: s, effects: [] }),
  );
  return { state: chores.state, effects: [...kept.effects, ...chores.effects], handled: kept.handled };
}
