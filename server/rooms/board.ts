/**
 * Leaderboards ("boards"). A game counts on one board, and every game on a board played that
 * board's seed, so they all met the same faults and their scores compare. Two kinds per level:
 * the week's global board ("week-N") and a class's board ("class-CODE"). A game whose creator
 * chose a seed is on no board.
 *
 * A board's seed is an HMAC of the board under the server's secret (Store.serverSecret): it
 * cannot be computed from the level id and the week, so nobody can simulate a board's game
 * offline before playing it. Each game's seed is revealed in its debrief, once it is over.
 */
import { createHmac } from "node:crypto";
import { seedFrom } from "../../shared/sim/prng.js";

export const WEEK_MS = 7 * 24 * 3600 * 1000;

/** This week's global board (weeks counted from the Unix epoch, a Thursday, in UTC). */
export function weekBoard(now: Date): string {
  return `week-${Math.floor(now.getTime() / WEEK_MS)}`;
}

/** When this week's board closes (and the next week's seed starts). */
export function weekEndsAt(now: Date): Date {
  return new Date((Math.floor(now.getTime() / WEEK_MS) + 1) * WEEK_MS);
}

/** A class's board: every student of the class plays the same seed of each level. */
export function classBoard(classCode: string): string {
  return `class-${classCode}`;
}

export function boardSeed(serverSecret: string, board: string, levelId: string): number {
  return seedFrom(createHmac("sha256", serverSecret).update(`${board}/${levelId}`).digest("hex"));
}
