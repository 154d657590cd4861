/**
 * Reading majority-kv facts back from the trace: every replica's seat map, mirrored from the
 * "log" notes (where a copy diverged and what follows), and the sales buyers were told about
 * (ok responses with status "sold" and a seat). Shared by the majority-kv checks.
 */
import type { TraceEvent, TraceOf } from "../../../sim/trace.js";
import { MKV_NOTES } from "../notes.js";

export class ReplicaMirror {
  private readonly logs = new Map<string, string[]>();
  /** Trace index of the last "log" note per node: the evidence that it held what it holds. */
  readonly lastNote = new Map<string, number>();

  /** Apply a "log" note; returns the node's copy before the change, or null if not a log note. */
  observe(event: TraceEvent): { node: string; before: string[]; after: string[] } | null {
    if (event.kind !== "note") return null;
    const change = MKV_NOTES.read(event, "log");
    if (change === null) return null;
    const { at, resIds } = change;
    const before = this.logs.get(event.node) ?? [];
    const after = [...before.slice(0, at), ...resIds];
    this.logs.set(event.node, after);
    this.lastNote.set(event.node, event.i);
    return { node: event.node, before, after };
  }

  log(node: string): readonly string[] {
    return this.logs.get(node) ?? [];
  }

  nodes(): string[] {
    return [...this.logs.keys()];
  }
}

export interface AckedSale {
  resId: string;
  seat: number;
  event: TraceOf<"response">;
}

/** A buyer was told "sold" for this seat. */
export function ackedSale(event: TraceEvent): AckedSale | null {
  if (event.kind !== "response" || !event.ok || event.status !== "sold") return null;
  const result = event.result as { seat?: unknown } | null;
  const seat = typeof result?.seat === "number" ? result.seat : 0;
  return { resId: event.requestId, seat, event };
}

export function saleKey(resId: string, seat: number): string {
  return `${resId}@${seat}`;
}

/** The ids of the nodes with a role, from the level (checks get the level, never node state). */
export function nodesWithRole(level: { nodes: readonly { id: string; role: string }[] }, role: string): string[] {
  return level.nodes.filter((n) => n.role === role).map((n) => n.id);
}
