/**
 * The workload: simulated clients sending requests to nodes on a seeded schedule. Each workload
 * has its own stream, so its timing never depends on what any node does. A workload with `retry`
 * is a closed-loop client: an unanswered request is sent again after a timeout (with backoff),
 * carrying the same `key` so a service can recognise a retry (an idempotency key); the retries'
 * waits come from a stream of their own, so they never shift the workload's schedule.
 */
import { streamRng } from "./prng.js";
import { arrive } from "./node-runtime.js";
import type { World } from "./world-types.js";

export function scheduleWorkloads(world: World): void {
  world.level.workload.forEach((spec, index) => {
    if (spec.startTick < spec.endTick) world.queue.push({ tick: spec.startTick, seq: world.seq++, kind: "workload", index, n: 0 });
  });
}

/** The key a closed-loop client's attempts share: the first attempt's request id. */
export const clientKey = (workloadId: string, n: number): string => `${workloadId}-${n + 1}`;

/** Attempt 1 keeps the plain id (open-loop levels are unchanged); later attempts add ~attempt. */
const attemptId = (key: string, attempt: number): string => (attempt === 1 ? key : `${key}~${attempt}`);

function send(world: World, index: number, n: number, attempt: number): void {
  const spec = world.level.workload[index]!;
  const to = spec.to[n % spec.to.length]!;
  const key = clientKey(spec.id, n);
  const request = {
    id: attemptId(key, attempt),
    workload: spec.id,
    payload: spec.retry ? { ...spec.payload, n: n + 1, key, attempt } : { ...spec.payload, n: n + 1 },
    arrivedTick: world.tick,
    deadlineTick: world.tick + spec.slaTicks,
  };
  arrive(world, { tick: world.tick, seq: world.seq++, kind: "request", node: to, nodeIndex: world.nodes[to]!.index, request }, false);
  const retry = spec.retry;
  if (!retry || attempt >= retry.maxAttempts) return;
  let wait = retry.timeoutTicks;
  for (let k = 1; k < attempt; k++) wait *= retry.backoff;
  if (retry.jitterTicks > 0) wait += streamRng(world.seed, `retry:${spec.id}`, world.rngCounters).int(0, retry.jitterTicks);
  world.queue.push({ tick: world.tick + wait, seq: world.seq++, kind: "client-retry", index, n, attempt: attempt + 1 });
}

export function workloadFires(world: World, index: number, n: number): void {
  const spec = world.level.workload[index]!;
  const rng = streamRng(world.seed, `workload:${spec.id}`, world.rngCounters);
  send(world, index, n, 1);
  const nextTick = world.tick + spec.everyTicks + rng.int(0, spec.jitterTicks);
  if (nextTick < spec.endTick) world.queue.push({ tick: nextTick, seq: world.seq++, kind: "workload", index, n: n + 1 });
}

/** A closed-loop client's timeout: send again unless an answer came (to any attempt). */
export function clientRetryFires(world: World, index: number, n: number, attempt: number): void {
  const key = clientKey(world.level.workload[index]!.id, n);
  if (world.answeredKeys.has(key)) return;
  send(world, index, n, attempt);
}
