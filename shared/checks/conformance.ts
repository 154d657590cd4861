/**
 * The conformance table: what a level's correct bots achieve over many seeds, and how often each
 * named mistake (a bot policy with `mistake`) is caught when made from each seat a player can
 * take. A safety mistake is caught when a safety check trips; a liveness or level-rule mistake
 * when the game ends with fewer stars than the correct bots earn on the same seed. Pure: `npm run conformance`
 * (server/cli/conformance.ts) runs the games and prints the rows.
 */
import type { Level } from "../level/level.js";
import type { Catalog } from "../sim/catalog.js";
import type { InputRecord } from "../sim/world-types.js";
import type { Verdict } from "./verdict.js";

export interface ConformanceRun {
  policy: string;
  /** The seat that makes the mistake; null: every node plays its level policy (the correct run). */
  seat: string | null;
  kind: "correct" | "safety" | "liveness" | "rule";
}

/** What one game came to, small enough to send between worker threads. */
export interface GameOutcome {
  seed: number;
  violations: string[];
  stars: number;
  failedGoals: string[];
}

export interface ConformanceRow extends ConformanceRun {
  games: number;
  /** Games with a safety violation; for mistakes: games where the mistake was caught. */
  violating: number;
  caught: number;
  /** The first seed that caught the mistake (or, for the correct run, broke a safety rule). */
  firstSeed: number | null;
  /** The first violation seen, word for word. */
  example: string | null;
  /** Stars earned, mean over seeds; and how often each goal failed. */
  meanStars: number;
  failedGoals: Record<string, number>;
  /** The least catch rate the level declares (mistakes only). */
  floor: number | null;
}

/** The correct run first, then every named mistake from every seat whose role it can play. */
export function conformanceRuns(level: Level, catalog: Catalog): ConformanceRun[] {
  const protocol = catalog.protocols[level.protocol]!;
  const runs: ConformanceRun[] = [{ policy: "correct", seat: null, kind: "correct" }];
  for (const [policy, bot] of Object.entries(protocol.bots)) {
    if (!bot.mistake) continue;
    for (const seat of level.seats.nodes) {
      const role = level.nodes.find((n) => n.id === seat)?.role;
      if (role && bot.roles.includes(role)) runs.push({ policy, seat, kind: bot.mistake });
    }
  }
  return runs;
}

/** The inputs that put the mistake in its seat: a control input at tick 0, as `npm run sim --seat` does. */
export function runInputs(run: ConformanceRun): InputRecord[] {
  return run.seat === null ? [] : [{ tick: 0, node: run.seat, action: "$control", params: { controller: "bot", policy: run.policy } }];
}

export function outcomeOf(seed: number, verdict: Verdict): GameOutcome {
  return { seed, violations: verdict.violations.map((v) => `${v.check}: ${v.message}`), stars: verdict.stars, failedGoals: verdict.goals.filter((g) => !g.met).map((g) => g.id) };
}

/** Was the mistake caught in this game? `correct` is the correct bots' game on the same seed. */
export function isCaught(run: ConformanceRun, game: GameOutcome, correct: GameOutcome | undefined): boolean {
  if (run.kind === "safety") return game.violations.length > 0;
  if (run.kind === "liveness" || run.kind === "rule") return game.violations.length > 0 || game.stars < (correct?.stars ?? 3);
  return false;
}

export function summarize(level: Level, run: ConformanceRun, games: readonly GameOutcome[], correctBySeed: ReadonlyMap<number, GameOutcome>): ConformanceRow {
  const failedGoals: Record<string, number> = {};
  let violating = 0;
  let caught = 0;
  let firstSeed: number | null = null;
  let example: string | null = null;
  for (const game of games) {
    for (const goal of game.failedGoals) failedGoals[goal] = (failedGoals[goal] ?? 0) + 1;
    if (game.violations.length > 0) {
      violating++;
      example ??= game.violations[0]!;
    }
    const hit = run.kind === "correct" ? game.violations.length > 0 : isCaught(run, game, correctBySeed.get(game.seed));
    if (hit) {
      caught++;
      firstSeed ??= game.seed;
    }
  }
  const meanStars = games.length === 0 ? 0 : games.reduce((sum, g) => sum + g.stars, 0) / games.length;
  const floor = run.kind === "correct" ? null : (level.mistakeFloors[run.policy] ?? 0);
  return { ...run, games: games.length, violating, caught, firstSeed, example, meanStars, failedGoals, floor };
}

/** Why a row fails CI, or null: a correct bot broke a safety rule, or a mistake was caught too rarely. */
export function rowFailure(row: ConformanceRow): string | null {
  if (row.kind === "correct") return row.violating > 0 ? `correct bots broke a safety rule on ${row.violating} of ${row.games} seeds (first: seed ${row.firstSeed}: ${row.example})` : null;
  const rate = row.games === 0 ? 0 : row.caught / row.games;
  return row.floor !== null && rate < row.floor ? `${row.policy} from ${row.seat} caught on ${(rate * 100).toFixed(1)}% of seeds, under the level's floor of ${(row.floor * 100).toFixed(0)}%` : null;
}
