/**
 * The debrief's replay: the same fold as sim/replay.ts, cut into slices so a browser can paint
 * a progress bar between them. Advancing in several steps runs exactly the same events in the
 * same order as one advanceTo (events are processed by (tick, seq) whatever the stops), so the
 * hash is the one the server computed; a test pins that.
 */
import type { Level } from "../level/level.js";
import type { Catalog } from "../sim/catalog.js";
import { err, ok, type Result } from "../base/result.js";
import { replayInput, INPUTS_MAX } from "../sim/inputs.js";
import { gameHash } from "../sim/state-hash.js";
import { advanceTo, createWorld } from "../sim/world.js";
import type { InputRecord, Mode, World } from "../sim/world-types.js";

export interface ReplayProgress {
  tick: number;
  durationTicks: number;
}

/** Yields after every `sliceTicks` of game time; returns the finished world and its hash. */
export function* replaySliced(
  level: Level,
  catalog: Catalog,
  seed: number,
  inputs: readonly InputRecord[],
  mode: Mode,
  sliceTicks = 100,
): Generator<ReplayProgress, { world: World; hash: string }, void> {
  const world = createWorld(level, catalog, seed, { mode });
  const end = level.durationTicks;
  const step = Math.max(1, Math.floor(sliceTicks));
  let next = 0;
  let lastTick = 0;
  for (const input of inputs) {
    if (input.tick < lastTick) throw new Error(`input log goes back in time at tick ${input.tick}`);
    if (input.tick > end) break;
    lastTick = input.tick;
    while (next + step < input.tick) {
      next += step;
      advanceTo(world, next);
      yield { tick: next, durationTicks: end };
    }
    advanceTo(world, input.tick);
    replayInput(world, input);
  }
  while (next + step < end) {
    next += step;
    if (next > world.tick) {
      advanceTo(world, next);
      yield { tick: next, durationTicks: end };
    }
  }
  advanceTo(world, end);
  return { world, hash: gameHash(world) };
}

/** Run a sliced replay to the end without pausing (tests, Node). */
export function runSliced(gen: Generator<ReplayProgress, { world: World; hash: string }, void>): { world: World; hash: string } {
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
  }
}

/** A stored input log is untrusted JSON: check its shape before replaying it. */
export function parseInputLog(raw: unknown): Result<InputRecord[], string> {
  if (!Array.isArray(raw)) return err("inputs must be an array");
  if (raw.length > INPUTS_MAX) return err(`inputs has ${raw.length} entries; at most ${INPUTS_MAX}`);
  const out: InputRecord[] = [];
  for (let k = 0; k < raw.length; k++) {
    const r = raw[k] as Partial<InputRecord> | null;
    if (typeof r !== "object" || r === null) return err(`inputs[${k}] must be an object`);
    if (typeof r.tick !== "number" || !Number.isSafeInteger(r.tick) || r.tick < 0) return err(`inputs[${k}].tick must be a whole number >= 0`);
    if (typeof r.node !== "string" || typeof r.action !== "string") return err(`inputs[${k}] needs node and action strings`);
    out.push({ tick: r.tick, node: r.node, action: r.action, params: r.params ?? null });
  }
  return ok(out);
}
