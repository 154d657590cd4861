// Lamport (l09): what a peer's cards offer. An unread gossip message: receive it with the stamp
// the player computes (the field starts empty; the card shows your clock and the stamp the
// message carries), or set it aside as a duplicate. A client's prompt: post a rumor or a
// reaction (pick the rumor), stamped. A quiz: four answers per question. Gossip to a chosen
// peer is a form in the node panel. Round 1 stamps with the wall clock, so no stamp field then.
// Offering is not deciding: the server checks every stamp (Guided refuses with the formula).
import type { InboxEvent } from "../net/snapshot.js";
import type { Binding, BindingContext, BindingInput, Highlight } from "./play-bindings.js";

export const LAMPORT_COVERED: readonly string[] = ["post", "gossip", "receive", "ignoreDuplicate", "answer"];

/** The four answers, in the order of QUIZ_ANSWERS (shared/checks/lamport-quiz.ts). */
export const QUIZ_CHOICES = [
  { answer: "a-before-b", label: "A before B", key: "a" },
  { answer: "b-before-a", label: "B before A", key: "b" },
  { answer: "concurrent", label: "Concurrent", key: "c" },
  { answer: "cannot-tell", label: "Cannot tell from Lamport stamps", key: "t" },
] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

const lamportMode = (state: Obj): boolean => num(state.round) >= 2;

function stampInput(state: Obj, rule: string, extra = ""): BindingInput[] {
  if (!lamportMode(state)) return [];
  return [{ name: "stamp", kind: "number", label: "Stamp", hint: `your clock ${num(state.clock)}${extra} · ${rule}` }];
}

function onGossip(event: Extract<InboxEvent, { kind: "message" }>, state: Obj): Binding[] {
  const p = isObj(event.payload) ? event.payload : {};
  const carried = p.clock === "lamport" && typeof p.stamp === "number" ? p.stamp : null;
  const extra = carried === null ? " · the message carries a wall-clock reading, not a Lamport stamp" : ` · this message carries ${carried}`;
  return [
    {
      action: "receive",
      params: { msgId: event.msgId },
      label: "Receive & stamp",
      key: "r",
      inputs: stampInput(state, carried === null ? "receive: yours + 1" : "receive: max(yours, received) + 1", extra),
    },
    { action: "ignoreDuplicate", params: { msgId: event.msgId }, label: "Ignore duplicate", key: "i" },
  ];
}

function onQuiz(event: Extract<InboxEvent, { kind: "message" }>, state: Obj): Binding[] {
  const inCard = new Set(objs(isObj(event.payload) ? event.payload.questions : []).map((q) => str(q.qid)));
  const answered = new Set(objs(state.answered).map((a) => str(a.qid)));
  const open = objs(state.quiz).filter((q) => inCard.has(str(q.qid)) && !answered.has(str(q.qid)));
  const total = inCard.size;
  const out: Binding[] = [];
  open.forEach((q, i) => {
    const qid = str(q.qid);
    const a = isObj(q.a) ? q.a : {};
    const b = isObj(q.b) ? q.b : {};
    const group = {
      id: qid,
      title: `Question ${total - open.length + i + 1} of ${total}: did A cause B?`,
      lines: [`A: ${str(a.text)} (${str(a.eventId)}, stamp ${num(a.stamp)})`, `B: ${str(b.text)} (${str(b.eventId)}, stamp ${num(b.stamp)})`],
    };
    // Keys for the first open question only; the next one gets them once this one is answered.
    for (const c of QUIZ_CHOICES) out.push({ action: "answer", params: { qid, answer: c.answer }, label: c.label, key: i === 0 ? c.key : "", group });
  });
  return out;
}

/** Rumors you know, newest first: the freshest one someone else started leads (the bots' pick). */
function rumorChoices(state: Obj, self: string | null): { value: string; label: string }[] {
  const rumors = objs(state.items).filter((i) => i.kind === "rumor").reverse();
  const ordered = [...rumors.filter((r) => r.author !== self), ...rumors.filter((r) => r.author === self)];
  return ordered.map((r) => ({ value: str(r.id), label: `${str(r.id)} (by ${str(r.author)})` }));
}

function onPrompt(event: Extract<InboxEvent, { kind: "request" }>, state: Obj, ctx: BindingContext): Binding[] {
  const prompt = objs(state.prompts).find((p) => p.requestId === event.requestId);
  if (!prompt) return [];
  const rule = "a post is a local event: yours + 1";
  if (prompt.kind === "react") {
    const rumors = rumorChoices(state, ctx.self);
    const parent: BindingInput[] = rumors.length > 0 ? [{ name: "parent", kind: "choice", label: "React to", options: rumors }] : [];
    return [{ action: "post", params: { requestId: event.requestId, parent: null }, label: rumors.length > 0 ? "Post reaction" : "Post (no rumor known yet)", key: "p", inputs: [...parent, ...stampInput(state, rule)] }];
  }
  return [{ action: "post", params: { requestId: event.requestId, parent: null }, label: "Post rumor", key: "p", inputs: stampInput(state, rule) }];
}

export function lamportCard(event: InboxEvent, state: Obj, ctx: BindingContext): Binding[] {
  if (event.kind === "message" && event.type === "gossip") return onGossip(event, state);
  if (event.kind === "message" && event.type === "quiz") return onQuiz(event, state);
  if (event.kind === "request") return onPrompt(event, state, ctx);
  return [];
}

/** Gossip any item you know to a chosen peer, the queued sends of your posts first. */
export function lamportForms(state: Obj, ctx: BindingContext): Binding[] {
  const items = objs(state.items);
  if (items.length === 0 || ctx.peers.length === 0) return [];
  const queue = objs(state.toForward);
  const next = queue[0];
  const queuedItems = [...new Set(queue.map((o) => str(o.itemId)))];
  const itemIds = [...queuedItems, ...items.map((i) => str(i.id)).reverse().filter((id) => !queuedItems.includes(id))];
  const describe = (id: string) => {
    const item = items.find((i) => i.id === id);
    return item ? `${id} (${str(item.kind)}${item.parent ? ` to ${str(item.parent)}` : ""})` : id;
  };
  const peers = next ? [str(next.to), ...ctx.peers.filter((p) => p !== next.to)] : [...ctx.peers];
  const waiting = queue.slice(0, 6).map((o) => `${str(o.itemId)} → ${str(o.to)}`);
  return [
    {
      action: "gossip",
      params: {},
      label: "Gossip",
      key: "",
      group: { id: "gossip", title: "Gossip to a peer", lines: [queue.length > 0 ? `Still to send: ${waiting.join(", ")}${queue.length > 6 ? ` … (${queue.length})` : ""}` : "Nothing queued: every post of yours has been sent."] },
      inputs: [
        { name: "itemId", kind: "choice", label: "Item", options: itemIds.map((id) => ({ value: id, label: describe(id) })) },
        { name: "to", kind: "choice", label: "To", options: peers.filter((p) => p !== "").map((p) => ({ value: p, label: p })) },
        ...stampInput(state, "a send: yours + 1, and the message carries it"),
      ],
    },
  ];
}

export function lamportHighlights(state: Obj): Highlight[] {
  const round = num(state.round) || 1;
  const lamport = round >= 2;
  const out: Highlight[] = [
    {
      id: "clock",
      label: "Lamport clock",
      value: String(num(state.clock)),
      hint: lamport ? "the last stamp you gave: your next post or send is this + 1" : "not used yet: round 1 stamps with your wall clock",
    },
    { id: "round", label: "Round", value: String(round), hint: round === 1 ? "wall-clock stamps" : round === 2 ? "Lamport stamps" : "the quiz (still Lamport)" },
    { id: "unread", label: "Unopened", value: String(objs(state.unread).length), hint: "messages waiting to be received or set aside" },
  ];
  const quiz = objs(state.quiz).length;
  if (quiz > 0) out.push({ id: "quiz", label: "Quiz", value: `${objs(state.answered).length} / ${quiz}`, hint: "questions answered", meter: objs(state.answered).length / quiz });
  return out;
}
