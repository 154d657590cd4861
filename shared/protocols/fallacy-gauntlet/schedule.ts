/**
 * When each round of the gauntlet runs, from the level's protocolOptions: eight rounds of
 * `roundTicks` each from `firstRoundTick`, then the bonus question to the end. The bots, the
 * screen and the checks all read the rounds from here, so the level file sets them once.
 */
import type { Level } from "../../level/level.js";

/** The rounds in play order; "bonus" is the meta question. */
export const ROUNDS = ["reliable", "latency", "bandwidth", "secure", "topology", "admin", "cost", "homogeneous", "bonus"] as const;
export type Round = (typeof ROUNDS)[number];

export interface Schedule {
  firstRoundTick: number;
  roundTicks: number;
}

const num = (value: unknown, fallback: number): number => (typeof value === "number" ? value : fallback);

export function scheduleOf(options: Readonly<Record<string, unknown>>): Schedule {
  return { firstRoundTick: num(options.firstRoundTick, 50), roundTicks: num(options.roundTicks, 300) };
}

/** The tick (on a correct clock) round `round` opens with its card. */
export function roundStart(s: Schedule, round: Round): number {
  return s.firstRoundTick + ROUNDS.indexOf(round) * s.roundTicks;
}

/** [start, end) of a round; the bonus runs to the end of the level. */
export function roundWindow(s: Schedule, round: Round, endTick = Number.POSITIVE_INFINITY): readonly [number, number] {
  const start = roundStart(s, round);
  return [start, round === "bonus" ? endTick : start + s.roundTicks];
}

/** The round in force at `tick`, or null before the first card. */
export function roundAt(s: Schedule, tick: number): Round | null {
  if (tick < s.firstRoundTick) return null;
  const index = Math.min(ROUNDS.length - 1, Math.floor((tick - s.firstRoundTick) / s.roundTicks));
  return ROUNDS[index]!;
}

/** The schedule a level's checks judge by. */
export const levelSchedule = (level: Pick<Level, "protocolOptions">): Schedule => scheduleOf(level.protocolOptions);

/**
 * Offsets inside a round (ticks after its card): the round's traffic starts after 8 s (time to
 * read the card and choose), the assumption breaks at `breakAt`, traffic stops at 24 s.
 */
export const TRAFFIC_FROM = 80;
export const TRAFFIC_TO = 240;
