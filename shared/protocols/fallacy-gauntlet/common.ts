/** What every round's file shares: how a round's handler looks, peers by role, the round's clock. */
import type { Effect, NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { GAUNTLET_NOTES } from "./notes.js";
import { roundStart, scheduleOf, type Round } from "./schedule.js";
import type { GauntletState, Settings } from "./state.js";

/** S's part of one round: a step if the event is this round's, else null. */
export type ServiceHandler = (state: GauntletState, event: NodeEvent, ctx: NodeContext, settings: Settings) => Step<GauntletState> | null;

/** A scripted service's part of one round (boot included): a step if it is this round's, else null. */
export type BackendHandler = (state: GauntletState, event: NodeEvent, ctx: NodeContext) => Step<GauntletState> | null;

export function peersWithRole(ctx: NodeContext, role: string): string[] {
  return ctx.nodes.filter((n) => n.role === role).map((n) => n.id);
}

export function peerWithRole(ctx: NodeContext, role: string): string {
  const peer = peersWithRole(ctx, role)[0];
  if (!peer) throw new Error(`fallacy-gauntlet: no ${role} in this level`);
  return peer;
}

/** A tick of round `round`, `offset` ticks after its card. */
export const at = (ctx: NodeContext, round: Round, offset: number): number => roundStart(scheduleOf(ctx.options), round) + offset;

/** A timer that fires at `tick` on this node's wall clock (at once if that moment passed). */
export const timerAt = (ctx: NodeContext, name: string, tick: number): Effect => ({ kind: "set-timer", name, delayTicks: Math.max(1, tick - ctx.wallTicks) });

export const send = (to: string, type: string, payload: unknown): Effect => ({ kind: "send", to, type, payload });
/** A trace note, typed by its declaration (notes.ts). */
export const note: typeof GAUNTLET_NOTES.write = (name, data) => GAUNTLET_NOTES.write(name, data);
export const respond = (requestId: string, ok: boolean, status: string, result?: unknown): Effect => ({ kind: "respond", requestId, ok, status, result });

export const step = (state: GauntletState, effects: Effect[] = []): Step<GauntletState> => ({ state, effects });

/** A request of this workload, else null. */
export function requestOf(event: NodeEvent, workload: string): { id: string; payload: Record<string, unknown> } | null {
  return event.kind === "request" && event.request.workload === workload ? { id: event.request.id, payload: event.request.payload } : null;
}

/** A delivered message of this type, else null. */
export function messageOf<P>(event: NodeEvent, type: string): { from: string; payload: P; msgId: number } | null {
  return event.kind === "deliver" && event.msg.type === type ? { from: event.msg.from, payload: event.msg.payload as P, msgId: event.msg.id } : null;
}

/** A timer whose name starts with `prefix`: the rest of its name, else null. */
export function timerOf(event: NodeEvent, prefix: string): string | null {
  return event.kind === "timer" && event.name.startsWith(prefix) ? event.name.slice(prefix.length) : null;
}
