/**
 * A scripted fault with jitterTicks starts at a seeded, unannounced moment: the whole fault moves
 * by 0..jitterTicks, the same for a seed every time, different across seeds, and parseLevel
 * refuses a jitter that could push it past the end.
 */
import { describe, expect, it } from "vitest";
import type { FaultSpec } from "../../../shared/level/faults.js";
import { levelErrorText } from "../../../shared/level/level.js";
import { parseLevel } from "../../../shared/level/parse-level.js";
import { seededFaults } from "../../../shared/sim/seeded-faults.js";
import { createWorld } from "../../../shared/sim/world.js";
import { heartbeatLevel, rawHeartbeatLevel } from "../../support/test-levels.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

const partition: FaultSpec = { kind: "partition", atTick: 200, untilTick: 650, jitterTicks: 150, groups: [["N1"], ["N2"]] };

describe("seeded fault starts", () => {
  it("move the whole fault by the same seeded amount, within the jitter", () => {
    const starts = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const [moved] = seededFaults([partition], seed) as [Extract<FaultSpec, { kind: "partition" }>];
      expect(moved.atTick).toBeGreaterThanOrEqual(200);
      expect(moved.atTick).toBeLessThanOrEqual(350);
      expect(moved.untilTick! - moved.atTick).toBe(450);
      expect(moved).not.toHaveProperty("jitterTicks");
      expect(seededFaults([partition], seed)).toEqual([moved]);
      starts.add(moved.atTick);
    }
    expect(starts.size).toBeGreaterThan(20);
  });

  it("leave a fault without jitter as it is, and the world uses the moved one", () => {
    const crash: FaultSpec = { kind: "crash", atTick: 100, node: "N1", recoverAtTick: 130 };
    expect(seededFaults([crash], 7)).toEqual([crash]);
    const world = createWorld(heartbeatLevel(2, { faults: [partition], durationTicks: 900 }), TEST_CATALOG, 7);
    expect(world.faults[0]).toEqual(seededFaults([partition], 7)[0]);
  });

  it("parseLevel refuses a jitter that can move a fault past the end", () => {
    const parsed = parseLevel(rawHeartbeatLevel(2, { durationTicks: 300, faults: [partition] }), TEST_CATALOG);
    expect(parsed.ok ? "" : levelErrorText(parsed.error)).toMatch(/faults\[0\]\.jitterTicks: can move the fault to 350/);
  });
});
