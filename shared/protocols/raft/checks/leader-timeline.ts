/**
 * Who leads when, rebuilt from the trace: a node leads from its "leader" note until it crashes or
 * its term changes. "A leader exists" means some live node leads the newest term any live node
 * is in; while a candidate is out asking for votes in a newer term, nobody leads yet.
 */
import type { TraceEvent } from "../../../sim/trace.js";
import { RAFT_NOTES } from "../notes.js";
import type { TraceReader } from "../../../sim/trace-store.js";

export interface Leaderless {
  fromTick: number;
  /** Exclusive; the end of the run if the stretch never closed. */
  untilTick: number;
  /** Trace index of the event that left the cluster without a leader. */
  i: number;
}

export function leaderlessStretches(trace: TraceReader, endTick: number): Leaderless[] {
  const term = new Map<string, number>();
  const leads = new Map<string, number>(); // node -> term it leads
  const down = new Set<string>();
  const stretches: Leaderless[] = [];
  let open: { fromTick: number; i: number } | null = { fromTick: 0, i: 0 };

  const hasLeader = (): boolean => {
    let newest = 0;
    for (const [node, t] of term) if (!down.has(node)) newest = Math.max(newest, t);
    for (const [node, t] of leads) if (!down.has(node) && t >= newest) return true;
    return false;
  };

  for (const event of trace) {
    if (event.kind === "crash") {
      down.add(event.node);
      leads.delete(event.node);
    } else if (event.kind === "recover") {
      down.delete(event.node);
    } else if (event.kind === "note" && event.name === "term") {
      const now = RAFT_NOTES.read(event, "term")!.term;
      term.set(event.node, now);
      if (leads.get(event.node) !== now) leads.delete(event.node);
    } else if (event.kind === "note" && event.name === "leader") {
      leads.set(event.node, RAFT_NOTES.read(event, "leader")!.term);
    } else continue;
    const now = hasLeader();
    if (now && open) {
      stretches.push({ fromTick: open.fromTick, untilTick: event.tick, i: open.i });
      open = null;
    } else if (!now && !open) open = { fromTick: event.tick, i: event.i };
  }
  if (open) stretches.push({ fromTick: open.fromTick, untilTick: endTick, i: open.i });
  return stretches;
}
