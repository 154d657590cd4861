/**
 * Replay is a fold: re-run the world from (level, catalog, seed, inputs) to the end. The server does it to
 * score a stored game; the browser does it to rebuild the debrief; both must get the same hash.
 */
import type { Level } from "../level/level.js";
import type { Catalog } from "./catalog.js";
import { replayInput } from "./inputs.js";
import { gameHash } from "./state-hash.js";
import { advanceTo, createWorld } from "./world.js";
import type { InputRecord, Mode, World } from "./world-types.js";

export interface ReplayResult {
  world: World;
  hash: string;
}

export function replay(level: Level, catalog: Catalog, seed: number, inputs: readonly InputRecord[], mode: Mode = "guided", untilTick = level.durationTicks): ReplayResult {
  const world = createWorld(level, catalog, seed, { mode });
  let lastTick = 0;
  for (const input of inputs) {
    if (input.tick < lastTick) throw new Error(`input log goes back in time at tick ${input.tick}`);
    if (input.tick > untilTick) break;
    lastTick = input.tick;
    advanceTo(world, input.tick);
    replayInput(world, input);
  }
  advanceTo(world, untilTick);
  return { world, hash: gameHash(world) };
}
