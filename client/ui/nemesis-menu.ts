// A workshop's nemesis plays the network with the facilitator's fault menu, cut to what their
// budget buys: each fault the level's limits allow (shared/sim/nemesis.ts decides on the
// server, and says why not in words), with its cost. Pure: no DOM.
import type { FaultSpec } from "../../shared/level/faults.js";
import { lastsTicks } from "../../shared/sim/nemesis.js";
import type { NemesisWelcome } from "../net/room-client.js";
import { faultPresets, type FaultPreset } from "./fault-presets.js";

export interface NemesisPreset extends FaultPreset {
  cost: number;
}

export function nemesisPresets(nodeIds: readonly string[], nemesis: NemesisWelcome): NemesisPreset[] {
  const out: NemesisPreset[] = [];
  for (const preset of faultPresets(nodeIds)) {
    const cost = nemesis.costs[preset.fault.kind];
    if (cost === undefined || !withinLimits(preset.fault, nemesis)) continue;
    out.push({ ...preset, cost, label: `${preset.label} · ${cost} pt${cost === 1 ? "" : "s"}` });
  }
  return out;
}

function withinLimits(fault: FaultSpec, nemesis: NemesisWelcome): boolean {
  const lasts = lastsTicks(fault);
  if (lasts === null || lasts > nemesis.limits.faultTicksMax) return false;
  return fault.kind !== "clock-step" || Math.abs(fault.stepTicks) <= nemesis.limits.clockStepTicksMax;
}

/** The rules of the game for the nemesis, in one sentence. */
export function nemesisRules(nemesis: NemesisWelcome, spent: number, ticksPerSecond = 10): string {
  const s = (ticks: number): string => `${Math.round(ticks / ticksPerSecond)} s`;
  const l = nemesis.limits;
  return `Your team's budget: ${Math.max(0, nemesis.points - spent)} of ${nemesis.points} points left, shared. A fault lasts at most ${s(l.faultTicksMax)}, at most ${l.activeMax} at once, and none may act in the last ${s(l.quietEndTicks)}.`;
}
