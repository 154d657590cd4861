/** Lamport check: a receive is stamped above the stamp its message carried. */
import type { SafetyCheck } from "../../../sim/check.js";
import { describeEvent, LamportTrace } from "./events.js";

export const lamportReceive: SafetyCheck = {
  id: "lamport/receive-after-send",
  title: "Every receive stamp exceeds its send stamp",
  explain:
    "A node stamped a receive at or below the stamp of the send it received, so history would print the effect no later than its cause. The receive rule is max(yours, received) + 1: taking the max is what carries the sender's past into yours.",
  create(_params, level) {
    const lt = new LamportTrace(level.nodes.map((n) => n.id));
    return {
      observe(event) {
        const e = lt.observe(event);
        // Only Lamport stamps compare: a wall-clock reading from round 1 is not on the same scale.
        if (!e || e.kind !== "receive" || !e.lamport || !e.send || !e.send.lamport) return null;
        if (e.stamp > e.send.stamp) return null;
        return {
          tick: e.tick,
          message: `${describeEvent(e)} is not above the stamp of ${describeEvent(e.send)}, the send it received`,
          evidence: [e.send.i, e.i],
        };
      },
    };
  },
};
