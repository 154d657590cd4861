/**
 * A peer's moves, written once and shared by the bots, the autopilot chores on a human's node
 * and the player actions: record a stamped event, post, gossip, receive, ignore a duplicate,
 * switch rounds, report to the archivist. Each returns the new state and its effects.
 */
import type { Effect, NodeContext, Step } from "../../sim/protocol.js";
import { membersWithRole } from "../../base/quorum.js";
import { canonicalStamp, type StampChooser } from "./stamp.js";
import { LAMPORT_NOTES } from "./notes.js";
import {
  capped,
  HISTORY_MAX,
  ITEMS_MAX,
  MSG,
  QUEUE_MAX,
  RECEIVED_MAX,
  SERVED_MAX,
  type ClockMode,
  type GossipPayload,
  type HistoryEntry,
  type Item,
  type LamportState,
  type Prompt,
  type ReportPayload,
  type StampKind,
  type UnreadMessage,
} from "./state.js";

export interface StampValue {
  clock: ClockMode;
  stamp: number;
}

export function peersOf(ctx: NodeContext): string[] {
  return membersWithRole(ctx, "peer").filter((id) => id !== ctx.self);
}

export function archivistOf(ctx: NodeContext): string | null {
  return membersWithRole(ctx, "archivist")[0] ?? null;
}

/** The Lamport stamp a message carries, or null for a wall-clock reading (round 1). */
export function carriedStamp(payload: GossipPayload): number | null {
  return payload.clock === "lamport" ? payload.stamp : null;
}

/** Round 1 stamps are the wall clock's reading whatever anyone chooses; from round 2, Lamport. */
export function resolveStamp(state: LamportState, ctx: NodeContext, kind: StampKind, msgStamp: number | null, choose: StampChooser): StampValue {
  if (state.round < 2) return { clock: "wall", stamp: ctx.wallTicks };
  return { clock: "lamport", stamp: choose(kind, state.clock, msgStamp, ctx.wallTicks) };
}

/** The rule's value for the player's next event of this kind (what Guided mode expects). */
export function expectedStamp(state: LamportState, kind: StampKind, msgStamp: number | null): number {
  return canonicalStamp(kind, state.clock, msgStamp);
}

type EventFields = Pick<HistoryEntry, "kind" | "itemId"> & Partial<Pick<HistoryEntry, "to" | "from" | "msgId" | "fromEvent" | "msgStamp">>;

/** Every stamped event goes through here: history, the Lamport counter, the report queue, the note. */
export function recordEvent(state: LamportState, ctx: NodeContext, fields: EventFields, item: Item, value: StampValue): Step<LamportState> {
  const entry: HistoryEntry = {
    eventId: `${ctx.self}#${state.nextN}`,
    n: state.nextN,
    kind: fields.kind,
    round: state.round,
    clock: value.clock,
    stamp: value.stamp,
    wall: ctx.wallTicks,
    itemId: fields.itemId,
    to: fields.to ?? null,
    from: fields.from ?? null,
    msgId: fields.msgId ?? null,
    fromEvent: fields.fromEvent ?? null,
    msgStamp: fields.msgStamp ?? null,
  };
  const report: ReportPayload = {
    eventId: entry.eventId,
    node: ctx.self,
    n: entry.n,
    kind: entry.kind,
    round: entry.round,
    clock: entry.clock,
    stamp: entry.stamp,
    wall: entry.wall,
    item,
    to: entry.to,
    from: entry.from,
    fromEvent: entry.fromEvent,
  };
  const next: LamportState = {
    ...state,
    nextN: state.nextN + 1,
    // The Lamport counter is whatever was last stamped in Lamport mode (Free mode may set anything).
    clock: value.clock === "lamport" ? value.stamp : state.clock,
    history: capped([...state.history, entry], HISTORY_MAX),
    unreported: capped([...state.unreported, report], QUEUE_MAX),
  };
  const { eventId, n, kind, round, clock, stamp, wall, itemId, to, from, msgId, fromEvent, msgStamp } = entry;
  const data = { eventId, n, kind, round, clock, stamp, wall, itemId, to, from, msgId, fromEvent, msgStamp, itemKind: item.kind, parent: item.parent };
  return { state: next, effects: [LAMPORT_NOTES.write("stamp", data)] };
}

function withItem(items: Item[], item: Item): Item[] {
  return items.some((i) => i.id === item.id) ? items : capped([...items, item], ITEMS_MAX);
}

/** A client's prompt becomes a rumor (or a reaction to `parent`): a local event, then gossip to every peer. */
export function postItem(state: LamportState, ctx: NodeContext, prompt: Prompt, parent: string | null, value: StampValue): Step<LamportState> {
  const item: Item = { id: `${ctx.self}-${state.nextItem}`, kind: parent ? "reaction" : "rumor", author: ctx.self, parent };
  const recorded = recordEvent({ ...state, nextItem: state.nextItem + 1 }, ctx, { kind: "local", itemId: item.id }, item, value);
  const s = recorded.state;
  const next: LamportState = {
    ...s,
    items: withItem(s.items, item),
    prompts: s.prompts.filter((p) => p.requestId !== prompt.requestId),
    served: capped([...s.served, prompt.requestId], SERVED_MAX),
    toForward: capped([...s.toForward, ...peersOf(ctx).map((to) => ({ itemId: item.id, to }))], QUEUE_MAX),
  };
  const respond: Effect = { kind: "respond", requestId: prompt.requestId, ok: true, status: "ok", result: { itemId: item.id } };
  return { state: next, effects: [...recorded.effects, respond] };
}

/** A send is an event: stamp it, then the message carries that stamp. The note comes first, so it precedes the send in program order. */
export function sendItem(state: LamportState, ctx: NodeContext, itemId: string, to: string, value: StampValue): Step<LamportState> {
  const item = state.items.find((i) => i.id === itemId);
  if (!item) return { state, effects: [] };
  const recorded = recordEvent(state, ctx, { kind: "send", itemId, to }, item, value);
  const eventId = recorded.state.history[recorded.state.history.length - 1]!.eventId;
  const payload: GossipPayload = { round: state.round, clock: value.clock, stamp: value.stamp, eventId, item };
  const index = recorded.state.toForward.findIndex((o) => o.itemId === itemId && o.to === to);
  const toForward = index === -1 ? recorded.state.toForward : recorded.state.toForward.filter((_, i) => i !== index);
  return { state: { ...recorded.state, toForward }, effects: [...recorded.effects, { kind: "send", to, type: MSG.gossip, payload }] };
}

function withoutUnread(unread: UnreadMessage[], msg: UnreadMessage): UnreadMessage[] {
  const index = unread.findIndex((u) => u.msgId === msg.msgId && u.arrival === msg.arrival);
  return index === -1 ? unread : unread.filter((_, i) => i !== index);
}

/** Taking a message in: a receive event, which also teaches this node the item. */
export function receiveMessage(state: LamportState, ctx: NodeContext, msg: UnreadMessage, value: StampValue): Step<LamportState> {
  const p = msg.payload;
  const fields: EventFields = { kind: "receive", itemId: p.item.id, from: msg.from, msgId: msg.msgId, fromEvent: p.eventId, msgStamp: p.stamp };
  const recorded = recordEvent(state, ctx, fields, p.item, value);
  const s = recorded.state;
  const receivedMsgIds = s.receivedMsgIds.includes(msg.msgId) ? s.receivedMsgIds : capped([...s.receivedMsgIds, msg.msgId], RECEIVED_MAX);
  return { state: { ...s, receivedMsgIds, items: withItem(s.items, p.item), unread: withoutUnread(s.unread, msg) }, effects: recorded.effects };
}

export function isDuplicate(state: LamportState, msgId: number): boolean {
  return state.receivedMsgIds.includes(msgId);
}

/** A second copy of a message already received: nothing happened, so no stamp. */
export function ignoreDuplicate(state: LamportState, msg: UnreadMessage): Step<LamportState> {
  return {
    state: { ...state, unread: withoutUnread(state.unread, msg) },
    effects: [LAMPORT_NOTES.write("ignored-duplicate", { msgId: msg.msgId, from: msg.from, arrival: msg.arrival })],
  };
}

/** Adopt a later round. Entering Lamport mode starts the counter at 0 (wall readings are not Lamport stamps). */
export function enterRound(state: LamportState, round: number): Step<LamportState> {
  if (!(round > state.round)) return { state, effects: [] };
  const clock = state.round < 2 && round >= 2 ? 0 : state.clock;
  return { state: { ...state, round, clock }, effects: [LAMPORT_NOTES.write("round", { round })] };
}

/** auto-report: every event record goes to the archivist (a copy, not a Lamport event). */
export function flushReports(state: LamportState, ctx: NodeContext): Step<LamportState> {
  const archivist = archivistOf(ctx);
  if (!archivist || state.unreported.length === 0) return { state, effects: [] };
  const effects: Effect[] = state.unreported.map((payload) => ({ kind: "send", to: archivist, type: MSG.report, payload }));
  return { state: { ...state, unreported: [] }, effects };
}

/** auto-forward: make every queued gossip send, each stamped by `choose` (the correct bot's rule). */
export function flushForward(state: LamportState, ctx: NodeContext, choose: StampChooser): Step<LamportState> {
  let s = state;
  const effects: Effect[] = [];
  for (const out of state.toForward) {
    const step = sendItem(s, ctx, out.itemId, out.to, resolveStamp(s, ctx, "send", null, choose));
    // An item that was forgotten (not in items) can never be sent: drop it from the queue.
    s = step.effects.length > 0 ? step.state : { ...step.state, toForward: step.state.toForward.filter((o) => o !== out) };
    effects.push(...step.effects);
  }
  return { state: s, effects };
}

/** Apply steps one after another, collecting effects. */
export function chain(state: LamportState, ...steps: ((s: LamportState) => Step<LamportState>)[]): Step<LamportState> {
  let s = state;
  const effects: Effect[] = [];
  for (const step of steps) {
    const out = step(s);
    s = out.state;
    effects.push(...out.effects);
  }
  return { state: s, effects };
}
