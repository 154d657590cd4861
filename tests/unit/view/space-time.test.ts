// The space-time model on hand-built traces: arrow fates and positions, forks, delays,
// partition bands, crash gaps, pauses, clock offsets.
import { describe, expect, it } from "vitest";
import type { FaultSpec } from "../../../shared/level/faults.js";
import type { NewTraceEvent } from "../../../shared/sim/trace.js";
import {
  arrowsInFlight,
  buildSpaceTime,
  clockOffsetAt,
  cutOffLanes,
  bandGroups,
  isDelayed,
  laneStatusAt,
} from "../../../shared/view/space-time.js";
import { heartbeatLevel } from "../../support/test-levels.js";
import { buildTrace } from "../../support/trace-builder.js";

// 3 nodes, link delay 3 + jitter 9 (nominal 3 + 4 = 7 ticks, healthy max 12).
const level = heartbeatLevel(3, { clocks: { N2: { offsetTicks: 25, driftPpm: 0 } } });

const send = (tick: number, node: string, to: string, msgId: number, type = "ping"): NewTraceEvent => ({ tick, kind: "send", node, to, msgId, type, payload: {} });
const deliver = (tick: number, node: string, from: string, msgId: number, sentTick: number, copy = 0): NewTraceEvent => ({ tick, kind: "deliver", node, from, msgId, copy, sentTick });
const drop = (tick: number, node: string, to: string, msgId: number, reason: "loss" | "partition" | "node-down" = "loss"): NewTraceEvent => ({ tick, kind: "drop", node, to, msgId, reason });

describe("arrows", () => {
  it("draws a delivered message from the sender's lane at send time to the receiver's at delivery", () => {
    const model = buildSpaceTime(level, buildTrace([send(10, "N1", "N3", 1), deliver(16, "N3", "N1", 1, 10)]), 600);
    expect(model.arrows).toHaveLength(1);
    expect(model.arrows[0]).toMatchObject({ fate: "delivered", x0: 0, t0: 10, x1: 2, t1: 16, forked: false, delayed: false, sendIndex: 0, endIndex: 1 });
  });

  it("ends a message lost at send time in a cross half-way, at half its nominal delay", () => {
    const model = buildSpaceTime(level, buildTrace([send(20, "N1", "N3", 1), drop(20, "N1", "N3", 1)]), 600);
    const arrow = model.arrows[0]!;
    expect(arrow.fate).toBe("dropped");
    expect(arrow.dropReason).toBe("loss");
    // Half-way between lane 0 and lane 2 is lane 1; nominal delay 7 ticks -> 3.5 ticks in.
    expect(arrow.x1).toBe(1);
    expect(arrow.t1).toBe(23.5);
    expect(arrow.endIndex).toBe(1);
  });

  it("puts the cross of a message that reached a crashed node close to the receiver", () => {
    const model = buildSpaceTime(level, buildTrace([send(20, "N3", "N1", 1), { tick: 22, kind: "crash", node: "N1" }, drop(28, "N3", "N1", 1, "node-down")]), 600);
    const arrow = model.arrows[0]!;
    expect(arrow).toMatchObject({ fate: "dropped", dropReason: "node-down", x0: 2, t0: 20 });
    expect(arrow.x1).toBeCloseTo(2 - (2 * 7) / 8);
    expect(arrow.t1).toBe(20 + (8 * 7) / 8);
  });

  it("forks a duplicated message into two arrows from one send", () => {
    const trace = buildTrace([
      send(5, "N1", "N2", 7),
      { tick: 5, kind: "duplicate", node: "N1", to: "N2", msgId: 7 },
      deliver(9, "N2", "N1", 7, 5, 0),
      deliver(12, "N2", "N1", 7, 5, 1),
    ]);
    const arrows = buildSpaceTime(level, trace, 600).arrows;
    expect(arrows.map((a) => [a.key, a.forked, a.t0, a.t1, a.x1])).toEqual([
      ["7.0", true, 5, 9, 1],
      ["7.1", true, 5, 12, 1],
    ]);
  });

  it("forks a duplicate whose second copy is lost on arrival", () => {
    const trace = buildTrace([
      send(5, "N1", "N2", 7),
      { tick: 5, kind: "duplicate", node: "N1", to: "N2", msgId: 7 },
      deliver(9, "N2", "N1", 7, 5, 0),
      drop(13, "N1", "N2", 7, "partition"),
    ]);
    const arrows = buildSpaceTime(level, trace, 600).arrows;
    expect(arrows.map((a) => [a.copy, a.fate, a.forked])).toEqual([
      [0, "delivered", true],
      [1, "dropped", true],
    ]);
  });

  it("flags a delivery far slower than the link's base + jitter as delayed", () => {
    const trace = buildTrace([send(0, "N1", "N2", 1), deliver(12, "N2", "N1", 1, 0), send(0, "N1", "N2", 2), deliver(60, "N2", "N1", 2, 0)]);
    const arrows = buildSpaceTime(level, trace, 600).arrows;
    expect(arrows.map((a) => [a.msgId, a.delayed, a.delayTicks])).toEqual([
      [1, false, 12],
      [2, true, 60],
    ]);
    expect(isDelayed(24, level.network)).toBe(false);
    expect(isDelayed(25, level.network)).toBe(true);
  });

  it("keeps a message still travelling at the end as in flight", () => {
    const model = buildSpaceTime(level, buildTrace([send(598, "N1", "N2", 1)]), 600);
    expect(model.arrows[0]).toMatchObject({ fate: "in-flight", endIndex: null, t1: 600 });
    expect(arrowsInFlight(model, 599).map((a) => a.msgId)).toEqual([1]);
  });
});

describe("bands, gaps and clocks", () => {
  const partition: FaultSpec = { kind: "partition", atTick: 100, untilTick: 200, groups: [["N1"]] };

  it("shades a partition from its start event to its end event, naming who is cut off", () => {
    const trace = buildTrace([
      { tick: 100, kind: "fault", phase: "start", faultId: 0, fault: partition },
      { tick: 200, kind: "fault", phase: "end", faultId: 0, fault: partition },
    ]);
    const [band] = buildSpaceTime(level, trace, 600).bands;
    expect(band).toMatchObject({ kind: "partition", startTick: 100, endTick: 200, open: false, groups: [["N1"], ["N2", "N3"]], cutOff: ["N1"] });
    expect(band!.label).toBe("partition: N1 | N2 N3");
  });

  it("keeps a partition that never heals open to the end", () => {
    const trace = buildTrace([{ tick: 100, kind: "fault", phase: "start", faultId: 0, fault: partition }]);
    expect(buildSpaceTime(level, trace, 600).bands[0]).toMatchObject({ endTick: 600, open: true });
  });

  it("cuts off the receivers of a one-way cut and the smaller side of a gray link", () => {
    const cut: FaultSpec = { kind: "cut", atTick: 0, from: ["N1", "N2"], to: ["N3"] };
    expect(cutOffLanes(cut, bandGroups(cut, level))).toEqual(["N3"]);
    const gray: FaultSpec = { kind: "gray", atTick: 0, between: [["N1", "N2"], ["N3"]], delayTicks: 40 };
    expect(cutOffLanes(gray, bandGroups(gray, level))).toEqual(["N3"]);
  });

  it("turns a crash and its recovery into a gap, and a pause into a hatched span", () => {
    const trace = buildTrace([
      { tick: 50, kind: "crash", node: "N2" },
      { tick: 90, kind: "recover", node: "N2" },
      { tick: 300, kind: "crash", node: "N3" },
      { tick: 120, kind: "pause", node: "N1", untilTick: 140 },
      { tick: 140, kind: "resume", node: "N1" },
    ]);
    const model = buildSpaceTime(level, trace, 600);
    const [n1, n2, n3] = model.lanes;
    expect(n2!.crashes).toEqual([{ startTick: 50, endTick: 90, startIndex: 0, open: false }]);
    expect(n3!.crashes).toEqual([{ startTick: 300, endTick: 600, startIndex: 2, open: true }]);
    expect(n1!.pauses).toEqual([{ startTick: 120, endTick: 140, startIndex: 3, open: false }]);
    expect(laneStatusAt(n2!, 60)).toBe("down");
    expect(laneStatusAt(n2!, 90)).toBe("up");
    expect(laneStatusAt(n1!, 130)).toBe("paused");
  });

  it("gives each lane its clock offset, following a step during the game", () => {
    const trace = buildTrace([{ tick: 100, kind: "clock", node: "N2", stepTicks: -40, driftPpm: 0 }]);
    const n2 = buildSpaceTime(level, trace, 600).lanes[1]!;
    expect(n2.clockOffsetTicks).toBe(25);
    expect(clockOffsetAt(n2, 50)).toBe(25);
    expect(clockOffsetAt(n2, 150)).toBe(-15);
    expect(clockOffsetAt(buildSpaceTime(level, [], 600).lanes[0]!, 300)).toBe(0);
  });

  it("marks player actions, refused ones flagged", () => {
    const trace = buildTrace([{ tick: 3, kind: "action", node: "N1", action: "confirm", params: { seq: 1 }, ok: false, error: "no ack yet" }]);
    expect(buildSpaceTime(level, trace, 600).marks[0]).toMatchObject({ i: 0, node: "N1", kind: "action", refused: true, label: "N1 confirm (seq 1) (refused: no ack yet)" });
  });
});
