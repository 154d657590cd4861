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
  rows: LeaderboardRow[];
}
