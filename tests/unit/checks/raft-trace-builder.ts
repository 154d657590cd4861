/** Hand-built Raft traces for the checker tests: each helper appends one event and returns its index. */
import type { Level } from "../../../shared/level/level.js";
import type { SafetyCheck, Finding } from "../../../shared/sim/check.js";
import type { NewTraceEvent, TraceEvent } from "../../../shared/sim/trace.js";

export class TraceBuilder {
  readonly events: TraceEvent[] = [];
  tick = 0;

  push(event: NewTraceEvent): number {
    const i = this.events.length;
    this.events.push({ ...event, i } as TraceEvent);
    return i;
  }
  at(tick: number): this {
    this.tick = tick;
    return this;
  }
  note(node: string, name: string, data: Record<string, unknown>): number {
    return this.push({ tick: this.tick, kind: "note", node, name, data });
  }
  term(node: string, term: number): number {
    return this.note(node, "term", { term });
  }
  vote(node: string, term: number, candidate: string): number {
    return this.note(node, "vote", { term, candidate });
  }
  leader(node: string, term: number): number {
    return this.note(node, "leader", { term });
  }
  append(node: string, index: number, term: number, command: string): number {
    return this.note(node, "append", { index, term, command });
  }
  truncate(node: string, fromIndex: number): number {
    return this.note(node, "truncate", { fromIndex });
  }
  commit(node: string, index: number, term: number, command: string): number {
    return this.note(node, "commit", { index, term, command });
  }
  apply(node: string, index: number, term: number, command: string): number {
    return this.note(node, "apply", { index, term, command });
  }
  counted(node: string, index: number, entryTerm: number, term: number): number {
    return this.note(node, "counted", { index, entryTerm, term, replicas: [] });
  }
  crash(node: string): number {
    return this.push({ tick: this.tick, kind: "crash", node });
  }
  recover(node: string): number {
    return this.push({ tick: this.tick, kind: "recover", node });
  }
  send(node: string, to: string, type: string, payload: unknown): number {
    return this.push({ tick: this.tick, kind: "send", node, to, msgId: this.events.length, type, payload });
  }
  response(node: string, requestId: string, ok: boolean, result: unknown): number {
    return this.push({ tick: this.tick, kind: "response", node, requestId, ok, status: ok ? "ok" : "not-leader", result });
  }
}

/** Run a monitor over a trace, as the world does (after every event); every finding, in order. */
export function findings(check: SafetyCheck, trace: readonly TraceEvent[]): Finding[] {
  const monitor = check.create({}, {} as Level);
  const out: Finding[] = [];
  for (const event of trace) {
    const f = monitor.observe(event);
    if (f) out.push(f);
  }
  return out;
}
