/** Hand-built traces for checker tests: events get their index `i` in order. */
import type { NewTraceEvent, TraceEvent } from "../../shared/sim/trace.js";
import type { SafetyCheck, Finding } from "../../shared/sim/check.js";
import type { Level } from "../../shared/level/level.js";

export function buildTrace(events: NewTraceEvent[]): TraceEvent[] {
  return events.map((e, i) => ({ ...e, i }) as TraceEvent);
}

/** Run a safety check over a trace; all findings, in order. */
export function findings(check: SafetyCheck, trace: readonly TraceEvent[], params: Record<string, unknown> = {}, level = {} as Level): Finding[] {
  const monitor = check.create(params, level);
  return trace.map((e) => monitor.observe(e)).filter((f): f is Finding => f !== null);
}

export const note = (tick: number, node: string, name: string, data: Record<string, unknown>): NewTraceEvent => ({ tick, kind: "note", node, name, data });
