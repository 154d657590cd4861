/**
 * Heartbeats: every node pings every peer on a timer and answers pings with pongs; a peer
 * silent for longer than the suspicion timeout is suspected. The simplest failure detector
 * (chapter 8), and the engine's workhorse for fuzzing and benchmarks: lots of traffic, easy to
 * reason about. `bootCount` is durable, so crash-recover can be checked against it.
 */
import type { BotPolicy, NodeContext, NodeEvent, Protocol, Step } from "../../shared/sim/protocol.js";

export interface HeartbeatState {
  [field: string]: unknown;
  /** Durable: how many times this node has booted. */
  bootCount: number;
  /** RAM: pings sent since boot. */
  pingsSent: number;
  /** RAM: peers currently suspected. */
  suspected: string[];
}

function intervalTicks(ctx: NodeContext): number {
  return typeof ctx.options.intervalTicks === "number" ? ctx.options.intervalTicks : 10;
}

function timeoutTicks(ctx: NodeContext): number {
  return typeof ctx.options.suspectAfterTicks === "number" ? ctx.options.suspectAfterTicks : 50;
}

/** Built field by field rather than spread: this protocol drives the engine benchmark. */
function heartbeatState(bootCount: number, pingsSent: number, suspected: string[]): HeartbeatState {
  return { bootCount, pingsSent, suspected };
}

/** Nothing to do: one shared, never-mutated list (a delivery is the commonest event here). */
const NO_EFFECTS: Step<HeartbeatState>["effects"] = [];

function tick(state: HeartbeatState, ctx: NodeContext): Step<HeartbeatState> {
  const timeout = timeoutTicks(ctx);
  // One immutable payload shared by every copy: messages are values, never mutated.
  const payload = { n: state.pingsSent + 1 };
  const effects: Step<HeartbeatState>["effects"] = [];
  const suspected: string[] = [];
  // One pass over the level's nodes, in level order: a ping to every peer, and who fell silent
  // (by the runtime's "last heard" on this node's own uptime; not since boot counts as boot).
  for (let i = 0; i < ctx.nodes.length; i++) {
    const peer = ctx.nodes[i]!.id;
    if (peer === ctx.self) continue;
    effects.push({ kind: "send", to: peer, type: "ping", payload });
    if (ctx.uptimeTicks - Math.max(0, ctx.lastHeardUptimeTicks[i] ?? 0) > timeout) suspected.push(peer);
  }
  for (const peer of suspected) if (!state.suspected.includes(peer)) effects.push({ kind: "note", name: "suspect", data: { peer } });
  // A little jitter keeps nodes from pinging in lockstep.
  effects.push({ kind: "set-timer", name: "beat", delayTicks: intervalTicks(ctx) + ctx.rng.int(0, 2) });
  return { state: heartbeatState(state.bootCount, state.pingsSent + 1, suspected), effects };
}

function step(state: HeartbeatState, event: NodeEvent, ctx: NodeContext): Step<HeartbeatState> {
  switch (event.kind) {
    case "boot":
      return { state: heartbeatState(state.bootCount + 1, state.pingsSent, state.suspected), effects: [{ kind: "set-timer", name: "beat", delayTicks: ctx.rng.int(1, intervalTicks(ctx)) }] };
    case "timer":
      return tick(state, ctx);
    case "deliver": {
      // Hearing from a peer clears its suspicion; the runtime keeps when (ctx.lastHeardUptimeTicks).
      const msg = event.msg;
      const heard = state.suspected.includes(msg.from) ? heartbeatState(state.bootCount, state.pingsSent, state.suspected.filter((p) => p !== msg.from)) : state;
      if (msg.type !== "ping") return { state: heard, effects: NO_EFFECTS };
      return { state: heard, effects: [{ kind: "send", to: msg.from, type: "pong", payload: msg.payload }] };
    }
    case "request": {
      // A request whose first attempt asks to fail gets an error (the impatient-client tests).
      const { failFirst, attempt } = event.request.payload as { failFirst?: boolean; attempt?: number };
      if (failFirst === true && attempt === 1) return { state, effects: [{ kind: "respond", requestId: event.request.id, ok: false, status: "503" }] };
      return { state, effects: [{ kind: "respond", requestId: event.request.id, ok: true, status: "ok", result: { suspected: state.suspected } }] };
    }
  }
}

const correct: BotPolicy<HeartbeatState> = { summary: "Pings every peer on a timer, answers pings, suspects the silent.", roles: ["peer"], step };

export const heartbeat: Protocol<HeartbeatState> = {
  id: "heartbeat",
  title: "Heartbeats and suspicion",
  messageTypes: { ping: { summary: "Are you there?" }, pong: { summary: "I am here." } },
  durableFields: ["bootCount"],
  init: () => heartbeatState(0, 0, []),
  bots: { correct },
  actions: {},
  autopilot: {},
  human: (state, event, ctx) => ({ ...step(state, event, ctx), handled: true }),
};
