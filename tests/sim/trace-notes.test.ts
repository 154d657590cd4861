/**
 * Every note a protocol declares (sim/notes.ts) is written as declared: each shipped level whose
 * protocol declares its notes is played with its correct bots (two seeds) and with each named
 * mistake from the first seat it can take (one seed: a note's shape does not depend on the seat,
 * and the quick suite has no time for every seat of l08 and l12), and every note in the trace
 * must be a declared name whose data passes its schema. The typed readers in checkers and
 * debriefs rely on this.
 */
import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { replay } from "../../shared/sim/replay.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const SEEDS = [1, 2];
const MISTAKE_SEEDS = [1];

describe("trace notes match their declarations", () => {
  const levels = loadLevels().filter((l) => TEST_CATALOG.protocols[l.protocol]?.notes);

  it("every shipped level's protocol declares its notes (none writes untyped ones)", () => {
    const untyped = loadLevels().filter((l) => !TEST_CATALOG.protocols[l.protocol]?.notes);
    expect(untyped.map((l) => `${l.id} (${l.protocol})`)).toEqual([]);
  });

  for (const level of levels) {
    it(`${level.id}: correct bots and every named mistake write only declared, well-formed notes`, () => {
      const protocol = TEST_CATALOG.protocols[level.protocol]!;
      const schemas = protocol.notes!;
      const runs: { inputs: InputRecord[]; seeds: number[] }[] = [{ inputs: [], seeds: SEEDS }];
      for (const [name, bot] of Object.entries(protocol.bots)) {
        if (!bot.mistake) continue;
        const node = level.seats.nodes.find((n) => bot.roles.includes(level.nodes.find((x) => x.id === n)!.role));
        if (node) runs.push({ inputs: [{ tick: 0, node, action: "$control", params: { controller: "bot", policy: name } }], seeds: MISTAKE_SEEDS });
      }
      let checked = 0;
      for (const { inputs, seeds } of runs) {
        for (const seed of seeds) {
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
