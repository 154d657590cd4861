/**
 * A level's phases: the actions a player may take change at scripted moments. Pure functions of
 * the level and the true tick, so the engine (which refuses what is not enabled), legalActions and
 * the client's offers agree at every moment.
 */
import type { Level, PhaseSpec } from "./level.js";

/** The actions enabled at `tick`: the level's own, then each phase that has begun, in order. */
export function actionsAt(level: Pick<Level, "actions" | "phases">, tick: number): string[] {
  const enabled = new Set(level.actions);
  for (const phase of level.phases) {
    if (phase.atTick > tick) break;
    for (const name of phase.disable) enabled.delete(name);
    for (const name of phase.enable) enabled.add(name);
  }
  return [...enabled];
}

/** The phase in force at `tick` (its index and spec), or null before the first. */
export function phaseAt(level: Pick<Level, "phases">, tick: number): { index: number; phase: PhaseSpec } | null {
  let found: { index: number; phase: PhaseSpec } | null = null;
  level.phases.forEach((phase, index) => {
    if (phase.atTick <= tick) found = { index, phase };
  });
  return found;
}

/** Every action a level can ever enable (for the briefing's list of controls). */
export function everyAction(level: Pick<Level, "actions" | "phases">): string[] {
  return [...new Set([...level.actions, ...level.phases.flatMap((p) => p.enable)])];
}
