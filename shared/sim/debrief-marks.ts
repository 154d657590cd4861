/**
 * What a protocol adds to its debrief, as data: shaded spans and moments on the space-time
 * diagram (a lane's, or the whole width's) and cards beside it. The client draws whatever a
 * protocol returns, so a level says "here the user's email lived only in RAM" or "round 2: the
 * carts merged here" without a line of client code. Pure functions of the finished game's trace.
 */
import type { Level } from "../level/level.js";
import type { TraceEvent } from "./trace.js";

/** How a mark reads: bad (a rule broken, data at risk), warn (a choice that cost), good, info. */
export type MarkTone = "bad" | "warn" | "good" | "info";

export interface DebriefMark {
  /** The lane it shades; absent: the whole diagram's width (a round, a phase). */
  readonly node?: string;
  readonly fromTick: number;
  /** Equal to fromTick for a moment. */
  readonly toTick: number;
  readonly tone: MarkTone;
  /** Shown beside the span and read out when the time cursor enters it. */
  readonly label: string;
}

export interface DebriefCard {
  readonly title: string;
  readonly lines: readonly string[];
  /** The moment it is about: the card offers "show me" there. */
  readonly tick?: number;
  readonly tone?: MarkTone;
}

export interface ProtocolDebrief {
  readonly marks: readonly DebriefMark[];
  readonly cards: readonly DebriefCard[];
}

/** Writes a protocol's debrief: the whole trace, its level, when the game ended, the player's seat. */
export type DebriefHook = (trace: readonly TraceEvent[], level: Level, endTick: number, seat: string) => ProtocolDebrief;

export const NO_DEBRIEF: ProtocolDebrief = { marks: [], cards: [] };

/**
 * Merges overlapping [from, to] intervals (in ticks) into disjoint spans, each with the largest
 * number of intervals open at once inside it: "3 users at risk" rather than 40 stacked shades.
 */
export function mergeSpans(intervals: readonly { fromTick: number; toTick: number }[]): { fromTick: number; toTick: number; peak: number }[] {
  const edges: [number, number][] = [];
  for (const { fromTick, toTick } of intervals) {
    edges.push([fromTick, 1], [Math.max(fromTick, toTick), -1]);
  }
  // Opens before closes at one tick, so touching intervals join.
  edges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: { fromTick: number; toTick: number; peak: number }[] = [];
  let open = 0;
  let start = 0;
  let peak = 0;
  for (const [tick, delta] of edges) {
    if (open === 0 && delta > 0) {
      start = tick;
      peak = 0;
    }
    open += delta;
    peak = Math.max(peak, open);
    if (open === 0) out.push({ fromTick: start, toTick: tick, peak });
  }
  return out;
}
