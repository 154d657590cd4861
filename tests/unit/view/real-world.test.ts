import { describe, expect, it } from "vitest";
import { loadLevels } from "../../../server/level-files.js";
import { replay } from "../../../shared/sim/replay.js";
import { buildDebrief } from "../../../shared/view/debrief-model.js";
import { realWorldCard } from "../../../shared/view/real-world.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

describe("the real-world card", () => {
  it("gives every shipped level's chapter the book's magnitudes and this game's own numbers", () => {
    for (const level of loadLevels()) {
      const { world, hash } = replay(level, TEST_CATALOG, 5, []);
      const model = buildDebrief(world, level.seats.nodes[0]!, hash);
      const rw = realWorldCard(level.chapter, model.metrics, model.spaceTime.arrows);
      expect(rw.there.length, level.id).toBeGreaterThan(0);
      // The mean flight time, from the delivered arrows of this very game.
      const delivered = model.spaceTime.arrows.filter((a) => a.fate === "delivered");
      const mean = delivered.reduce((s, a) => s + a.t1 - a.t0, 0) / delivered.length / 10;
      expect(rw.here[0]).toBe(`A message took ${mean.toFixed(1)} s on average to arrive here (${delivered.length} delivered).`);
    }
  });

  it("says only what it knows for an unknown chapter", () => {
    const rw = realWorldCard(42, { latency: { count: 0, meanTicks: 0, p95Ticks: 0, maxTicks: 0 } } as never, []);
    expect(rw.there).toEqual([]);
    expect(rw.here).toEqual(["The game runs at human speed: one game-second stands for what real networks do in milliseconds."]);
  });
});
