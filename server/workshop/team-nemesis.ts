/**
 * What a workshop's nemesis sees of their game, and what the console and the report read of it:
 * plain JSON from the session's input log (shared/sim/nemesis.ts decides; this only reads).
 */
import type { GameSession } from "../rooms/game-session.js";
import { NEMESIS_COSTS, nemesisBudget, nemesisLimits, nemesisMoves, type NemesisLimits } from "../../shared/sim/nemesis.js";
import { moveWords, nemesisScore } from "../../shared/checks/nemesis-score.js";

const TICKS_PER_SECOND = 10;

/** The nemesis' welcome: their budget, the level's limits and the cost of each kind of fault. */
export interface NemesisWelcome {
  points: number;
  /** Points their team has spent so far. */
  spent: number;
  limits: NemesisLimits;
  costs: Record<string, number>;
}

export function nemesisWelcome(session: GameSession): NemesisWelcome {
  return {
    points: session.options.workshop?.nemesis?.points ?? 0,
    spent: nemesisMoves(session.world.inputs).reduce((sum, m) => sum + m.cost, 0),
    limits: nemesisLimits(session.level),
    costs: { ...NEMESIS_COSTS } as Record<string, number>,
  };
}

export interface NemesisStatus {
  points: number;
  spent: number;
  moves: { atSeconds: number; by: string; what: string; cost: number }[];
  /** At the end: what they caused (shared/checks/nemesis-score.ts). */
  score: { points: number; violations: { check: string; cause: string }[]; missedGoals: string[] } | null;
}

/** Null when no nemesis plays this team's game. */
export function nemesisStatusOf(session: GameSession): NemesisStatus | null {
  const inputs = session.world.inputs;
  const points = nemesisBudget(inputs) ?? session.options.workshop?.nemesis?.points ?? null;
  if (points === null) return null;
  const moves = nemesisMoves(inputs);
  const ended = session.ended;
  const score = ended ? nemesisScore({ level: session.level, inputs, violations: ended.verdict.violations, goals: ended.verdict.goals }) : null;
  return {
    points,
    spent: moves.reduce((sum, m) => sum + m.cost, 0),
    moves: moves.map((m) => ({ atSeconds: Math.floor(m.tick / TICKS_PER_SECOND), by: m.by, what: moveWords(m), cost: m.cost })),
    score: score ? { points: score.points, violations: score.violations.map((v) => ({ check: v.check, cause: v.message })), missedGoals: score.missedGoals.map((g) => g.title) } : null,
  };
}
