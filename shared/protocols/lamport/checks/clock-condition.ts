/**
 * Lamport check, the clock condition: if a happened before b then L(a) < L(b), for every pair,
 * with happened-before computed by reachability (vector clocks over program order and
 * send -> receive). Per new event b, the largest stamp in b's causal past is one lookup per node
 * (PastMaximum), so the check costs O(nodes) per event instead of a search per pair.
 */
import type { SafetyCheck } from "../../../sim/check.js";
import { NONE, PastMaximum } from "../../../checks/happened-before.js";
import { describeEvent, LamportTrace, type StampedEvent } from "./events.js";

export const lamportClockCondition: SafetyCheck = {
  id: "lamport/clock-condition",
  title: "Happened-before implies a smaller stamp",
  explain:
    "An event that happened before another (same node earlier, or through a chain of messages) carries a stamp that is not smaller. That is exactly the promise Lamport clocks make, and what lets the archivist sort by stamp without ever printing an effect before its cause.",
  create(_params, level) {
    const lt = new LamportTrace(level.nodes.map((n) => n.id));
    const past = new PastMaximum(lt.order);
    const byIndex: StampedEvent[] = [];
    return {
      observe(event) {
        const b = lt.observe(event);
        if (!b) return null;
        byIndex[b.index] = b;
        // Wall-clock readings (round 1) are in the graph but on another scale: they never compare.
        past.push(b.index, b.lamport ? b.stamp : NONE);
        if (!b.lamport) return null;
        const top = past.maxBefore(b.index);
        if (!top || top.value < b.stamp) return null;
        const a = byIndex[top.event]!;
        return {
          tick: b.tick,
          message: `${describeEvent(a)} happened before ${describeEvent(b)}, yet its stamp is not smaller`,
          evidence: [a.i, b.i],
        };
      },
    };
  },
};
