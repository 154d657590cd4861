/**
 * The nemesis' score, from the finished game alone (its input log and its verdict): the safety
 * violations that happened while one of their faults acted or in its aftermath, and the goals
 * the nodes missed in a game the nemesis played in. Their faults were all within budget (the
 * engine refused the others, see shared/sim/nemesis.ts), so everything counted here was caused
 * within budget. The node team keeps the level's own score; this one sits beside it.
 */
import type { Level } from "../level/level.js";
import type { DebriefMark } from "../sim/debrief-marks.js";
import { faultNodes, isNetworkFault } from "../level/faults.js";
import { nemesisBudget, nemesisMoves, type NemesisMove } from "../sim/nemesis.js";
import type { InputRecord } from "../sim/world-types.js";
import type { Violation } from "../sim/check.js";

/** A violation this long after a fault stopped acting is still its doing (a leader elected late, a stale read). */
export const NEMESIS_AFTERMATH_TICKS = 100;
/** Points for each goal the nodes missed (a violation is worth the level's perViolation). */
export const MISSED_GOAL_POINTS = 100;

export interface NemesisScore {
  points: number;
  budget: number;
  spent: number;
  moves: NemesisMove[];
  /** The violations they caused, each with the move (index in `moves`) that was acting. */
  violations: { check: string; tick: number; message: string; move: number }[];
  missedGoals: { id: string; title: string }[];
}

export interface FinishedGame {
  level: Pick<Level, "scoring">;
  inputs: readonly InputRecord[];
  violations: readonly Violation[];
  goals: readonly { id: string; title: string; met: boolean }[];
}

/** Null when no nemesis played this game. */
export function nemesisScore(game: FinishedGame): NemesisScore | null {
  const budget = nemesisBudget(game.inputs);
  if (budget === null) return null;
  const moves = nemesisMoves(game.inputs);
  const violations: NemesisScore["violations"] = [];
  for (const v of game.violations) {
    const move = moves.findIndex((m) => m.tick <= v.tick && v.tick <= m.endTick + NEMESIS_AFTERMATH_TICKS);
    if (move >= 0) violations.push({ check: v.check, tick: v.tick, message: v.message, move });
  }
  // Goals are judged over the whole game: a nemesis who threw nothing caused no miss.
  const missedGoals = moves.length === 0 ? [] : game.goals.filter((g) => !g.met).map((g) => ({ id: g.id, title: g.title }));
  return {
    points: violations.length * game.level.scoring.perViolation + missedGoals.length * MISSED_GOAL_POINTS,
    budget,
    spent: moves.reduce((sum, m) => sum + m.cost, 0),
    moves,
    violations,
    missedGoals,
  };
}

/** A move in words: "split N1 N2 | N3 for 15 s". */
export function moveWords(move: NemesisMove): string {
  const f = move.fault;
  const forSeconds = move.endTick > move.tick ? ` for ${Math.round((move.endTick - move.tick) / 10)} s` : "";
  switch (f.kind) {
    case "partition":
      return `split ${f.groups.map((g) => g.join(" ")).join(" | ")}${forSeconds}`;
    case "cut":
      return `cut ${f.from.join(" ")} → ${f.to.join(" ")}${forSeconds}`;
    case "flaky":
    case "gray":
      return `${f.kind} links ${f.between[0].join(" ")} ↔ ${f.between[1].join(" ")}${forSeconds}`;
    case "clock-step":
      return `${f.node}'s clock jumps ${Math.round(f.stepTicks / 10)} s`;
    default:
      return `${f.kind} ${faultNodes(f).join(" ")}${forSeconds}`;
  }
}

/** The moves on the space-time diagram: a node fault on its lane, a network fault across the width. */
export function nemesisMarks(score: NemesisScore): DebriefMark[] {
  return score.moves.map((m) => {
    const caused = score.violations.some((v) => score.moves[v.move] === m);
    const label = `nemesis${m.by ? ` ${m.by}` : ""}: ${moveWords(m)} (${m.cost} pt${m.cost === 1 ? "" : "s"})`;
    const lane = isNetworkFault(m.fault) ? undefined : faultNodes(m.fault)[0];
    return { ...(lane ? { node: lane } : {}), fromTick: m.tick, toTick: m.endTick, tone: caused ? "bad" : "warn", label };
  });
}
