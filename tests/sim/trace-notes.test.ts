/**
 * Every note a protocol declares (sim/notes.ts) is written as declared: each shipped level whose
 * protocol declares its notes is played with its correct bots and with each named mistake in
 * each seat it can take, and every note in the trace must be a declared name whose data passes
 * its schema. The typed readers in checkers and debriefs rely on this.
 */
import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { replay } from "../../shared/sim/replay.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const SEEDS = [1, 2];

describe("trace notes match their declarations", () => {
  const levels = loadLevels().filter((l) => TEST_CATALOG.protocols[l.protocol]?.notes);

  it("at least one shipped protocol declares its notes", () => {
    expect(levels.length).toBeGreaterThan(0);
  });

  for (const level of levels) {
    it(`${level.id}: correct bots and every named mistake write only declared, well-formed notes`, () => {
      const protocol = TEST_CATALOG.protocols[level.protocol]!;
      const schemas = protocol.notes!;
      const runs: InputRecord[][] = [[]];
      for (const [name, bot] of Object.entries(protocol.bots)) {
        if (!bot.mistake) continue;
        for (const node of level.seats.nodes.filter((n) => bot.roles.includes(level.nodes.find((x) => x.id === n)!.role))) {
          runs.push([{ tick: 0, node, action: "$control", params: { controller: "bot", policy: name } }]);
        }
      }
      let checked = 0;
      for (const inputs of runs) {
        for (const seed of SEEDS) {
          for (const e of replay(level, TEST_CATALOG, seed, inputs).world.trace) {
            if (e.kind !== "note") continue;
            const schema = schemas[e.name];
            expect(schema, `${level.id} seed ${seed}: note "${e.name}" is not declared`).toBeDefined();
            const error = [...Value.Errors(schema!, e.data)][0];
            expect(error, `${level.id} seed ${seed}: note "${e.name}" ${JSON.stringify(e.data)}: ${error?.path} ${error?.message}`).toBeUndefined();
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
