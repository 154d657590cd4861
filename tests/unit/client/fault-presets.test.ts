import { describe, expect, it } from "vitest";
import { faultPresets } from "../../../client/ui/fault-presets.js";
import { loadLevels } from "../../../server/level-files.js";
import { FACILITATOR, submitInput } from "../../../shared/sim/inputs.js";
import { advanceTo, createWorld } from "../../../shared/sim/world.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

describe("the facilitator's fault presets", () => {
  it("are all accepted by the engine on every level, and take effect", () => {
    for (const level of loadLevels()) {
      const ids = level.nodes.map((n) => n.id);
      const presets = faultPresets(ids);
      expect(new Set(presets.map((p) => p.id)).size).toBe(presets.length);
      for (const preset of presets) {
        // A moment before the first fault any level scripts (l08's first power failure is at
        // 0:30), so the preset meets nodes that are up and links that are whole.
        const startTick = Math.min(250, ...level.faults.map((f) => f.atTick - 2));
        const world = createWorld(level, TEST_CATALOG, 7);
        advanceTo(world, startTick);
        // Healing needs something to heal: cut one node off first.
        if (preset.id === "heal") submitInput(world, FACILITATOR, "$fault", { fault: presets.find((p) => p.id.startsWith("isolate-"))!.fault });
        const before = world.trace.length;
        const result = submitInput(world, FACILITATOR, "$fault", { fault: preset.fault });
        expect(result, `${level.id} ${preset.id}`).toEqual({ ok: true, value: undefined });
        advanceTo(world, startTick + 2);
        // Each one shows in the trace at once (fault start, crash, pause, clock step or heal).
        const kinds = world.trace.slice(before).map((e) => e.kind);
        expect(kinds.some((k) => ["fault", "crash", "pause", "clock"].includes(k)), `${level.id} ${preset.id}: ${kinds.join(",")}`).toBe(true);
      }
    }
  });

  it("split the nodes into two halves and name every node in the per-node faults", () => {
    const presets = faultPresets(["N1", "N2", "N3", "N4", "N5"]);
    expect(presets.find((p) => p.id === "split")?.fault).toEqual({ kind: "partition", atTick: 0, untilTick: 150, groups: [["N1", "N2", "N3"], ["N4", "N5"]] });
    for (const node of ["N1", "N5"]) {
      expect(presets.map((p) => p.id)).toEqual(expect.arrayContaining([`crash-${node}`, `pause-${node}`, `clock-${node}`, `isolate-${node}`]));
    }
  });
});
