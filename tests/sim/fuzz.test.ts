/**
 * VOPR-lite: seeded random levels of 2 to 9 nodes, with each kind of fault switched on or off per
 * run ("swarm testing"), world invariants checked after every tick, and the failing seed
 * printed. A seed that ever fails belongs in tests/sim/regressions.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { Level } from "../../shared/level/level.js";
import { streamRng, type Rng } from "../../shared/sim/prng.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import { nodeView } from "../../shared/view/node-view.js";
import { uptimeTicks } from "../../shared/sim/clock.js";
import { checkWorldInvariants, createInvariantState } from "../support/world-invariants.js";
import { heartbeatLevel } from "../support/test-levels.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

/** Swarm runs per quick-suite pass (the quick suite must stay under a minute; longer sweeps: FUZZ_RUNS=2000). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

function randomFaults(rng: Rng, nodes: string[], durationTicks: number): unknown[] {
  const on = { partition: rng.chance(0.5), cut: rng.chance(0.4), flaky: rng.chance(0.4), gray: rng.chance(0.4), crash: rng.chance(0.5), pause: rng.chance(0.5), slow: rng.chance(0.3), clock: rng.chance(0.5), heal: rng.chance(0.3) };
  const faults: unknown[] = [];
  const at = () => rng.int(0, durationTicks - 50);
  const some = () => nodes.filter(() => rng.chance(0.5));
  const count = rng.int(1, 6);
  for (let k = 0; k < count; k++) {
    const atTick = at();
    const untilTick = atTick + rng.int(10, 200);
    if (on.partition) {
      const side = some();
      faults.push({ kind: "partition", atTick, untilTick, groups: [side.length > 0 ? side : [nodes[0]!]] });
    }
    if (on.cut) faults.push({ kind: "cut", atTick, untilTick, from: [rng.pick(nodes)], to: [rng.pick(nodes)] });
    if (on.flaky) faults.push({ kind: "flaky", atTick, untilTick, between: [[rng.pick(nodes)], [rng.pick(nodes)]], dropRate: rng.int(1, 9) / 10 });
    if (on.gray) faults.push({ kind: "gray", atTick, untilTick, between: [[rng.pick(nodes)], [rng.pick(nodes)]], delayTicks: rng.int(5, 60) });
    if (on.crash) faults.push(rng.chance(0.8) ? { kind: "crash", atTick, node: rng.pick(nodes), recoverAtTick: untilTick } : { kind: "crash", atTick, node: rng.pick(nodes) });
    if (on.pause) faults.push({ kind: "pause", atTick, node: rng.pick(nodes), durationTicks: rng.int(5, 100) });
    if (on.slow) faults.push({ kind: "slow", atTick, untilTick, node: rng.pick(nodes), extraTicks: rng.int(1, 20) });
    if (on.clock) faults.push(rng.chance(0.5) ? { kind: "clock-step", atTick, node: rng.pick(nodes), stepTicks: rng.int(-200, 200) } : { kind: "clock-drift", atTick, node: rng.pick(nodes), driftPpm: rng.int(-200_000, 200_000) });
    if (on.heal) faults.push({ kind: "heal", atTick: at() });
  }
  return faults;
}

export function fuzzLevel(seed: number): Level {
  const rng = streamRng(seed, "fuzz", {});
  const nodeCount = rng.int(2, 9);
  const nodes = Array.from({ length: nodeCount }, (_, i) => `N${i + 1}`);
  const durationTicks = rng.int(200, 600);
  return heartbeatLevel(nodeCount, {
    durationTicks,
    protocolOptions: { intervalTicks: rng.int(3, 15), suspectAfterTicks: rng.int(20, 80) },
    network: { delayTicksBase: rng.int(0, 10), jitterTicks: rng.int(0, 20), dropRate: rng.int(0, 30) / 100, duplicateRate: rng.int(0, 20) / 100 },
    faults: randomFaults(rng, nodes, durationTicks),
  });
}

describe("VOPR-lite fuzz", () => {
  it(`${RUNS} random worlds keep every invariant after every tick`, () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const level = fuzzLevel(seed);
      const world = createWorld(level, TEST_CATALOG, seed);
      const inv = createInvariantState(world);
      for (let t = 1; t <= level.durationTicks; t++) {
        advanceTo(world, t);
        const broken = checkWorldInvariants(world, inv, (id) => uptimeTicks(world.nodes[id]!.clock, world.tick));
        if (broken) expect.fail(`fuzz seed ${seed} (${level.nodes.length} nodes) broke "${broken}" at tick ${t}: rerun with fuzzLevel(${seed})`);
      }
      expect(gameHash(world), `fuzz seed ${seed}: stepping and replaying disagree`).toBe(replay(level, TEST_CATALOG, seed, []).hash);
    }
  });
});

describe("the invariant checker itself", () => {
  it("catches a delivery that was never sent and a clock that goes back", () => {
    const level = fuzzLevel(3);
    const world = createWorld(level, TEST_CATALOG, 3);
    advanceTo(world, 50);
    const inv = createInvariantState(world);
    expect(checkWorldInvariants(world, inv, (id) => nodeView(world, id).uptimeTicks)).toBeNull();
    world.trace.push({ i: world.trace.length, tick: 50, kind: "deliver", node: "N1", from: "N2", msgId: 999_999, copy: 0, sentTick: 1 });
    expect(checkWorldInvariants(world, inv, (id) => nodeView(world, id).uptimeTicks)).toBe("every delivery matches an earlier send");
    const fresh = createInvariantState(world);
    fresh.seen = world.trace.length;
    expect(checkWorldInvariants(world, fresh, () => -1)).toBe("the monotonic clock never goes back while a node is up");
  });
});
