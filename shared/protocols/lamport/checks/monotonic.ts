/** Lamport check: each node's stamps strictly increase (a clock that repeats or goes back lies). */
import type { SafetyCheck } from "../../../sim/check.js";
import { describeEvent, LamportTrace, type StampedEvent } from "./events.js";

export const lamportMonotonic: SafetyCheck = {
  id: "lamport/stamps-increase",
  title: "Each node's stamps strictly increase",
  explain:
    "A node stamped an event with a number no larger than its previous stamp. A Lamport clock only moves forward: +1 for a local event or a send, max(yours, received) + 1 for a receive. A wall clock can repeat a reading or be stepped back by NTP; a logical clock never does.",
  create(_params, level) {
    const lt = new LamportTrace(level.nodes.map((n) => n.id));
    const last = new Map<string, StampedEvent>();
    return {
      observe(event) {
        const e = lt.observe(event);
        if (!e || !e.lamport) return null;
        const prev = last.get(e.node);
        last.set(e.node, e);
        if (!prev || e.stamp > prev.stamp) return null;
        return {
          tick: e.tick,
          message: `${describeEvent(e)} does not exceed its previous stamp, ${describeEvent(prev)}`,
          evidence: [prev.i, e.i],
        };
      },
    };
  },
};
