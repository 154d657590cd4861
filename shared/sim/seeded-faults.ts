/**
 * A scripted fault with `jitterTicks` starts at a seeded, unannounced moment (l03's partition
 * "somewhere between 0:20 and 0:35"): the whole fault, its end included, moves later by
 * 0..jitterTicks. Drawn once when the world is created, from a stream per fault and counters of
 * its own (like the weather), so a player's actions never move it and levels without jitter
 * draw nothing. The shifted fault is what the engine, the trace and the debrief see.
 */
import type { FaultSpec } from "../level/faults.js";
import { streamRng } from "./prng.js";

export function seededFaults(faults: readonly FaultSpec[], seed: number): FaultSpec[] {
  const counters: Record<string, number> = {};
  return faults.map((fault, index) => {
    const jitter = "jitterTicks" in fault ? (fault.jitterTicks ?? 0) : 0;
    if (jitter <= 0) return fault;
    const shift = streamRng(seed, `fault-start:${index}`, counters).int(0, jitter);
    return shiftFault(fault, shift);
  });
}

function shiftFault(fault: FaultSpec, shift: number): FaultSpec {
  const moved: Record<string, unknown> = { ...fault, atTick: fault.atTick + shift };
  delete moved.jitterTicks;
  for (const key of ["untilTick", "recoverAtTick"]) {
    const t = (fault as Record<string, unknown>)[key];
    if (typeof t === "number") moved[key] = t + shift;
  }
  return moved as FaultSpec;
}
