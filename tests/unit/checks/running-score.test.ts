import { describe, expect, it } from "vitest";
import { loadLevels } from "../../../server/level-files.js";
import { RunningScore } from "../../../shared/checks/running-score.js";
import { metricsOf, scoreOf } from "../../../shared/checks/verdict.js";
import { submitInput } from "../../../shared/sim/inputs.js";
import { advanceTo, createWorld } from "../../../shared/sim/world.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

describe("the running score", () => {
  it("equals scoreOf (metrics and points) at every game-second of every level, with bots and with an idle human", () => {
    for (const level of loadLevels()) {
      // Two seeds keep the quick suite quick: bots in Free mode, then an idle human in Guided.
      for (const seed of [1, 2]) {
        const world = createWorld(level, TEST_CATALOG, seed, { mode: seed === 1 ? "free" : "guided" });
        // Seed 2: the seat is a human who does nothing, so requests go late and unanswered.
        if (seed === 2) expect(submitInput(world, level.seats.nodes[0]!, "$control", { controller: "human" }).ok).toBe(true);
        const running = new RunningScore(world);
        for (let tick = 0; tick <= level.durationTicks; tick += 10) {
          advanceTo(world, tick);
          expect(running.metrics(), `${level.id} seed ${seed} tick ${tick}`).toEqual(metricsOf(world));
          expect(running.score()).toBe(scoreOf(world));
        }
      }
    }
  });
});
