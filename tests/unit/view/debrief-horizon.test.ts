// The knowledge horizon is exactly the causal past: program order plus send -> deliver,
// transitively. Earlier-in-true-time events that no message carried over stay grey.
import { describe, expect, it } from "vitest";
import type { NewTraceEvent } from "../../../shared/sim/trace.js";
import { anchorAt, buildCausalIndex, horizonAt } from "../../../shared/view/debrief-horizon.js";
import { buildTrace } from "../../support/trace-builder.js";

const timer = (tick: number, node: string): NewTraceEvent => ({ tick, kind: "timer", node, name: "t" });
const send = (tick: number, node: string, to: string, msgId: number): NewTraceEvent => ({ tick, kind: "send", node, to, msgId, type: "m", payload: {} });
const deliver = (tick: number, node: string, from: string, msgId: number, sentTick: number): NewTraceEvent => ({ tick, kind: "deliver", node, from, msgId, copy: 0, sentTick });

//        N1                 N2                N3
//  0  a  timer         1  b  timer
//  2  send m1 -> N2                      4  c  timer
//  3  send m3 -> N2 (lost: 5 drop)       6  send m2 -> N2 (still in flight)
//  7  d  timer (after the sends: concurrent with N2's receive)
//                      8  deliver m1
//  9  e  timer         (10: a partition starts: a network event)
//                      11 send m4 -> N3
//                                        12 deliver m4
const trace = buildTrace([
  timer(1, "N1"), // 0 a
  timer(1, "N2"), // 1 b
  send(2, "N1", "N2", 1), // 2
  send(2, "N1", "N2", 3), // 3
  timer(3, "N3"), // 4 c
  { tick: 2, kind: "drop", node: "N1", to: "N2", msgId: 3, reason: "loss" }, // 5
  send(4, "N3", "N2", 2), // 6
  timer(4, "N1"), // 7 d
  deliver(5, "N2", "N1", 1, 2), // 8
  timer(7, "N1"), // 9 e
  { tick: 7, kind: "fault", phase: "start", faultId: 0, fault: { kind: "partition", atTick: 7, groups: [["N1"]] } }, // 10
  send(8, "N2", "N3", 4), // 11
  deliver(10, "N3", "N2", 4, 8), // 12
]);
const index = buildCausalIndex(["N1", "N2", "N3"], trace);
const knownSet = (node: string, tick: number): number[] => {
  const h = horizonAt(index, node, tick);
  return [...h.known.keys()].filter((i) => h.known[i] === 1);
};

describe("knowledge horizon", () => {
  it("anchors on the node's last event at or before the chosen tick", () => {
    expect(anchorAt(index, "N2", 0)).toBeNull();
    expect(anchorAt(index, "N2", 6)).toBe(8);
    expect(anchorAt(index, "N2", 100)).toBe(11);
  });

  it("is exactly the causal past: N2 after receiving m1 knows a, b and that send, nothing else", () => {
    // d (index 7) happened at tick 4, before N2's receive at tick 5 in true time, but no
    // message carried it to N2: concurrent, greyed out. So is N1's second send (m3, made
    // after m1 left), N3's events and the loss of m3.
    expect(knownSet("N2", 6)).toEqual([0, 1, 2, 8]);
    const h = horizonAt(index, "N2", 6);
    expect(h.known[7]).toBe(0);
    expect(h.knownCount).toBe(4);
    expect(h.unknowable).toMatchObject({ drops: 1, concurrent: 4, faults: 0, byNode: { N1: 2, N3: 2 }, inFlightToMe: 2 });
  });

  it("grows transitively: N3 after hearing from N2 also knows N1's sends, never d or e", () => {
    expect(knownSet("N3", 10)).toEqual([0, 1, 2, 4, 6, 8, 11, 12]);
  });

  it("knows nothing before a node's first event", () => {
    const h = horizonAt(index, "N3", 2);
    expect(h.anchor).toBeNull();
    expect(h.knownCount).toBe(0);
  });

  it("never puts network events (drops, faults) in anybody's past", () => {
    for (const node of ["N1", "N2", "N3"]) {
      const h = horizonAt(index, node, 100);
      expect(h.known[5]).toBe(0);
      expect(h.known[10]).toBe(0);
    }
  });
});
