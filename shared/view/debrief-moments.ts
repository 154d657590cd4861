/**
 * The moments a facilitator steps the projector through when a team's game is over: first the
 * whole game, then, in time order, each incident (or what a variant set out to show), each
 * moment a protocol's debrief card points at, each fault as it began, and each move of a nemesis. A pure function of the
 * debrief model, so the console and the projector agree on what step 3 is.
 */
import type { DebriefModel } from "./debrief-model.js";
import { formatTicks } from "./space-time.js";

export interface DebriefMoment {
  /** Null: the whole game, fitted. */
  tick: number | null;
  node?: string;
  text: string;
}

type MomentSource = Pick<DebriefModel, "spotlights" | "observed" | "protocolDebrief" | "nemesis"> & { spaceTime: Pick<DebriefModel["spaceTime"], "bands"> };

export function debriefMoments(model: MomentSource): DebriefMoment[] {
  const moments: (DebriefMoment & { tick: number })[] = [];
  const laneOf = (evidence: readonly { node: string | null }[]): string | undefined => evidence.at(-1)?.node ?? undefined;
  for (const spot of model.spotlights) moments.push({ tick: spot.tick, node: laneOf(spot.evidence), text: `Incident: ${spot.title}` });
  for (const spot of model.observed) moments.push({ tick: spot.tick, node: laneOf(spot.evidence), text: `Seen breaking: ${spot.title}` });
  for (const card of model.protocolDebrief.cards) if (card.tick !== undefined) moments.push({ tick: card.tick, text: card.title });
  for (const move of model.nemesis?.moves ?? []) {
    const node = "node" in move.fault && typeof move.fault.node === "string" ? move.fault.node : undefined;
    moments.push({ tick: move.tick, ...(node ? { node } : {}), text: `The nemesis (${move.by}): ${move.fault.kind}` });
  }
  // Every fault that began (scripted, or thrown live by the facilitator); a nemesis' own are above.
  const nemesisTicks = new Set((model.nemesis?.moves ?? []).map((m) => m.tick));
  for (const band of model.spaceTime.bands) {
    if (nemesisTicks.has(band.startTick)) continue;
    moments.push({ tick: band.startTick, ...(band.cutOff[0] ? { node: band.cutOff[0] } : {}), text: band.label });
  }
  moments.sort((a, b) => a.tick - b.tick);
  return [{ tick: null, text: "The whole game" }, ...moments.map((m) => ({ ...m, text: `${formatTicks(m.tick)} · ${m.text}` }))];
}

/** Step `step` of the list, wrapping around; the caption says which of how many. */
export function momentAt(moments: readonly DebriefMoment[], step: number): { moment: DebriefMoment; caption: string } {
  const index = ((Math.trunc(step) % moments.length) + moments.length) % moments.length;
  const moment = moments[index]!;
  return { moment, caption: `Moment ${index + 1} of ${moments.length}: ${moment.text}` };
}
