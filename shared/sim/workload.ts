/**
 * The workload: simulated clients sending requests to nodes on a seeded schedule. Each workload
 * has its own stream, so its timing never depends on what any node does.
 */
import { streamRng } from "./prng.js";
import { arrive } from "./node-runtime.js";
import type { World } from "./world-types.js";

export function scheduleWorkloads(world: World): void {
  world.level.workload.forEach((spec, index) => {
    if (spec.startTick < spec.endTick) world.queue.push({ tick: spec.startTick, seq: world.seq++, kind: "workload", index, n: 0 });
  });
}

export function workloadFires(world: World, index: number, n: number): void {
  const spec = world.level.workload[index]!;
  const rng = streamRng(world.seed, `workload:${spec.id}`, world.rngCounters);
  const to = spec.to[n % spec.to.length]!;
  const request = {
    id: `${spec.id}-${n + 1}`,
    workload: spec.id,
    payload: { ...spec.payload, n: n + 1 },
    arrivedTick: world.tick,
    deadlineTick: world.tick + spec.slaTicks,
  };
  arrive(world, { tick: world.tick, seq: world.seq++, kind: "request", node: to, nodeIndex: world.nodes[to]!.index, request }, false);
  const nextTick = world.tick + spec.everyTicks + rng.int(0, spec.jitterTicks);
  if (nextTick < spec.endTick) world.queue.push({ tick: nextTick, seq: world.seq++, kind: "workload", index, n: n + 1 });
}
