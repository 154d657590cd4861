/**
 * The trace: every typed event the world emits, in order. `i` is the event's index in the trace
 * and is what checkers cite as evidence. Checkers, the debrief and the hash all read this.
 */
import type { FaultSpec } from "../level/faults.js";

export type DropReason = "loss" | "partition" | "flaky" | "node-down";

export type TraceEvent =
  | { i: number; tick: number; kind: "send"; node: string; to: string; msgId: number; type: string; payload: unknown }
  | { i: number; tick: number; kind: "deliver"; node: string; from: string; msgId: number; copy: number; sentTick: number }
  | { i: number; tick: number; kind: "drop"; node: string; to: string; msgId: number; reason: DropReason }
  | { i: number; tick: number; kind: "duplicate"; node: string; to: string; msgId: number }
  | { i: number; tick: number; kind: "timer"; node: string; name: string }
  | { i: number; tick: number; kind: "crash"; node: string }
  | { i: number; tick: number; kind: "recover"; node: string }
  | { i: number; tick: number; kind: "pause"; node: string; untilTick: number }
  | { i: number; tick: number; kind: "resume"; node: string }
  | { i: number; tick: number; kind: "clock"; node: string; stepTicks: number; driftPpm: number }
  | { i: number; tick: number; kind: "fault"; phase: "start" | "end"; faultId: number; fault: FaultSpec }
  | { i: number; tick: number; kind: "action"; node: string; action: string; params: unknown; ok: boolean; error?: string }
  | { i: number; tick: number; kind: "control"; node: string; controller: string }
  | { i: number; tick: number; kind: "request"; node: string; requestId: string; workload: string; payload: unknown; deadlineTick: number }
  /** `redirect` (only when true): a refusal that points the client elsewhere; not an error (Effect "respond"). */
  | { i: number; tick: number; kind: "response"; node: string; requestId: string; ok: boolean; status: string; result: unknown; redirect?: true }
  /** A protocol fact (a state change checkers care about): "leader", "vote", "commit", "stamp", ... */
  | { i: number; tick: number; kind: "note"; node: string; name: string; data: Record<string, unknown> };

export type TraceKind = TraceEvent["kind"];

/** Distributes Omit over the union so each variant keeps its own fields. */
export type NewTraceEvent = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, "i"> : never) : never;

export type TraceOf<K extends TraceKind> = Extract<TraceEvent, { kind: K }>;
