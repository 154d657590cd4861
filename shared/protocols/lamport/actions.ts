/**
 * The player's actions on a peer. A Lamport event is always one of post (local event), gossip
 * (send) or receive, so the stamp(value) the player dials travels with that action as `stamp`.
 * Guided mode refuses a value other than the rule's, quoting the formula with the numbers in;
 * Free mode takes any number and leaves it to the checkers. In round 1 stamps are the wall
 * clock's reading and `stamp` is ignored.
 */
import type { QuizAnswer } from "./checks/quiz.js";
import { choice, message, optionalChoice, optionalInt, peer, request, type ChoiceOption, type HeldMessage } from "../../sim/action-params.js";
import { defineAction, type NodeContext, type PlayerAction, type Step } from "../../sim/protocol.js";
import { answerQuestion } from "./node.js";
import { carriedStamp, expectedStamp, flushReports, ignoreDuplicate, isDuplicate, peersOf, postItem, receiveMessage, sendItem, type StampValue } from "./peer.js";
import { stampFormula } from "./stamp.js";
import { MSG, type GossipPayload, type LamportState, type StampKind } from "./state.js";

const action = defineAction<LamportState>();
/** Stamps are counters of events in a game of minutes: anything past this is a typo. */
const STAMP_MAX = 1_000_000_000;
/**
 * The stamp the player computes, asked for from round 2 on (round 1 stamps with the wall clock),
 * with what to look at while computing it: the clock, what the message carries, the rule.
 */
const stampParam = (rule: (bound: Readonly<Record<string, unknown>>) => string) =>
  optionalInt(0, STAMP_MAX, {
    label: "Stamp",
    asked: (s) => (s as unknown as LamportState).round >= 2,
    hint: (s, bound) => `your clock ${(s as unknown as LamportState).clock}${rule(bound)}`,
  });
function receiveRule(bound: Readonly<Record<string, unknown>>): string {
  const msg = bound.msg as HeldMessage | null;
  const carried = msg ? carriedStamp(msg.payload as GossipPayload) : null;
  return carried === null ? " · the message carries a wall-clock reading, not a Lamport stamp · receive: yours + 1" : ` · this message carries ${carried} · receive: larger than both; the habit is max(yours, received) + 1`;
}
const gossipCard = { msg: message([MSG.gossip], { wire: "msgId" }) } as const;

/** Rumors this node knows, newest first: the freshest one someone else started leads (the bots' pick). */
function rumorOptions(raw: Record<string, unknown>, ctx: { self: string }): ChoiceOption[] {
  const rumors = (raw as unknown as LamportState).items.filter((i) => i.kind === "rumor").reverse();
  const ordered = [...rumors.filter((r) => r.author !== ctx.self), ...rumors.filter((r) => r.author === ctx.self)];
  return ordered.map((r) => ({ value: r.id, label: `${r.id} (by ${r.author})` }));
}

/** Items this node can gossip: the queued sends of its posts first, then everything it knows. */
function itemOptions(raw: Record<string, unknown>): ChoiceOption[] {
  const s = raw as unknown as LamportState;
  const queued = [...new Set(s.toForward.map((o) => o.itemId))];
  const ids = [...queued, ...s.items.map((i) => i.id).reverse().filter((id) => !queued.includes(id))];
  return ids.map((id) => {
    const item = s.items.find((i) => i.id === id);
    return { value: id, label: item ? `${id} (${item.kind}${item.parent ? ` to ${item.parent}` : ""})` : id };
  });
}

/** Questions still open, and which of them a quiz card asks. */
const openQuestions = (raw: Record<string, unknown>): ChoiceOption[] => {
  const s = raw as unknown as LamportState;
  return s.quiz.filter((q) => !s.answered.some((a) => a.qid === q.qid)).map((q) => ({ value: q.qid, label: q.qid }));
};
const QUIZ_KEYS: Readonly<Record<string, string>> = { "a-before-b": "a", "b-before-a": "b", concurrent: "c", "cannot-tell": "t" };
const QUIZ_CHOICES: readonly ChoiceOption[] = [
  { value: "a-before-b", label: "A before B" },
  { value: "b-before-a", label: "B before A" },
  { value: "concurrent", label: "Concurrent" },
  { value: "cannot-tell", label: "Cannot tell from Lamport stamps" },
];

const PEER = ["peer"] as const;
const CHORES_TIMER = { kind: "set-timer", name: "chores", delayTicks: 1 } as const;

function playerStamp(state: LamportState, ctx: NodeContext, stamp: number | null): StampValue {
  return state.round < 2 ? { clock: "wall", stamp: ctx.wallTicks } : { clock: "lamport", stamp: stamp ?? 0 };
}

function needsStamp(state: LamportState, stamp: number | null): string | null {
  return state.round >= 2 && stamp === null ? "In Lamport mode every event needs a stamp: dial one." : null;
}

/**
 * Lamport's rule asks only that a stamp be larger than every stamp it must follow (yours, and on a
 * receive the one the message carries): Guided accepts any such stamp, as the checkers do, and
 * when refusing names both the rule and the habit (the smallest such stamp, the book's +1).
 */
function ruleBroken(state: LamportState, kind: StampKind, msgStamp: number | null, stamp: number | null): string | null {
  if (state.round < 2 || stamp === null) return null;
  const smallest = expectedStamp(state, kind, msgStamp);
  if (stamp >= smallest) return null;
  const bound = kind === "receive" && msgStamp !== null ? `larger than both your clock ${state.clock} and the stamp it carries, ${msgStamp}` : `larger than your clock ${state.clock}`;
  return `Stamp ${stamp} is too small: it must be ${bound}. The habit (and the book's) is the smallest such stamp: ${stampFormula(kind, state.clock, msgStamp)}.`;
}

/** Actions hand follow-up chores (auto-forward, auto-report) to the next tick. */
function thenChores(step: Step<LamportState>): Step<LamportState> {
  return { state: step.state, effects: [...step.effects, CHORES_TIMER] };
}


const prompt = (s: LamportState, id: string) => s.prompts.find((p) => p.requestId === id);
const unread = (s: LamportState, msgId: number) => s.unread.find((u) => u.msgId === msgId);
const question = (s: LamportState, qid: string) => s.quiz.find((q) => q.qid === qid);

const post = action({
  summary: "Answer a prompt: post a new rumor, or a reaction to a rumor you have received (a local event).",
  rule: "Local event: any stamp larger than yours; the habit is yours + 1.",
  roles: PEER,
  // parent: the rumor a reaction answers (left out for a new rumor). Checked in `possible`, so a
  // reaction to a rumor never seen reads as what it is rather than as a bad choice.
  params: {
    req: request({ wire: "requestId" }),
    parent: optionalChoice((s, ctx) => rumorOptions(s, ctx), { label: "React to" }),
    stamp: stampParam(() => " · a post is a local event: yours + 1"),
  },
  look: {
    label: "Post",
    key: "p",
    labelOf: (s, p) => (prompt(s, p.req.requestId)?.kind === "react" ? (s.items.some((i) => i.kind === "rumor") ? "Post reaction" : "Post (no rumor known yet)") : "Post rumor"),
  },
  possible(s, p) {
    if (!prompt(s, p.req.requestId)) return `There is no prompt ${p.req.requestId} waiting.`;
    if (p.parent !== null && !s.items.some((i) => i.id === p.parent && i.kind === "rumor")) return `You have not received a rumor ${p.parent}: you can only react to what you have seen.`;
    return needsStamp(s, p.stamp);
  },
  check(s, p) {
    const kind = prompt(s, p.req.requestId)!.kind;
    if (kind === "rumor" && p.parent !== null) return "This prompt asks for a new rumor, not a reaction.";
    if (kind === "react" && p.parent === null && s.items.some((i) => i.kind === "rumor")) return "This prompt asks for a reaction: pick a rumor you have received.";
    return ruleBroken(s, "local", null, p.stamp);
  },
  apply: (s, p, ctx) => thenChores(postItem(s, ctx, prompt(s, p.req.requestId)!, p.parent, playerStamp(s, ctx, p.stamp))),
});

const gossip = action({
  summary: "Send a rumor or reaction you know to a peer (a send: the message carries your stamp).",
  rule: "Send: any stamp larger than yours (the habit: yours + 1), and the message carries that stamp.",
  roles: PEER,
  params: { itemId: choice((s) => itemOptions(s), { label: "Item" }), to: peer({ label: "To" }), stamp: stampParam(() => " · a send: yours + 1, and the message carries it") },
  look: {
    label: "Gossip",
    key: "",
    bar: { key: "" },
    groupOf: (s) => {
      const waiting = s.toForward.slice(0, 6).map((o) => `${o.itemId} → ${o.to}`);
      const more = s.toForward.length > 6 ? ` … (${s.toForward.length})` : "";
      return { id: "gossip", title: "Gossip to a peer", lines: [s.toForward.length > 0 ? `Still to send: ${waiting.join(", ")}${more}` : "Nothing queued: every post of yours has been sent."] };
    },
  },
  possible(s, p, ctx) {
    if (!s.items.some((i) => i.id === p.itemId)) return `You do not know an item ${p.itemId}.`;
    if (!peersOf(ctx).includes(p.to)) return `${p.to} is not one of your peers.`;
    return needsStamp(s, p.stamp);
  },
  check: (s, p) => ruleBroken(s, "send", null, p.stamp),
  apply: (s, p, ctx) => thenChores(sendItem(s, ctx, p.itemId, p.to, playerStamp(s, ctx, p.stamp))),
});

const receive = action({
  summary: "Open a message that arrived and stamp its receive.",
  rule: "Receive: any stamp larger than both yours and the one received; the habit is max(yours, received) + 1. A duplicate (a message id you already received) is not a new event.",
  roles: PEER,
  params: { ...gossipCard, stamp: stampParam(receiveRule) },
  look: { label: "Receive & stamp", key: "r" },
  possible: (s, p) => (unread(s, p.msg.msgId) ? needsStamp(s, p.stamp) : `Message ${p.msg.msgId} is not waiting in your inbox.`),
  check(s, p) {
    if (isDuplicate(s, p.msg.msgId)) return `You already received message ${p.msg.msgId}: this copy is a network duplicate. Ignore it; nothing new happened.`;
    return ruleBroken(s, "receive", carriedStamp(unread(s, p.msg.msgId)!.payload), p.stamp);
  },
  apply: (s, p, ctx) => thenChores(receiveMessage(s, ctx, unread(s, p.msg.msgId)!, playerStamp(s, ctx, p.stamp))),
});

const ignoreDup = action({
  summary: "Set aside a second copy of a message you already received (no stamp).",
  rule: "A duplicate carries a message id you already received: it is not a new event.",
  roles: PEER,
  params: gossipCard,
  look: { label: "Ignore duplicate", key: "i" },
  possible: (s, p) => (unread(s, p.msg.msgId) ? null : `Message ${p.msg.msgId} is not waiting in your inbox.`),
  check: (s, p) => (isDuplicate(s, p.msg.msgId) ? null : `This is the first copy of message ${p.msg.msgId}: receive it and stamp it.`),
  apply: (s, p) => ignoreDuplicate(s, unread(s, p.msg.msgId)!),
});

const report = action({
  summary: "Send the archivist a copy of every event record it does not have yet.",
  rule: "The archivist can only order what it is told about: report every event.",
  roles: PEER,
  params: {},
  look: { label: "Report to the archivist", key: "", bar: { key: "r" } },
  possible: (s) => (s.unreported.length > 0 ? null : "Every event is already reported."),
  apply: (s, _p, ctx) => flushReports(s, ctx),
});

const answer = action({
  summary: "Answer a quiz question: could A have influenced B (did A happen before B)?",
  rule: "If A happened before B then L(A) < L(B); the converse does not hold, so stamps alone cannot show concurrency.",
  roles: PEER,
  params: {
    // A quiz card asks its questions; each open one gets its four answers.
    qid: choice((s) => openQuestions(s), { fromCard: (c) => (c.kind === "message" && c.type === MSG.quiz ? questionsOf(c.payload) : null) }),
    answer: choice(QUIZ_CHOICES, { expand: true }),
  },
  look: {
    label: "Answer",
    // Keys for the first open question only; the next one gets them once this one is answered.
    keyOf: (p, s) => (openQuestions(s as unknown as Record<string, unknown>)[0]?.value === p.qid ? (QUIZ_KEYS[p.answer] ?? "") : ""),
    labelOf: (_s, p) => QUIZ_CHOICES.find((c) => c.value === p.answer)?.label ?? p.answer,
    groupOf: (s, p) => {
      const q = question(s, p.qid);
      if (!q) return null;
      const index = s.quiz.indexOf(q) + 1;
      return {
        id: q.qid,
        title: `Question ${index} of ${s.quiz.length}: could A have influenced B?`,
        lines: [`A: ${q.a.text} (${q.a.eventId}, stamp ${q.a.stamp})`, `B: ${q.b.text} (${q.b.eventId}, stamp ${q.b.stamp})`],
      };
    },
  },
  possible(s, p) {
    if (!question(s, p.qid)) return `There is no question ${p.qid}.`;
    return s.answered.some((a) => a.qid === p.qid) ? `Question ${p.qid} is already answered.` : null;
  },
  check(s, p) {
    const { a, b } = question(s, p.qid)!;
    const [first, second] = p.answer === "a-before-b" ? [a, b] : p.answer === "b-before-a" ? [b, a] : [null, null];
    if (!first || !second || first.stamp < second.stamp) return null;
    return `That cannot be: if ${first.eventId} happened before ${second.eventId}, its stamp would be smaller, but ${first.stamp} ≥ ${second.stamp}.`;
  },
  apply: (s, p) => answerQuestion(s, question(s, p.qid)!, p.answer as QuizAnswer),
});

/** The question ids a quiz message carries. */
function questionsOf(payload: unknown): string[] {
  const questions = (payload as { questions?: unknown } | null)?.questions;
  return Array.isArray(questions) ? questions.map((q) => (q as { qid?: unknown }).qid).filter((id): id is string => typeof id === "string") : [];
}

export const LAMPORT_ACTIONS: Record<string, PlayerAction<LamportState, any>> = { post, gossip, receive, ignoreDuplicate: ignoreDup, report, answer };
