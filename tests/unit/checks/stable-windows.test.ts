import { describe, expect, it } from "vitest";
import { stableWindows } from "../../../shared/checks/stable-windows.js";
import type { Level } from "../../../shared/level/level.js";
import { buildTrace } from "../../support/trace-builder.js";

const level = { quorumNodes: ["N1", "N2", "N3", "N4", "N5"] } as Level;
const partition = { kind: "partition" as const, atTick: 0, groups: [["N1"]] };

describe("stable windows", () => {
  it("is the whole run when nothing happens", () => {
    expect(stableWindows([], level, 100)).toEqual([{ startTick: 0, endTick: 100 }]);
  });

  it("excludes network faults and pauses, and restarts at crashes and recoveries", () => {
    const trace = buildTrace([
      { tick: 10, kind: "fault", phase: "start", faultId: 0, fault: partition },
      { tick: 30, kind: "fault", phase: "end", faultId: 0, fault: partition },
      { tick: 40, kind: "crash", node: "N1" },
      { tick: 50, kind: "pause", node: "N2", untilTick: 60 },
      { tick: 60, kind: "resume", node: "N2" },
      { tick: 80, kind: "recover", node: "N1" },
    ]);
    expect(stableWindows(trace, level, 100)).toEqual([
      { startTick: 0, endTick: 10 },
      { startTick: 30, endTick: 40 },
      { startTick: 40, endTick: 50 },
      { startTick: 60, endTick: 80 },
      { startTick: 80, endTick: 100 },
    ]);
  });

  it("has no window while a majority is down", () => {
    const trace = buildTrace([
      { tick: 10, kind: "crash", node: "N1" },
      { tick: 20, kind: "crash", node: "N2" },
      { tick: 30, kind: "crash", node: "N3" },
      { tick: 70, kind: "recover", node: "N3" },
    ]);
    expect(stableWindows(trace, level, 100)).toEqual([
      { startTick: 0, endTick: 10 },
      { startTick: 10, endTick: 20 },
      { startTick: 20, endTick: 30 },
      { startTick: 70, endTick: 100 },
    ]);
  });
});
