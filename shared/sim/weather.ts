/**
 * Seeded random weather: turned into concrete faults once, when the world is created, from the
 * weather stream alone. The debrief can then show it like any scripted fault, and a player's
 * actions can never change it.
 */
import type { Level, WeatherSpec } from "../level/level.js";
import type { FaultSpec } from "../level/faults.js";
import { streamRng } from "./prng.js";

const TICKS_PER_MINUTE = 600;

export function expandWeather(level: Level, seed: number): FaultSpec[] {
  const counters: Record<string, number> = {};
  const faults: FaultSpec[] = [];
  level.weather.forEach((spec, index) => {
    const rng = streamRng(seed, `weather:${index}`, counters);
    const nodes = spec.nodes ?? level.nodes.map((n) => n.id);
    // Occurrences arrive with uniformly random gaps averaging one per (600 / perMinute) ticks.
    const meanGapTicks = Math.max(1, Math.round(TICKS_PER_MINUTE / spec.perMinute));
    let tick = rng.int(0, 2 * meanGapTicks);
    while (tick < level.durationTicks) {
      faults.push(weatherFault(spec, tick, rng.int(spec.durationTicksMin, spec.durationTicksMax), rng.pick(nodes), rng.pick(nodes)));
      tick += rng.int(1, 2 * meanGapTicks);
    }
  });
  return faults;
}

function weatherFault(spec: WeatherSpec, atTick: number, durationTicks: number, node: string, other: string): FaultSpec {
  const untilTick = atTick + durationTicks;
  switch (spec.kind) {
    case "pause":
      return { kind: "pause", atTick, node, durationTicks };
    case "crash":
      return { kind: "crash", atTick, node, recoverAtTick: untilTick };
    case "flaky":
      return { kind: "flaky", atTick, untilTick, between: [[node], [other]], dropRate: spec.magnitude ?? 0.3 };
    case "gray":
      return { kind: "gray", atTick, untilTick, between: [[node], [other]], delayTicks: spec.magnitude ?? 30 };
    case "clock-step":
      return { kind: "clock-step", atTick, node, stepTicks: spec.magnitude ?? 50 };
  }
}
