/**
 * Lamport level rule: a network duplicate is not a new event, so it gets no receive stamp. This
 * is the level's de-duplication rule, not a property of Lamport clocks: a stamped duplicate breaks
 * none of them (the clock still only grows, the receive still follows its send). It invents a
 * phantom receive in the history, so it costs the history's star, not all three.
 */
import type { Finding, GoalCheck } from "../../../sim/check.js";
import type { TraceEvent } from "../../../sim/trace.js";
import { describeEvent, LamportTrace, type StampedEvent } from "./events.js";

/** Every duplicate stamped as a receive, with the first receive of the same message. */
export function stampedDuplicates(nodes: readonly string[], trace: Iterable<TraceEvent>): Finding[] {
  const lt = new LamportTrace(nodes);
  const firstReceive = new Map<string, StampedEvent>();
  const found: Finding[] = [];
  for (const event of trace) {
    const e = lt.observe(event);
    if (!e || e.kind !== "receive" || e.msgId === null || !e.lamport) continue;
    const key = `${e.node}>${e.msgId}`;
    const first = firstReceive.get(key);
    if (!first) {
      firstReceive.set(key, e);
      continue;
    }
    found.push({ tick: e.tick, message: `${describeEvent(e)} receives message ${e.msgId} again: ${describeEvent(first)} already received it`, evidence: [first.i, e.i] });
  }
  return found;
}

export const lamportDuplicates: GoalCheck = {
  id: "lamport/duplicates-ignored",
  title: "No network duplicate stamped as a new receive (this level's de-duplication rule)",
  evaluate(run) {
    const found = stampedDuplicates(
      run.level.nodes.map((n) => n.id),
      run.trace,
    );
    if (found.length === 0) return { met: true, detail: "every duplicate was set aside unstamped" };
    return { met: false, detail: `${found.length} duplicate${found.length === 1 ? "" : "s"} stamped as new receives; first: ${found[0]!.message}`, evidence: found[0]!.evidence };
  },
};
