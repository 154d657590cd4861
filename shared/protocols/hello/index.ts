/**
 * "Hello, network": the tutorial protocol. A sender must get each client's note delivered to a
 * receiver across a lossy, duplicating link: send, wait for an ack, retry on a timer, and never
 * confirm to the client before an ack proves the note arrived. The receiver must process each
 * note once (duplicates happen) and acknowledge every copy, since an ack can be lost too.
 */
import { int, message, type CardEvent } from "../../sim/action-params.js";
import { defineAction, type BotPolicy, type Effect, type NodeContext, type NodeEvent, type PlayerAction, type Protocol, type Step } from "../../sim/protocol.js";
import { HELLO_GOALS, HELLO_SAFETY } from "./checks.js";
import { optionTicks, protocolOptions } from "../../level/protocol-options.js";
import { HELLO_NOTES } from "./notes.js";
import { HELLO_SCREEN } from "./screen.js";
import { DURABLE_FIELDS, noteTextOf, type HelloState, type PendingNote, type ReceivedNote } from "./state.js";

export type { HelloState, PendingNote, ReceivedNote };

interface NotePayload {
  seq: number;
  text: string;
}
interface AckPayload {
  seq: number;
}

export const RETRY_TICKS_DEFAULT = 25;
const RECEIVED_MAX = 30;

/** The sender's retry timeout: the player's knob when the level offers one, else the level's option. */
function retryTicks(ctx: NodeContext): number {
  const value = ctx.knobs?.retryTicks ?? ctx.options.retryTicks;
  return typeof value === "number" ? value : RETRY_TICKS_DEFAULT;
}

function peerWithRole(ctx: NodeContext, role: string): string {
  const peer = ctx.nodes.find((n) => n.role === role && n.id !== ctx.self);
  if (!peer) throw new Error(`hello: no ${role} in this level`);
  return peer.id;
}

const sendNote = (ctx: NodeContext, note: PendingNote): Effect[] => [
  { kind: "send", to: peerWithRole(ctx, "receiver"), type: "note", payload: { seq: note.seq, text: note.text } satisfies NotePayload },
  { kind: "set-timer", name: `retry:${note.seq}`, delayTicks: retryTicks(ctx) },
];

/** A client request becomes a numbered note; the "admitted" fact lets checkers pair them. */
function admitRequest(state: HelloState, event: Extract<NodeEvent, { kind: "request" }>): { state: HelloState; note: PendingNote; effects: Effect[] } {
  const text = noteTextOf(event.request.payload);
  const note: PendingNote = { seq: state.nextSeq, requestId: event.request.id, text, attempts: 0, acked: false };
  return {
    state: { ...state, nextSeq: state.nextSeq + 1, pending: [...state.pending, note] },
    note,
    effects: [HELLO_NOTES.write("admitted", { seq: note.seq, requestId: note.requestId })],
  };
}

function withAttempt(state: HelloState, seq: number): HelloState {
  return { ...state, pending: state.pending.map((p) => (p.seq === seq ? { ...p, attempts: p.attempts + 1 } : p)) };
}

/** Sender bot. `retry`: resend on a timer; `waitForAck`: confirm only after the ack. */
function senderStep(retry: boolean, waitForAck: boolean) {
  return (state: HelloState, event: NodeEvent, ctx: NodeContext): Step<HelloState> => {
    switch (event.kind) {
      case "boot": {
        // After a restart, everything still pending is sent again: the old timers died with RAM.
        const effects = state.pending.flatMap((p) => sendNote(ctx, p));
        return { state, effects };
      }
      case "request": {
        const admitted = admitRequest(state, event);
        const effects = [...admitted.effects, ...sendNote(ctx, admitted.note)];
        if (!waitForAck) effects.push({ kind: "respond", requestId: event.request.id, ok: true, status: "ok" });
        return { state: withAttempt(admitted.state, admitted.note.seq), effects };
      }
      case "timer": {
        const seq = Number(event.name.slice("retry:".length));
        const note = state.pending.find((p) => p.seq === seq && !p.acked);
        if (!retry || !note) return { state, effects: [] };
        return { state: withAttempt(state, seq), effects: sendNote(ctx, note) };
      }
      case "deliver": {
        if (event.msg.type !== "ack") return { state, effects: [] };
        const { seq } = event.msg.payload as AckPayload;
        const note = state.pending.find((p) => p.seq === seq);
        if (!note) return { state, effects: [] }; // a duplicate ack, or one for a note already done
        const effects: Effect[] = [{ kind: "cancel-timer", name: `retry:${seq}` }];
        if (waitForAck) effects.push({ kind: "respond", requestId: note.requestId, ok: true, status: "ok" });
        return { state: { ...state, pending: state.pending.filter((p) => p.seq !== seq) }, effects };
      }
    }
  };
}

function processNote(state: HelloState, note: NotePayload): Step<HelloState> {
  return {
    state: { ...state, processed: [...state.processed, note.seq], notes: [...state.notes, note.text] },
    effects: [HELLO_NOTES.write("processed", { seq: note.seq, text: note.text })],
  };
}

/** Receiver bot. `dedupe`: skip notes already processed (the correct behaviour). */
function receiverStep(dedupe: boolean) {
  return (state: HelloState, event: NodeEvent): Step<HelloState> => {
    if (event.kind !== "deliver" || event.msg.type !== "note") return { state, effects: [] };
    const note = event.msg.payload as NotePayload;
    const step = dedupe && state.processed.includes(note.seq) ? { state, effects: [] as Effect[] } : processNote(state, note);
    // Ack every copy: the previous ack may have been the one that was lost.
    step.effects.push({ kind: "send", to: event.msg.from, type: "ack", payload: { seq: note.seq } satisfies AckPayload });
    return step;
  };
}

function byRole(sender: ReturnType<typeof senderStep>, receiver: ReturnType<typeof receiverStep>) {
  return (state: HelloState, event: NodeEvent, ctx: NodeContext): Step<HelloState> =>
    ctx.role === "sender" ? sender(state, event, ctx) : receiver(state, event);
}

const bots: Record<string, BotPolicy<HelloState>> = {
  correct: { summary: "Retries until acked, confirms only after the ack, processes each note once.", roles: ["sender", "receiver"], step: byRole(senderStep(true, true), receiverStep(true)) },
  "no-retry": { summary: "Sends each note once and hopes: a lost note is never delivered.", roles: ["sender"], mistake: "liveness", step: byRole(senderStep(false, true), receiverStep(true)) },
  "early-ok": { summary: "Tells the client OK as soon as the note is sent, before any proof it arrived.", roles: ["sender"], mistake: "safety", step: byRole(senderStep(true, false), receiverStep(true)) },
  "no-dedupe": { summary: "Processes every copy that arrives: duplicates are processed twice.", roles: ["receiver"], mistake: "safety", step: byRole(senderStep(true, true), receiverStep(false)) },
};

// ---- Player actions -------------------------------------------------------------------------


const pendingNote = (state: HelloState, seq: number) => state.pending.find((p) => p.seq === seq);
const receivedNote = (state: HelloState, msgId: number) => state.received.find((r) => r.msgId === msgId);

const action = defineAction<HelloState>();
/** Notes are numbered per game; a game of minutes never gets near this. */
const SEQ_MAX = 1_000_000;

/** The pending note a card stands for: a client's request, or a note's retry timer. */
function noteOfRequestOrRetry(c: CardEvent, raw: Record<string, unknown>): number | null {
  const state = raw as unknown as HelloState;
  if (c.kind === "timer" && c.name.startsWith("retry:")) {
    const seq = Number(c.name.slice("retry:".length));
    return Number.isInteger(seq) ? seq : null;
  }
  return c.kind === "request" ? (state.pending.find((n) => n.requestId === c.requestId)?.seq ?? null) : null;
}

/** The pending note a card stands for: a client's request, or the ack that came back for it. */
function noteOfRequestOrAck(c: CardEvent, raw: Record<string, unknown>): number | null {
  const state = raw as unknown as HelloState;
  if (c.kind === "message" && c.type === "ack") {
    const seq = (c.payload as { seq?: unknown } | null)?.seq;
    return typeof seq === "number" && state.pending.some((n) => n.seq === seq) ? seq : null;
  }
  return c.kind === "request" ? (state.pending.find((n) => n.requestId === c.requestId)?.seq ?? null) : null;
}

const noteCard = { msg: message(["note"], { wire: "msgId" }) } as const;
/** Every copy of a processed note is acknowledged again (the last ack may have been lost). */
const noteCardAgain = { msg: message(["note"], { wire: "msgId", again: true }) } as const;

const actions: Record<string, PlayerAction<HelloState, any>> = {
  sendNote: action({
    summary: "Send (or send again) the note for a client request, and start its retry timer.",
    rule: "Keep sending until an ack arrives: silence does not tell you whether the note or the ack was lost.",
    roles: ["sender"],
    params: { seq: int(0, SEQ_MAX, { fromCard: noteOfRequestOrRetry }) },
    look: { label: "Send note", key: "n" },
    possible: (state, p: { seq: number }) => (pendingNote(state, p.seq) ? null : `There is no pending note #${p.seq}.`),
    check: (state, p: { seq: number }) => (pendingNote(state, p.seq)?.acked ? `Note #${p.seq} is already acknowledged: confirm it to the client instead of sending it again.` : null),
    apply: (state, p: { seq: number }, ctx) => ({ state: withAttempt(state, p.seq), effects: sendNote(ctx, pendingNote(state, p.seq)!) }),
  }),
  confirm: action({
    summary: "Tell the client its note was delivered.",
    rule: "Only an ack proves the note arrived: never confirm before it.",
    roles: ["sender"],
    params: { seq: int(0, SEQ_MAX, { fromCard: noteOfRequestOrAck }) },
    look: { label: "Confirm to client", key: "c" },
    possible: (state, p: { seq: number }) => (pendingNote(state, p.seq) ? null : `There is no pending note #${p.seq}.`),
    check: (state, p: { seq: number }) => (pendingNote(state, p.seq)?.acked ? null : `No ack for note #${p.seq} yet: an OK now could be a lie (the note may be lost).`),
    apply: (state, p: { seq: number }) => {
      const note = pendingNote(state, p.seq)!;
      return {
        state: { ...state, pending: state.pending.filter((n) => n.seq !== p.seq) },
        effects: [
          { kind: "cancel-timer", name: `retry:${p.seq}` },
          { kind: "respond", requestId: note.requestId, ok: true, status: "ok" },
        ],
      };
    },
  }),
  process: action({
    summary: "Process the note in a message you received.",
    rule: "Process each note once: a duplicate carries a sequence number you already have.",
    roles: ["receiver"],
    params: noteCard,
    look: { label: "Process note", key: "p" },
    possible: (state, p) => (receivedNote(state, p.msg.msgId) ? null : `Message ${p.msg.msgId} is not a note in your inbox.`),
    check: (state, p) => {
      const note = receivedNote(state, p.msg.msgId)!;
      return state.processed.includes(note.seq) ? `Note #${note.seq} is already processed: this copy is a duplicate. Acknowledge it again instead.` : null;
    },
    apply: (state, p) => processNote(state, receivedNote(state, p.msg.msgId)!),
  }),
  ack: action({
    summary: "Acknowledge the note in a message you received.",
    rule: "Acknowledge only what you have processed, and every copy of it (the last ack may have been lost).",
    roles: ["receiver"],
    params: noteCardAgain,
    look: { label: "Acknowledge", key: "a" },
    possible: (state, p) => (receivedNote(state, p.msg.msgId) ? null : `Message ${p.msg.msgId} is not a note in your inbox.`),
    check: (state, p) => {
      const note = receivedNote(state, p.msg.msgId)!;
      return state.processed.includes(note.seq) ? null : `Note #${note.seq} is not processed yet: an ack now promises something you have not done.`;
    },
    apply: (state, p, ctx) => {
      const note = receivedNote(state, p.msg.msgId)!;
      return { state, effects: [{ kind: "send", to: peerWithRole(ctx, "sender"), type: "ack", payload: { seq: note.seq } satisfies AckPayload }] };
    },
  }),
};

// ---- A human's node: bookkeeping and autopilot chores ----------------------------------------

function humanStep(state: HelloState, event: NodeEvent, ctx: NodeContext, autopilot: ReadonlySet<string>): Step<HelloState> & { handled: boolean } {
  if (ctx.role === "sender") {
    if (event.kind === "request") {
      const admitted = admitRequest(state, event);
      return { state: admitted.state, effects: admitted.effects, handled: false };
    }
    if (event.kind === "deliver" && event.msg.type === "ack") {
      const { seq } = event.msg.payload as AckPayload;
      const known = state.pending.some((p) => p.seq === seq);
      const next = { ...state, pending: state.pending.map((p) => (p.seq === seq ? { ...p, acked: true } : p)) };
      return { state: next, effects: known ? [{ kind: "cancel-timer", name: `retry:${seq}` }] : [], handled: !known };
    }
    if (event.kind === "timer" && autopilot.has("auto-retry")) {
      const seq = Number(event.name.slice("retry:".length));
      const note = state.pending.find((p) => p.seq === seq && !p.acked);
      return note ? { state: withAttempt(state, seq), effects: sendNote(ctx, note), handled: true } : { state, effects: [], handled: true };
    }
    if (event.kind === "boot") return { state, effects: [], handled: true };
    return { state, effects: [], handled: false };
  }
  if (event.kind === "deliver" && event.msg.type === "note") {
    const note = event.msg.payload as NotePayload;
    const received = [...state.received, { msgId: event.msg.id, seq: note.seq, text: note.text }].slice(-RECEIVED_MAX);
    const next = { ...state, received };
    if (autopilot.has("auto-ack") && state.processed.includes(note.seq)) {
      return { state: next, effects: [{ kind: "send", to: event.msg.from, type: "ack", payload: { seq: note.seq } }], handled: true };
    }
    return { state: next, effects: [], handled: false };
  }
  return { state, effects: [], handled: true };
}

export const hello: Protocol<HelloState> = {
  id: "hello",
  title: "Hello, network: send, ack, retry, dedupe",
  messageTypes: {
    note: { summary: "A client's note, with its sequence number." },
    ack: { summary: "Proof that the note with this sequence number was processed." },
  },
  durableFields: DURABLE_FIELDS,
  init: () => ({ nextSeq: 1, pending: [], processed: [], notes: [], received: [] }),
  bots,
  actions,
  autopilot: {
    "auto-retry": { label: "Auto-retry", summary: "Resend an unacknowledged note whenever its retry timer fires." },
    "auto-ack": { label: "Auto-ack duplicates", summary: "Acknowledge again any copy of a note you already processed." },
  },
  knobs: { retryTicks: { summary: "How long the sender waits for an ack before sending a note again." } },
  human: humanStep,
  checks: { safety: HELLO_SAFETY, goals: HELLO_GOALS },
  options: protocolOptions({ retryTicks: optionTicks(1, 6000, "How long a sender waits for an ack before sending again (default 25).") }),
  roles: { sender: { min: 1, max: 1 }, receiver: { min: 1, max: 1 } },
  screen: HELLO_SCREEN,
  notes: HELLO_NOTES.schemas,
  // Watch mode's captions quote the rule of the action each bot move is.
  botMove: (effect) =>
    effect.kind === "send" ? (effect.type === "note" ? "sendNote" : effect.type === "ack" ? "ack" : null)
    : effect.kind === "respond" ? "confirm"
    : effect.name === "processed" ? "process"
    : null,
};
