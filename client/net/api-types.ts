// The REST contract between the game server and the browser, as the client sees it.
// Server data is untrusted input: api.ts checks every field before the UI uses it.

// One source of truth for the REST shapes: the server's own types (type-only imports, which the
// architecture allows the client; nothing of the server is bundled).
import type { LevelSummary } from "../../server/level-files.js";
import type { GameMode, LeaderboardRow as StoreLeaderboardRow } from "../../server/store/store.js";

export type { LevelSummary };
export type LevelNodeSummary = LevelSummary["nodes"][number];

export type PlayMode = "guided" | "free";

/** A leaderboard row as the API sends it (the store's row without its result id, which the API keeps private). */
export type LeaderboardRow = Omit<StoreLeaderboardRow, "mode" | "resultId"> & { mode: GameMode | string };

export interface Leaderboard {
  level: string;
  classCode: string | null;
  /** "week-N" (this week's global board) or "class-CODE"; absent from older servers. */
  board: string | null;
  /** When this week's board closes (ISO time); null for a class's board. */
  endsAt: string | null;
  rows: LeaderboardRow[];
}

/** POST /api/classes: what a teacher gets once (the secret is not shown again). */
export interface NewClass {
  code: string;
  name: string;
  teacherSecret: string;
  teacherPath: string;
}

export type { ClassReport, ClassStudent, ClassCell, ClassLevelSummary, ClassMistake } from "../../server/classes/class-report.js";
