/**
 * The protocol fuzzer: every shipped level with a human on every seat, in Free mode, each human
 * taking random offers from legalActions (fields filled at random) while swarm faults strike,
 * world invariants checked after every tick, and the game replayed from its input log to the same
 * hash. What legalActions offers must never be refused as malformed, nor (when it asks for no
 * field) as impossible: the offers and the engine describe the same actions.
 *
 * A failing (level, seed) is printed; pin it in tests/sim/fuzz-regressions.json and it runs first,
 * every time. Long sweeps belong in `npm run conformance`, not here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import type { Level } from "../../shared/level/level.js";
import { uptimeTicks } from "../../shared/sim/clock.js";
import { submitInput } from "../../shared/sim/inputs.js";
import { legalActions, type ActionOffer } from "../../shared/sim/legal-actions.js";
import { streamRng, type Rng } from "../../shared/sim/prng.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import { FACILITATOR } from "../../shared/sim/inputs.js";
import { checkWorldInvariants, createInvariantState } from "../support/world-invariants.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const SEEDS_PER_LEVEL = 2;
/** Humans act on one tick in this many (a click every second or so, not a flood). */
const ACT_EVERY_TICKS = 7;
const REGRESSIONS: { level: string; seed: number }[] = JSON.parse(readFileSync(join(import.meta.dirname, "fuzz-regressions.json"), "utf8"));

/** Fill an offer's fields the way a careless player would: any value the form allows. */
function filled(offer: ActionOffer, rng: Rng): Record<string, unknown> {
  const params: Record<string, unknown> = { ...offer.params };
  for (const input of offer.inputs) {
    if (input.optional && rng.chance(0.2)) continue;
    if (input.kind === "number") params[input.name] = rng.int(input.min ?? 0, Math.min(input.max ?? 50, (input.min ?? 0) + 50));
    else if (input.options && input.options.length > 0) params[input.name] = rng.pick(input.options.map((o) => o.value));
  }
  return params;
}

/** A fault thrown by the facilitator now and then: the same door the HUD's fault menu uses. */
function swarmFault(rng: Rng, nodes: readonly string[]): unknown {
  const node = rng.pick(nodes);
  const other = rng.pick(nodes.filter((n) => n !== node).length > 0 ? nodes.filter((n) => n !== node) : nodes);
  switch (rng.int(0, 5)) {
    case 0:
      return { kind: "partition", atTick: 0, untilTick: rng.int(20, 150), groups: [[node]] };
    case 1:
      return { kind: "crash", atTick: 0, node, recoverAtTick: rng.int(10, 120) };
    case 2:
      return { kind: "pause", atTick: 0, node, durationTicks: rng.int(5, 80) };
    case 3:
      return { kind: "flaky", atTick: 0, untilTick: rng.int(20, 150), between: [[node], [other]], dropRate: 0.5 };
    case 4:
      return { kind: "clock-step", atTick: 0, node, stepTicks: rng.int(-100, 100) };
    default:
      return { kind: "heal", atTick: 0 };
  }
}

function fuzzGame(level: Level, seed: number): void {
  const rng = streamRng(seed, "protocol-fuzz", {});
  const world = createWorld(level, TEST_CATALOG, seed, { mode: "free" });
  for (const seat of level.seats.nodes) submitInput(world, seat, "$control", { controller: "human", autopilot: rng.chance(0.5) ? [...level.autopilot] : [] });
  const inv = createInvariantState(world);
  const nodes = level.nodes.map((n) => n.id);
  const where = `fuzz ${level.id} seed ${seed} (pin it in tests/sim/fuzz-regressions.json)`;
  for (let t = 1; t < level.durationTicks; t++) {
    advanceTo(world, t);
    const broken = checkWorldInvariants(world, inv, (id) => uptimeTicks(world.nodes[id]!.clock, world.tick));
    if (broken) expect.fail(`${where}: "${broken}" at tick ${t}`);
    if (rng.chance(0.004)) submitInput(world, FACILITATOR, "$fault", { fault: swarmFault(rng, nodes) });
    if (t % ACT_EVERY_TICKS !== 0) continue;
    for (const seat of level.seats.nodes) {
      const offers = legalActions(world, seat);
      if (offers.length === 0) continue;
      const offer = rng.pick(offers);
      const result = submitInput(world, seat, offer.action, filled(offer, rng));
      if (result.ok) continue;
      const refusedAsMalformed = result.error.code === "bad-params";
      const refusedAsImpossible = result.error.code === "impossible" && offer.inputs.length === 0;
      if (refusedAsMalformed || refusedAsImpossible) {
        expect.fail(`${where}: tick ${t}, ${seat} was offered ${offer.action} ${JSON.stringify(offer.params)} but the engine said ${result.error.code}: ${result.error.message}`);
      }
    }
  }
  advanceTo(world, level.durationTicks);
  expect(replay(level, TEST_CATALOG, seed, world.inputs, "free").hash, `${where}: replaying its input log gives another game`).toBe(gameHash(world));
}

describe("the protocol fuzzer (random legal actions on every seat, swarm faults)", () => {
  const levels = loadLevels(undefined, TEST_CATALOG);
  const byId = new Map(levels.map((l) => [l.id, l]));

  it("replays every pinned regression first", () => {
    for (const { level, seed } of REGRESSIONS) fuzzGame(byId.get(level)!, seed);
  });

  for (const level of levels) {
    it(`${level.id}: ${SEEDS_PER_LEVEL} seeds keep every invariant, offer only what the engine takes, and replay`, () => {
      for (let seed = 1; seed <= SEEDS_PER_LEVEL; seed++) fuzzGame(level, seed);
    });
  }
});
