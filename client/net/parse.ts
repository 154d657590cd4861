// Narrow untrusted JSON from the server into the typed shapes of api-types.ts.
// A malformed entry is dropped (and counted) rather than crashing the UI: one bad
// level file on the server must not hide the thirteen good ones.
import type { ClassCell, ClassLevelSummary, ClassMistake, ClassReport, ClassStudent, Leaderboard, LeaderboardRow, LevelNodeSummary, LevelSummary, NewClass } from "./api-types.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function isInt(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

function parseNode(raw: unknown): LevelNodeSummary | null {
  if (!isObject(raw) || typeof raw.id !== "string" || typeof raw.role !== "string") return null;
  const node: LevelNodeSummary = { id: raw.id, role: raw.role };
  if (typeof raw.label === "string") node.label = raw.label;
  return node;
}

export function parseLevelSummary(raw: unknown): LevelSummary | null {
  if (!isObject(raw)) return null;
  const { id, version, chapter, title, lesson, protocol, seats, nodes, durationTicks } = raw;
  if (typeof id !== "string" || typeof title !== "string" || typeof lesson !== "string") return null;
  if (!isInt(version) || !isInt(chapter) || !isInt(durationTicks)) return null;
  if (typeof protocol !== "string" || !isObject(seats) || !Array.isArray(nodes)) return null;
  if (!isStringArray(seats.nodes) || !isInt(seats.min) || !isInt(seats.max)) return null;
  const parsedNodes = nodes.map(parseNode);
  if (parsedNodes.some((node) => node === null)) return null;
  return {
    id,
    version,
    chapter,
    title,
    lesson,
    protocol,
    seats: { nodes: seats.nodes, min: seats.min, max: seats.max, ...(isInt(seats.parallel) ? { parallel: seats.parallel } : {}) },
    nodes: parsedNodes as LevelNodeSummary[],
    durationTicks,
    // Optional lists degrade to empty: a briefing without them is still playable.
    actions: isStringArray(raw.actions) ? raw.actions : [],
    autopilot: isStringArray(raw.autopilot) ? raw.autopilot : [],
    briefing: isStringArray(raw.briefing) ? raw.briefing : [],
    protocolOptions: isObject(raw.protocolOptions) ? raw.protocolOptions : {},
    phases: Array.isArray(raw.phases) ? raw.phases.flatMap((p) => parsePhase(p) ?? []) : [],
    knobs: Array.isArray(raw.knobs) ? raw.knobs.flatMap((k) => parseKnob(k) ?? []) : [],
    ...parseVariants(raw),
  };
}

/** A variant's own summary says what it varies; a level's lists its variants (malformed ones dropped). */
function parseVariants(raw: Record<string, unknown>): Pick<LevelSummary, "variant" | "variants"> {
  const out: Pick<LevelSummary, "variant" | "variants"> = {};
  const v = raw.variant;
  if (isObject(v) && typeof v.of === "string" && typeof v.id === "string" && typeof v.title === "string" && typeof v.text === "string") out.variant = { of: v.of, id: v.id, title: v.title, text: v.text };
  if (Array.isArray(raw.variants)) {
    out.variants = raw.variants.flatMap((c) => (isObject(c) && typeof c.levelId === "string" && typeof c.title === "string" && typeof c.text === "string" ? [{ levelId: c.levelId, title: c.title, text: c.text }] : []));
  }
  return out;
}

/** A knob, or null when malformed (dropped: the server still checks every setting). */
function parseKnob(raw: unknown): LevelSummary["knobs"][number] | null {
  if (!isObject(raw) || typeof raw.id !== "string" || typeof raw.label !== "string" || typeof raw.text !== "string") return null;
  if (!isInt(raw.min) || !isInt(raw.max) || !isInt(raw.step) || !isInt(raw.default) || (raw.unit !== "ticks" && raw.unit !== "count")) return null;
  return { id: raw.id, label: raw.label, text: raw.text, min: raw.min, max: raw.max, step: raw.step, default: raw.default, unit: raw.unit, roles: isStringArray(raw.roles) ? raw.roles : [] };
}

/** A phase, or null when malformed (it is dropped: the server still judges every action). */
function parsePhase(raw: unknown): LevelSummary["phases"][number] | null {
  if (!isObject(raw) || !isInt(raw.atTick) || typeof raw.title !== "string" || typeof raw.text !== "string") return null;
  return { atTick: raw.atTick, title: raw.title, text: raw.text, enable: isStringArray(raw.enable) ? raw.enable : [], disable: isStringArray(raw.disable) ? raw.disable : [] };
}

export function parseLevelList(raw: unknown): { levels: LevelSummary[]; rejected: number } | null {
  if (!Array.isArray(raw)) return null;
  const levels: LevelSummary[] = [];
  for (const item of raw) {
    const level = parseLevelSummary(item);
    if (level) levels.push(level);
  }
  return { levels, rejected: raw.length - levels.length };
}

function parseRow(raw: unknown): LeaderboardRow | null {
  if (!isObject(raw)) return null;
  const { rank, nickname, score, stars, messages, classCode, mode, createdAt } = raw;
  if (!isInt(rank) || typeof nickname !== "string") return null;
  if (typeof score !== "number" || !isInt(stars) || !isInt(messages)) return null;
  if (typeof mode !== "string") return null;
  const when = typeof createdAt === "number" ? new Date(createdAt).toISOString() : createdAt;
  if (typeof when !== "string") return null;
  return {
    rank,
    nickname,
    score,
    stars,
    messages,
    classCode: typeof classCode === "string" && classCode !== "" ? classCode : null,
    mode,
    createdAt: when,
  };
}

export function parseLeaderboard(raw: unknown): Leaderboard | null {
  if (!isObject(raw) || typeof raw.level !== "string" || !Array.isArray(raw.rows)) return null;
  const rows = raw.rows.map(parseRow).filter((row): row is LeaderboardRow => row !== null);
  const classCode = typeof raw.classCode === "string" && raw.classCode !== "" ? raw.classCode : null;
  const board = typeof raw.board === "string" ? raw.board : null;
  const endsAt = typeof raw.endsAt === "string" && !Number.isNaN(Date.parse(raw.endsAt)) ? raw.endsAt : null;
  return { level: raw.level, classCode, board, endsAt, rows };
}

export function parseNewClass(raw: unknown): NewClass | null {
  if (!isObject(raw)) return null;
  const { code, name, teacherSecret, teacherPath } = raw;
  if (typeof code !== "string" || typeof name !== "string" || typeof teacherSecret !== "string" || typeof teacherPath !== "string") return null;
  return { code, name, teacherSecret, teacherPath };
}

function parseCell(raw: unknown): ClassCell | null {
  if (!isObject(raw)) return null;
  const { stars, bestScore, games, bestResultId } = raw;
  if (!isInt(stars) || typeof bestScore !== "number" || !isInt(games) || typeof bestResultId !== "string") return null;
  return { stars, bestScore, games, bestResultId };
}

function parseStudent(raw: unknown): ClassStudent | null {
  if (!isObject(raw) || typeof raw.student !== "string" || typeof raw.nickname !== "string" || !isObject(raw.cells)) return null;
  const cells: Record<string, ClassCell> = {};
  for (const [levelId, cell] of Object.entries(raw.cells)) {
    const parsed = parseCell(cell);
    if (parsed) cells[levelId] = parsed;
  }
  return { student: raw.student, nickname: raw.nickname, cells };
}

function parseMistake(raw: unknown): ClassMistake | null {
  if (!isObject(raw)) return null;
  const { id, kind, title, games, students } = raw;
  if (typeof id !== "string" || (kind !== "violation" && kind !== "missed-goal") || typeof title !== "string" || !isInt(games) || !isInt(students)) return null;
  return { id, kind, title, games, students };
}

function parseClassLevel(raw: unknown): ClassLevelSummary | null {
  if (!isObject(raw) || typeof raw.levelId !== "string" || typeof raw.title !== "string" || !isInt(raw.games) || !isInt(raw.students) || !Array.isArray(raw.mistakes)) return null;
  const mistakes = raw.mistakes.map(parseMistake).filter((m): m is ClassMistake => m !== null);
  return { levelId: raw.levelId, title: raw.title, games: raw.games, students: raw.students, mistakes };
}

export function parseClassReport(raw: unknown): ClassReport | null {
  if (!isObject(raw) || typeof raw.code !== "string" || typeof raw.name !== "string" || typeof raw.createdAt !== "string") return null;
  if (!Array.isArray(raw.students) || !Array.isArray(raw.levels)) return null;
  return {
    code: raw.code,
    name: raw.name,
    createdAt: raw.createdAt,
    students: raw.students.map(parseStudent).filter((s): s is ClassStudent => s !== null),
    levels: raw.levels.map(parseClassLevel).filter((l): l is ClassLevelSummary => l !== null),
  };
}
