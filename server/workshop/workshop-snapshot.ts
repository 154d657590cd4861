/**
 * What the store keeps of a live workshop (Store.saveLiveRoom, kind "workshop"), written
 * whenever it changes, so that after a server restart (or a `kill -9`) the workshop room is
 * re-created under the same join code with its roster, teams, playlist stage, nemesis pairings,
 * the hash of the facilitator's secret and the projector's key. The console, the projector and
 * the students' pages then come back on their own (client/net/workshop-client.ts).
 *
 * The facilitator's secret itself is never stored (as the report, only its SHA-256): the console
 * presents it again and the restored room checks it against the hash.
 */
import type { TeamStatus } from "./team-status.js";
import type { CreateOptions } from "./workshop-messages.js";
import type { StoredStudent } from "./workshop-roster.js";

export const WORKSHOP_SNAPSHOT_VERSION = 1;

export interface StoredTeamRoom {
  roomId: string;
  passes: string[];
  status: TeamStatus | null;
  gone: boolean;
  against?: number;
}

export interface WorkshopSnapshot {
  version: typeof WORKSHOP_SNAPSHOT_VERSION;
  code: string;
  createdAt: string;
  seed: number;
  options: CreateOptions;
  secretHash: string;
  projectorKey: string;
  stage: number;
  phase: "lobby" | "running" | "between" | "ended";
  locked: boolean;
  /** The teams of the levels already played, by level id (the report lists them). */
  pastStages: { levelId: string; teams: StoredTeamRoom[] }[];
  teams: StoredTeamRoom[];
  nemeses: { team: number; against: number; points: number }[];
  projected: number;
  projectorStep: number;
  /** Names the facilitator removed (lower case). */
  kicked: string[];
  roster: { frozen: boolean; students: StoredStudent[] };
}

/** The stored state if it is one this server can restore, else why not. */
export function readWorkshopSnapshot(raw: unknown): { ok: true; value: WorkshopSnapshot } | { ok: false; error: string } {
  const s = raw as Partial<WorkshopSnapshot> | null;
  if (typeof s !== "object" || s === null) return { ok: false, error: "not an object" };
  if (s.version !== WORKSHOP_SNAPSHOT_VERSION) return { ok: false, error: `snapshot version ${String(s.version)}, this server reads ${WORKSHOP_SNAPSHOT_VERSION}` };
  if (typeof s.code !== "string" || typeof s.secretHash !== "string" || typeof s.projectorKey !== "string" || typeof s.options !== "object" || !Array.isArray(s.teams) || !Array.isArray(s.roster?.students)) {
    return { ok: false, error: "fields missing" };
  }
  return { ok: true, value: s as WorkshopSnapshot };
}
