/** Lamport check: a network duplicate is not a new event, so it gets no receive stamp. */
import type { SafetyCheck } from "../../../sim/check.js";
import { describeEvent, LamportTrace, type StampedEvent } from "./events.js";

export const lamportDuplicates: SafetyCheck = {
  id: "lamport/duplicate-not-stamped",
  title: "A duplicate is not stamped as a new receive",
  explain:
    "The network delivered the same message twice and the node stamped the second copy as another receive. Nothing new happened: the copy carries the same message id. Stamping it invents an event, bumps the clock for nothing and prints a phantom receive in the history.",
  create(_params, level) {
    const lt = new LamportTrace(level.nodes.map((n) => n.id));
    const firstReceive = new Map<string, StampedEvent>();
    return {
      observe(event) {
        const e = lt.observe(event);
        if (!e || e.kind !== "receive" || e.msgId === null || !e.lamport) return null;
        const key = `${e.node}>${e.msgId}`;
        const first = firstReceive.get(key);
        if (!first) {
          firstReceive.set(key, e);
          return null;
        }
        return {
          tick: e.tick,
          message: `${describeEvent(e)} receives message ${e.msgId} again: ${describeEvent(first)} already received it`,
          evidence: [first.i, e.i],
        };
      },
    };
  },
};
