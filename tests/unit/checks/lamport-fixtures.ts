/**
 * Hand-built traces for the Lamport checkers: a tiny builder that emits the same trace events
 * the protocol does (stamp notes; gossip sends whose payload names the send event; archive,
 * quiz notes), with indices in order.
 */
import type { Level } from "../../../shared/level/level.js";
import type { TraceEvent } from "../../../shared/sim/trace.js";
import type { SafetyCheck } from "../../../shared/sim/check.js";

export function stubLevel(ids: string[] = ["A", "B", "C"]): Level {
  return { nodes: ids.map((id) => ({ id, role: "peer", bot: "correct" })), seats: { nodes: ids, min: 1, max: ids.length } } as unknown as Level;
}

export class TraceBuilder {
  readonly trace: TraceEvent[] = [];
  private nextMsg = 1;
  private count: Record<string, number> = {};

  private push(event: Record<string, unknown>): number {
    const i = this.trace.length;
    this.trace.push({ i, tick: i, ...event } as TraceEvent);
    return i;
  }

  private id(node: string): string {
    this.count[node] = (this.count[node] ?? 0) + 1;
    return `${node}#${this.count[node]}`;
  }

  /** A local event; returns its event id. */
  local(node: string, stamp: number, clock: "lamport" | "wall" = "lamport"): string {
    const eventId = this.id(node);
    this.push({ kind: "note", node, name: "stamp", data: { eventId, kind: "local", stamp, clock, round: clock === "lamport" ? 2 : 1 } });
    return eventId;
  }

  /** A send event plus the gossip message; returns the message id. */
  send(node: string, to: string, stamp: number, clock: "lamport" | "wall" = "lamport"): number {
    const eventId = this.id(node);
    const round = clock === "lamport" ? 2 : 1;
    this.push({ kind: "note", node, name: "stamp", data: { eventId, kind: "send", stamp, clock, round, to } });
    const msgId = this.nextMsg++;
    this.push({ kind: "send", node, to, msgId, type: "gossip", payload: { eventId, stamp, clock, round } });
    return msgId;
  }

  /** The network delivery plus the receive's stamp note; returns the receive's event id. */
  receive(node: string, msgId: number, stamp: number, clock: "lamport" | "wall" = "lamport"): string {
    this.push({ kind: "deliver", node, from: "?", msgId, copy: 0, sentTick: 0 });
    const eventId = this.id(node);
    this.push({ kind: "note", node, name: "stamp", data: { eventId, kind: "receive", stamp, clock, round: clock === "lamport" ? 2 : 1, msgId } });
    return eventId;
  }

  note(node: string, name: string, data: Record<string, unknown>): number {
    return this.push({ kind: "note", node, name, data });
  }

  /** Index of the stamp note of an event id. */
  at(eventId: string): number {
    return this.trace.findIndex((e) => e.kind === "note" && e.name === "stamp" && e.data.eventId === eventId);
  }
}

/** Run a safety check's monitor over a trace: every finding, in order. */
export function findings(check: SafetyCheck, trace: readonly TraceEvent[], level = stubLevel(), params: Record<string, unknown> = {}) {
  const monitor = check.create(params, level);
  return trace.map((e) => monitor.observe(e)).filter((f) => f !== null);
}

/**
 * The book's example (chapter 7): A=1 sends to B, B becomes 2, has events at 3 and 4, sends
 * back with 4, A becomes 5, then 6. Returns the builder and the event ids.
 */
export function bookExample() {
  const t = new TraceBuilder();
  const m1 = t.send("A", "B", 1);
  const b2 = t.receive("B", m1, 2);
  const b3 = t.local("B", 3);
  const m2 = t.send("B", "A", 4);
  const a5 = t.receive("A", m2, 5);
  const a6 = t.local("A", 6);
  const c1 = t.local("C", 1);
  return { t, ids: { a1: "A#1", b2, b3, b4: "B#3", a5, a6, c1 } };
}
