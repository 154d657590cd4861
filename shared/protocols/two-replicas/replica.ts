/**
 * A replica's moves, shared by the bots, the player's actions and the seat's bookkeeping: answer
 * a request from its own copy, forward it to the peer and wait (504 when the wait runs out),
 * refuse it (503), and the background work no player is asked about: sending its copy every
 * half second, merging the peer's, answering the peer's forwarded requests.
 */
import type { Effect, NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { applyLocal, cartDigest, mergeSync, syncPayload } from "./data.js";
import { opts } from "./options.js";
import type { Answer, AnswerPayload, ForwardPayload, ReplicaState, RequestPayload, SyncPayload } from "./state.js";

export const SYNC_TIMER = "sync";
export const FORWARD_TIMER_PREFIX = "forward:";

export const PRIMARY = "primary";

export function peerOf(ctx: NodeContext): { id: string; index: number; role: string } {
  const index = ctx.nodes.findIndex((n) => n.id !== ctx.self);
  const node = ctx.nodes[index]!;
  return { id: node.id, index, role: node.role };
}

/** Ticks since this node last heard anything from its peer (null: never since boot). */
export function silentForTicks(ctx: NodeContext): number | null {
  const heard = ctx.lastHeardUptimeTicks[peerOf(ctx).index] ?? -1;
  return heard < 0 ? null : ctx.uptimeTicks - heard;
}

/** The peer has been silent longer than the level's threshold (or never spoke). */
export function cutOff(ctx: NodeContext): boolean {
  const silent = silentForTicks(ctx);
  return silent === null ? ctx.uptimeTicks > opts(ctx).silentAfterTicks : silent > opts(ctx).silentAfterTicks;
}

const respond = (requestId: string, a: Answer): Effect => ({ kind: "respond", requestId, ok: a.ok, status: a.status, result: a.result ?? undefined });

/** Answer from this copy: a write is applied here (on disk, unless `durable` is false) and acknowledged now. */
export function serveLocal(s: ReplicaState, requestId: string, r: RequestPayload, ctx: NodeContext, durable = true): Step<ReplicaState> {
  const done = applyLocal(s, r, opts(ctx).tickets, durable);
  return { state: done.state, effects: [...done.notes, respond(requestId, done.answer)] };
}

/** Pass the request to the peer and wait for its answer, at most forwardTimeoutTicks. */
export function forward(s: ReplicaState, requestId: string, r: RequestPayload, ctx: NodeContext): Step<ReplicaState> {
  const payload: ForwardPayload = { requestId, request: r };
  const state = { ...s, forwards: [...s.forwards, { requestId, sentUptimeTicks: ctx.uptimeTicks }] };
  return {
    state,
    effects: [
      { kind: "send", to: peerOf(ctx).id, type: "forward", payload },
      { kind: "set-timer", name: FORWARD_TIMER_PREFIX + requestId, delayTicks: opts(ctx).forwardTimeoutTicks },
    ],
  };
}

/** 503: refused for certain, nothing was done (the client may try again later). */
export function refuse(s: ReplicaState, requestId: string): Step<ReplicaState> {
  return { state: s, effects: [respond(requestId, { ok: false, status: "503 try later", result: null })] };
}

const armSync = (ctx: NodeContext): Effect => ({ kind: "set-timer", name: SYNC_TIMER, delayTicks: opts(ctx).syncEveryTicks });

/**
 * Everything but the client requests: the sync timer, the peer's copy, its forwarded requests,
 * its answers to ours, and our forwards' timeouts. Adds acknowledged from RAM (the shortcut) are
 * written to disk once the peer's copy shows them: the shortcut's idea of "safe".
 */
export function background(s: ReplicaState, event: Exclude<NodeEvent, { kind: "request" }>, ctx: NodeContext): Step<ReplicaState> {
  switch (event.kind) {
    case "boot":
      return { state: s.forwards.length > 0 || s.ramCart.length > 0 ? { ...s, forwards: [], ramCart: [] } : s, effects: [armSync(ctx)] };
    case "timer": {
      if (event.name === SYNC_TIMER) return syncNow(s, ctx);
      if (!event.name.startsWith(FORWARD_TIMER_PREFIX)) return { state: s, effects: [] };
      const requestId = event.name.slice(FORWARD_TIMER_PREFIX.length);
      if (!s.forwards.some((f) => f.requestId === requestId)) return { state: s, effects: [] };
      // No answer in time: the outcome is unknown (the peer may have done it), so 504, not 503.
      const state = { ...s, forwards: s.forwards.filter((f) => f.requestId !== requestId) };
      return { state, effects: [respond(requestId, { ok: false, status: "504 no answer from peer", result: null })] };
    }
    case "deliver": {
      const { type, payload, from } = event.msg;
      if (type === "sync") {
        const merged = mergeSync(s, payload as SyncPayload, peerOf(ctx).role === PRIMARY && ctx.role !== PRIMARY);
        return { state: merged.state, effects: merged.notes };
      }
      if (type === "forward") {
        const { requestId, request } = payload as ForwardPayload;
        const done = applyLocal(s, request, opts(ctx).tickets);
        const reply: AnswerPayload = { requestId, answer: done.answer };
        return { state: done.state, effects: [...done.notes, { kind: "send", to: from, type: "answer", payload: reply }] };
      }
      if (type === "answer") {
        const { requestId, answer } = payload as AnswerPayload;
        if (!s.forwards.some((f) => f.requestId === requestId)) return { state: s, effects: [] };
        const state = { ...s, forwards: s.forwards.filter((f) => f.requestId !== requestId), ...adoptAnswer(s, answer) };
        return { state, effects: [{ kind: "cancel-timer", name: FORWARD_TIMER_PREFIX + requestId }, respond(requestId, answer)] };
      }
      return { state: s, effects: [] };
    }
  }
}

/** Anti-entropy: the cart goes whole while the digests differ, and then at most once a second unless it changed. */
const RESEND_WHOLE_TICKS = 10;

function syncNow(s: ReplicaState, ctx: NodeContext): Step<ReplicaState> {
  const digest = cartDigest(s);
  const differs = digest !== s.peerDigest;
  const whole = differs && (digest !== s.sentDigest || s.sentWholeUptimeTicks < 0 || ctx.uptimeTicks - s.sentWholeUptimeTicks >= RESEND_WHOLE_TICKS);
  const state = whole ? { ...s, sentDigest: digest, sentWholeUptimeTicks: ctx.uptimeTicks } : s;
  return { state, effects: [{ kind: "send", to: peerOf(ctx).id, type: "sync", payload: syncPayload(s, whole, digest) }, armSync(ctx)] };
}

/** A fresher fact in the peer's answer updates this copy (tickets sold, the stock's version). */
function adoptAnswer(s: ReplicaState, answer: Answer): Partial<ReplicaState> {
  const r = answer.result ?? {};
  const out: Partial<ReplicaState> = {};
  if (typeof r.sold === "number" && r.sold > s.sold) out.sold = r.sold;
  if (typeof r.version === "number" && typeof r.value === "number" && r.version > s.stock.version) out.stock = { value: r.value, version: r.version };
  return out;
}
