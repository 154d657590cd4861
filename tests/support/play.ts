/**
 * A scripted human: each tick it reads only its own node's view (exactly what a player sees)
 * and submits actions through the same door a browser uses. The result is a real input log.
 */
import type { Level } from "../../shared/level/level.js";
import { submitInput } from "../../shared/sim/inputs.js";
import type { Mode, World } from "../../shared/sim/world-types.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import { nodeView, type NodeView } from "../../shared/view/node-view.js";
import { TEST_CATALOG } from "./test-catalog.js";

export interface Decision {
  action: string;
  params: Record<string, unknown>;
}

export type Player = (view: NodeView) => Decision[];

export function playScripted(level: Level, seed: number, seat: string, player: Player, options: { mode?: Mode; autopilot?: string[] } = {}): World {
  const world = createWorld(level, TEST_CATALOG, seed, { mode: options.mode ?? "guided" });
  const control = submitInput(world, seat, "$control", { controller: "human", autopilot: options.autopilot ?? [] });
  if (!control.ok) throw new Error(control.error.message);
  for (let tick = 0; tick < level.durationTicks; tick++) {
    advanceTo(world, tick);
    const view = nodeView(world, seat);
    if (view.status !== "up") continue;
    for (const decision of player(view)) {
      const result = submitInput(world, seat, decision.action, decision.params);
      if (!result.ok) throw new Error(`tick ${tick}: ${decision.action} refused: ${result.error.message}`);
    }
  }
  advanceTo(world, level.durationTicks);
  return world;
}

/** Several scripted humans in one world (a team room): each seat reads only its own view, in level order. */
export function playTeam(level: Level, seed: number, players: Readonly<Record<string, Player>>, options: { mode?: Mode } = {}): World {
  const world = createWorld(level, TEST_CATALOG, seed, { mode: options.mode ?? "guided" });
  const seats = Object.keys(players);
  for (const seat of seats) {
    const control = submitInput(world, seat, "$control", { controller: "human", autopilot: [] });
    if (!control.ok) throw new Error(control.error.message);
  }
  for (let tick = 0; tick < level.durationTicks; tick++) {
    advanceTo(world, tick);
    for (const seat of seats) {
      const view = nodeView(world, seat);
      if (view.status !== "up") continue;
      for (const decision of players[seat]!(view)) {
        const result = submitInput(world, seat, decision.action, decision.params);
        if (!result.ok) throw new Error(`tick ${tick}: ${seat} ${decision.action} refused: ${result.error.message}`);
      }
    }
  }
  advanceTo(world, level.durationTicks);
  return world;
}
