/**
 * The class page's data (teacher only): students by levels with stars and best score (each cell
 * opens that student's best game's debrief), and per level which named mistakes the class made
 * and how often. Built from the class's stored results; every number is counted, none stored.
 */
import type { Level } from "../../shared/level/level.js";
import type { Verdict } from "../../shared/checks/verdict.js";
import { CATALOG } from "../../shared/protocols/catalog.js";
import { catalogSafetyCheck } from "../../shared/sim/catalog.js";
import { createHash } from "node:crypto";
import type { ClassRecord, StoredResult } from "../store/store.js";

export interface ClassCell {
  stars: number;
  bestScore: number;
  games: number;
  /** The best game's result id: its debrief is /debrief/<id>. */
  bestResultId: string;
}

export interface ClassStudent {
  /** Stable per browser (a short hash of its player id): the column to map to a roster. */
  student: string;
  /** The nickname of the student's latest game. */
  nickname: string;
  cells: Record<string, ClassCell>;
}

export interface ClassMistake {
  /** A safety check id (a rule broken) or a goal id (a goal missed). */
  id: string;
  kind: "violation" | "missed-goal";
  title: string;
  /** How many games made it, and how many students. */
  games: number;
  students: number;
}

export interface ClassLevelSummary {
  levelId: string;
  title: string;
  games: number;
  students: number;
  mistakes: ClassMistake[];
}

export interface ClassReport {
  code: string;
  name: string;
  createdAt: string;
  students: ClassStudent[];
  levels: ClassLevelSummary[];
}

/** Who a result belongs to: its browser's player id, or (older results) its nickname. */
export function studentKeyOf(result: StoredResult): string {
  return result.playerId !== null ? `id:${result.playerId}` : `nickname:${result.nickname}`;
}

/** A short, stable label for a student key; the player id itself is never shown. */
export function studentLabel(key: string): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 8);
}

export function classReport(record: ClassRecord, results: readonly StoredResult[], levels: readonly Level[]): ClassReport {
  const students = new Map<string, ClassStudent>();
  for (const result of results) {
    const key = studentKeyOf(result);
    let student = students.get(key);
    if (!student) students.set(key, (student = { student: studentLabel(key), nickname: result.nickname, cells: {} }));
    // Results come oldest first: the last one names the student.
    student.nickname = result.nickname;
    const cell = student.cells[result.levelId];
    if (!cell) {
      student.cells[result.levelId] = { stars: result.stars, bestScore: result.score, games: 1, bestResultId: result.id };
      continue;
    }
    cell.games++;
    cell.stars = Math.max(cell.stars, result.stars);
    if (result.score > cell.bestScore) {
      cell.bestScore = result.score;
      cell.bestResultId = result.id;
    }
  }
  const played = new Set(results.map((r) => r.levelId));
  const levelSummaries = levels
    .filter((level) => played.has(level.id))
    .map((level) => levelSummary(level, results.filter((r) => r.levelId === level.id)));
  return {
    code: record.code,
    name: record.name,
    createdAt: record.createdAt,
    students: [...students.values()].sort((a, b) => a.nickname.localeCompare(b.nickname)),
    levels: levelSummaries,
  };
}

function levelSummary(level: Level, results: readonly StoredResult[]): ClassLevelSummary {
  const mistakes = new Map<string, ClassMistake & { who: Set<string> }>();
  const note = (id: string, kind: ClassMistake["kind"], title: string, who: string, seen: Set<string>) => {
    if (seen.has(id)) return; // once per game
    seen.add(id);
    let mistake = mistakes.get(id);
    if (!mistake) mistakes.set(id, (mistake = { id, kind, title, games: 0, students: 0, who: new Set() }));
    mistake.games++;
    mistake.who.add(who);
  };
  for (const result of results) {
    const verdict = result.verdict as Partial<Verdict> | null;
    const who = studentKeyOf(result);
    const seen = new Set<string>();
    for (const violation of verdict?.violations ?? []) {
      note(violation.check, "violation", catalogSafetyCheck(CATALOG, violation.check)?.title ?? violation.check, who, seen);
    }
    for (const goal of verdict?.goals ?? []) if (!goal.met) note(goal.id, "missed-goal", goal.title, who, seen);
  }
  const list = [...mistakes.values()]
    .map(({ who, ...mistake }) => ({ ...mistake, students: who.size }))
    .sort((a, b) => b.games - a.games || a.id.localeCompare(b.id));
  return {
    levelId: level.id,
    title: level.title,
    games: results.length,
    students: new Set(results.map(studentKeyOf)).size,
    mistakes: list,
  };
}
