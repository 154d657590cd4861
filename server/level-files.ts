/**
 * Reads the level files in levels/ (one JSON file per level) through shared/level's parser.
 * A broken file stops the load with an error naming the file, the field and the reason.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { KnobSpec, Level, PhaseSpec, VariantInfo } from "../shared/level/level.js";
import { levelErrorText } from "../shared/level/level.js";
import { parseLevel } from "../shared/level/parse-level.js";
import type { Catalog } from "../shared/sim/catalog.js";
import { CATALOG } from "../shared/protocols/catalog.js";

/** The project's levels/ folder, wherever the process was started from. */
export const LEVELS_DIR = resolve(fileURLToPath(new URL("../levels", import.meta.url)));

export interface LevelSummary {
  id: string;
  version: number;
  chapter: number;
  title: string;
  lesson: string;
  protocol: string;
  /** parallel: a room holds up to this many players, each in a game of their own (level.ts). */
  seats: { nodes: string[]; min: number; max: number; parallel?: number };
  nodes: { id: string; role: string; label?: string }[];
  durationTicks: number;
  actions: string[];
  autopilot: string[];
  briefing: string[];
  /** The protocol's settings: what the browser needs to list a node's actions as the server does. */
  protocolOptions: Record<string, unknown>;
  /** Moments where the level's actions change, announced on screen (shared/level/phases.ts). */
  phases: PhaseSpec[];
  /** Values a player sets for their own node, with their limits (shared/sim/knobs.ts). */
  knobs: KnobSpec[];
  /** Set on a variant: the level it varies and what its choice says (Home lists only levels). */
  variant?: VariantInfo;
  /** The variants offered on this level's briefing: each is a level of its own, by id. */
  variants?: { levelId: string; title: string; text: string }[];
}

export function loadLevelFile(path: string, catalog: Catalog = CATALOG): Level {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = parseLevel(raw, catalog);
  if (!parsed.ok) throw new Error(`${path}: ${levelErrorText(parsed.error)}`);
  const expectedName = `${parsed.value.id}.json`;
  if (!path.endsWith(expectedName)) throw new Error(`${path}: the file of level ${parsed.value.id} must be named ${expectedName}`);
  return parsed.value;
}

/** Every level, sorted by chapter then id. */
export function loadLevels(dir: string = LEVELS_DIR, catalog: Catalog = CATALOG): Level[] {
  // Level files only (l08-....json): level.schema.json lives beside them for editors.
  const files = readdirSync(dir).filter((f) => /^l\d\d-.*\.json$/.test(f)).sort();
  return files.map((f) => loadLevelFile(join(dir, f), catalog)).sort((a, b) => a.chapter - b.chapter || a.id.localeCompare(b.id));
}

/**
 * Every level and, after each, its variants (levels of their own, chosen on the briefing): what
 * the server plays, replays and verifies. Ids must be unique across both.
 */
export function withVariants(levels: readonly Level[]): Level[] {
  const all = levels.flatMap((level) => [level, ...(level.variants ?? [])]);
  const seen = new Set<string>();
  for (const level of all) {
    if (seen.has(level.id)) throw new Error(`level id ${level.id} is used twice (a variant's id is its level's id, a dash and its own)`);
    seen.add(level.id);
  }
  return all;
}

export function levelSummary(level: Level): LevelSummary {
  return {
    id: level.id,
    version: level.version,
    chapter: level.chapter,
    title: level.title,
    lesson: level.lesson,
    protocol: level.protocol,
    seats: level.seats,
    nodes: level.nodes.map((n) => ({ id: n.id, role: n.role, ...(n.label ? { label: n.label } : {}) })),
    durationTicks: level.durationTicks,
    actions: level.actions,
    autopilot: level.autopilot,
    briefing: level.briefing,
    protocolOptions: level.protocolOptions,
    phases: level.phases,
    knobs: level.knobs,
    ...(level.variant ? { variant: level.variant } : {}),
    ...(level.variants?.length ? { variants: level.variants.map((v) => ({ levelId: v.id, title: v.variant!.title, text: v.variant!.text })) } : {}),
  };
}
