/**
 * The player's actions on a peer. A Lamport event is always one of post (local event), gossip
 * (send) or receive, so the stamp(value) the player dials travels with that action as `stamp`.
 * Guided mode refuses a value other than the rule's, quoting the formula with the numbers in;
 * Free mode takes any number and leaves it to the checkers. In round 1 stamps are the wall
 * clock's reading and `stamp` is ignored.
 */
import { QUIZ_ANSWERS } from "./checks/quiz.js";
import { err, ok, type Result } from "../../base/result.js";
import type { NodeContext, PlayerAction, Step } from "../../sim/protocol.js";
import { answerQuestion } from "./node.js";
import { carriedStamp, expectedStamp, flushReports, ignoreDuplicate, isDuplicate, peersOf, postItem, receiveMessage, sendItem, type StampValue } from "./peer.js";
import { stampFormula } from "./stamp.js";
import type { LamportState, QuizAnswer, StampKind } from "./state.js";

type Raw = Record<string, unknown> | null;

function text(raw: unknown, key: string): Result<string, string> {
  const value = (raw as Raw)?.[key];
  return typeof value === "string" && value.length > 0 && value.length <= 64 ? ok(value) : err(`${key} must be a short text`);
}

function whole(raw: unknown, key: string): Result<number, string> {
  const value = (raw as Raw)?.[key];
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 1_000_000_000 ? ok(value) : err(`${key} must be a whole number`);
}

/** An optional stamp: absent is fine in round 1; when present it must be a whole number. */
function optionalStamp(raw: unknown): Result<number | null, string> {
  return (raw as Raw)?.stamp === undefined ? ok(null) : whole(raw, "stamp");
}

const PEER = ["peer"] as const;
const CHORES_TIMER = { kind: "set-timer", name: "chores", delayTicks: 1 } as const;

function playerStamp(state: LamportState, ctx: NodeContext, stamp: number | null): StampValue {
  return state.round < 2 ? { clock: "wall", stamp: ctx.wallTicks } : { clock: "lamport", stamp: stamp ?? 0 };
}

function needsStamp(state: LamportState, stamp: number | null): string | null {
  return state.round >= 2 && stamp === null ? "In Lamport mode every event needs a stamp: dial one." : null;
}

function ruleBroken(state: LamportState, kind: StampKind, msgStamp: number | null, stamp: number | null): string | null {
  if (state.round < 2 || stamp === null) return null;
  const expected = expectedStamp(state, kind, msgStamp);
  return stamp === expected ? null : `Stamp ${stamp} breaks the rule. ${stampFormula(kind, state.clock, msgStamp)}.`;
}

/** Actions hand follow-up chores (auto-forward, auto-report) to the next tick. */
function thenChores(step: Step<LamportState>): Step<LamportState> {
  return { state: step.state, effects: [...step.effects, CHORES_TIMER] };
}

interface PostParams { requestId: string; parent: string | null; stamp: number | null }
interface GossipParams { itemId: string; to: string; stamp: number | null }
interface MsgParams { msgId: number; stamp: number | null }
interface AnswerParams { qid: string; answer: QuizAnswer }

const prompt = (s: LamportState, id: string) => s.prompts.find((p) => p.requestId === id);
const unread = (s: LamportState, msgId: number) => s.unread.find((u) => u.msgId === msgId);
const question = (s: LamportState, qid: string) => s.quiz.find((q) => q.qid === qid);

const post: PlayerAction<LamportState, PostParams> = {
  summary: "Answer a prompt: post a new rumor, or a reaction to a rumor you have received (a local event).",
  rule: "Local event: yours + 1.",
  roles: PEER,
  parse(raw) {
    const requestId = text(raw, "requestId");
    if (!requestId.ok) return requestId;
    const parentRaw = (raw as Raw)?.parent;
    const parent = parentRaw === undefined || parentRaw === null ? ok(null) : text(raw, "parent");
    const stamp = optionalStamp(raw);
    if (!parent.ok) return parent;
    return stamp.ok ? ok({ requestId: requestId.value, parent: parent.value, stamp: stamp.value }) : stamp;
  },
  possible(s, p) {
    if (!prompt(s, p.requestId)) return `There is no prompt ${p.requestId} waiting.`;
    if (p.parent !== null && !s.items.some((i) => i.id === p.parent && i.kind === "rumor")) return `You have not received a rumor ${p.parent}: you can only react to what you have seen.`;
    return needsStamp(s, p.stamp);
  },
  check(s, p) {
    const kind = prompt(s, p.requestId)!.kind;
    if (kind === "rumor" && p.parent !== null) return "This prompt asks for a new rumor, not a reaction.";
    if (kind === "react" && p.parent === null && s.items.some((i) => i.kind === "rumor")) return "This prompt asks for a reaction: pick a rumor you have received.";
    return ruleBroken(s, "local", null, p.stamp);
  },
  apply: (s, p, ctx) => thenChores(postItem(s, ctx, prompt(s, p.requestId)!, p.parent, playerStamp(s, ctx, p.stamp))),
};

const gossip: PlayerAction<LamportState, GossipParams> = {
  summary: "Send a rumor or reaction you know to a peer (a send: the message carries your stamp).",
  rule: "Send: yours + 1, and the message carries that stamp.",
  roles: PEER,
  parse(raw) {
    const itemId = text(raw, "itemId");
    const to = text(raw, "to");
    const stamp = optionalStamp(raw);
    if (!itemId.ok) return itemId;
    if (!to.ok) return to;
    return stamp.ok ? ok({ itemId: itemId.value, to: to.value, stamp: stamp.value }) : stamp;
  },
  possible(s, p, ctx) {
    if (!s.items.some((i) => i.id === p.itemId)) return `You do not know an item ${p.itemId}.`;
    if (!peersOf(ctx).includes(p.to)) return `${p.to} is not one of your peers.`;
    return needsStamp(s, p.stamp);
  },
  check: (s, p) => ruleBroken(s, "send", null, p.stamp),
  apply: (s, p, ctx) => thenChores(sendItem(s, ctx, p.itemId, p.to, playerStamp(s, ctx, p.stamp))),
};

const parseMsg = (raw: unknown): Result<MsgParams, string> => {
  const msgId = whole(raw, "msgId");
  const stamp = optionalStamp(raw);
  if (!msgId.ok) return msgId;
  return stamp.ok ? ok({ msgId: msgId.value, stamp: stamp.value }) : stamp;
};

const receive: PlayerAction<LamportState, MsgParams> = {
  summary: "Open a message that arrived and stamp its receive.",
  rule: "Receive: max(yours, received) + 1. A duplicate (a message id you already received) is not a new event.",
  roles: PEER,
  parse: parseMsg,
  possible: (s, p) => (unread(s, p.msgId) ? needsStamp(s, p.stamp) : `Message ${p.msgId} is not waiting in your inbox.`),
  check(s, p) {
    if (isDuplicate(s, p.msgId)) return `You already received message ${p.msgId}: this copy is a network duplicate. Ignore it; nothing new happened.`;
    return ruleBroken(s, "receive", carriedStamp(unread(s, p.msgId)!.payload), p.stamp);
  },
  apply: (s, p, ctx) => thenChores(receiveMessage(s, ctx, unread(s, p.msgId)!, playerStamp(s, ctx, p.stamp))),
};

const ignoreDup: PlayerAction<LamportState, MsgParams> = {
  summary: "Set aside a second copy of a message you already received (no stamp).",
  rule: "A duplicate carries a message id you already received: it is not a new event.",
  roles: PEER,
  parse: parseMsg,
  possible: (s, p) => (unread(s, p.msgId) ? null : `Message ${p.msgId} is not waiting in your inbox.`),
  check: (s, p) => (isDuplicate(s, p.msgId) ? null : `This is the first copy of message ${p.msgId}: receive it and stamp it.`),
  apply: (s, p) => ignoreDuplicate(s, unread(s, p.msgId)!),
};

const report: PlayerAction<LamportState, Record<string, never>> = {
  summary: "Send the archivist a copy of every event record it does not have yet.",
  rule: "The archivist can only order what it is told about: report every event.",
  roles: PEER,
  parse: () => ok({}),
  possible: (s) => (s.unreported.length > 0 ? null : "Every event is already reported."),
  apply: (s, _p, ctx) => flushReports(s, ctx),
};

const answer: PlayerAction<LamportState, AnswerParams> = {
  summary: "Answer a quiz question: did A cause B?",
  rule: "If A happened before B then L(A) < L(B); the converse does not hold, so stamps alone cannot show concurrency.",
  roles: PEER,
  parse(raw) {
    const qid = text(raw, "qid");
    const given = (raw as Raw)?.answer;
    if (!qid.ok) return qid;
    if (!(QUIZ_ANSWERS as readonly unknown[]).includes(given)) return err(`answer must be one of ${QUIZ_ANSWERS.join(", ")}`);
    return ok({ qid: qid.value, answer: given as QuizAnswer });
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
  apply: (s, p) => answerQuestion(s, question(s, p.qid)!, p.answer),
};

export const LAMPORT_ACTIONS: Record<string, PlayerAction<LamportState, any>> = { post, gossip, receive, ignoreDuplicate: ignoreDup, report, answer };
