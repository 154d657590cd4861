/**
 * Join and create options arrive from the network: untrusted, any shape. These functions turn
 * them into typed values or a refusal that names the field and says what to send instead. They
 * never throw, so a bad option can only ever refuse that one join.
 */
import type { Level } from "../../shared/level/level.js";
import { seedFrom } from "../../shared/sim/prng.js";
import { err, ok, type Result } from "../../shared/base/result.js";
import { normalizeNickname } from "./nickname.js";
import { RESUME_SECRET_PATTERN, normalizeClassCode, type GameMode, type PlayMode } from "../store/store.js";

/** Close/error codes a join can fail with (ServerError codes, 4400-4499 are ours). */
export const JOIN_ERROR = {
  /** An option is missing, of the wrong type, or out of range. */
  badOptions: 4400,
  /**
   * The option is valid but this room does not allow it (spectating a solo game, speed without
   * the test flag, a resume secret that matches no seat waiting for its player).
   */
  forbidden: 4403,
  /** No level with that id on this server. */
  unknownLevel: 4404,
  /** The seat asked for is taken, or every seat is. */
  seatTaken: 4409,
  /** The game is over: nobody can join it any more. */
  gameOver: 4410,
} as const;

export interface JoinRefusal {
  code: (typeof JOIN_ERROR)[keyof typeof JOIN_ERROR];
  message: string;
}

/** What the creator of a room chooses for the whole room. */
export interface RoomOptions {
  level: Level;
  mode: GameMode;
  playMode: PlayMode;
  seed: number;
  /** Ticks per simulation interval: 1 in real games, more in tests (see SPLIT_BRAIN_TEST_SPEED). */
  speedTicks: number;
  /** Team rooms are private (join by code) unless the creator lists them. */
  listed: boolean;
  /**
   * Set only by the server for a workshop's team room (never from a client's options): nobody in
   * the room is its facilitator (the workshop's console is), and a seat takes a workshop pass.
   */
  workshop?: { passes: readonly string[] };
}

/** What each joining client chooses for itself. */
export interface PlayerOptions {
  nickname: string;
  classCode: string | null;
  spectate: boolean;
  /** A preferred seat node; null: the first free one. */
  seat: string | null;
  /**
   * The seat's resume secret (from the welcome message): after a server restart, takes back the
   * seat it was given with. Absent or null: an ordinary join.
   */
  resume?: string | null;
  /** With spectate: the watch key of the projector code (see join-code.ts); null when absent. */
  watch?: string | null;
  /** A workshop's team room: the seat pass the workshop gave this student (see server/workshop). */
  pass?: string | null;
}

export const SPEED_TICKS_MAX = 100;
const SEED_TEXT_LENGTH_MAX = 64;

type Raw = Record<string, unknown>;

function asObject(raw: unknown): Raw {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Raw) : {};
}

const bad = (message: string): { ok: false; error: JoinRefusal } => err({ code: JOIN_ERROR.badOptions, message });

export interface RoomOptionContext {
  levels: readonly Level[];
  /** True only when the server runs with SPLIT_BRAIN_TEST_SPEED=1. */
  testSpeedAllowed: boolean;
  /** Where a seed comes from when neither the options nor a class code fix one. */
  randomSeed?: () => number;
}

export function parseRoomOptions(rawOptions: unknown, ctx: RoomOptionContext): Result<RoomOptions, JoinRefusal> {
  const raw = asObject(rawOptions);
  if (typeof raw.levelId !== "string" || raw.levelId === "") return bad('levelId is missing: send the id of a level, e.g. { levelId: "l00-hello-network" } (GET /api/levels lists them).');
  const level = ctx.levels.find((l) => l.id === raw.levelId);
  if (!level) return err({ code: JOIN_ERROR.unknownLevel, message: `There is no level ${JSON.stringify(raw.levelId.slice(0, 64))} on this server: GET /api/levels lists the ids.` });

  const mode = raw.mode ?? "solo";
  if (mode !== "solo" && mode !== "team") return bad('mode must be "solo" or "team".');
  const playMode = raw.playMode ?? "guided";
  if (playMode !== "guided" && playMode !== "free") return bad('playMode must be "guided" (illegal actions are refused) or "free".');

  let speedTicks = 1;
  if (raw.speed !== undefined) {
    if (!ctx.testSpeedAllowed) return err({ code: JOIN_ERROR.forbidden, message: "speed is for automated tests only: this server was not started with SPLIT_BRAIN_TEST_SPEED=1." });
    if (typeof raw.speed !== "number" || !Number.isInteger(raw.speed) || raw.speed < 1 || raw.speed > SPEED_TICKS_MAX) return bad(`speed must be a whole number of ticks per interval from 1 to ${SPEED_TICKS_MAX}.`);
    speedTicks = raw.speed;
  }
  if (raw.listed !== undefined && typeof raw.listed !== "boolean") return bad("listed must be true or false.");

  let seed: number;
  if (raw.seed !== undefined) {
    const seedOk =
      (typeof raw.seed === "number" && Number.isInteger(raw.seed) && raw.seed >= 0 && raw.seed <= 0xffffffff) ||
      (typeof raw.seed === "string" && raw.seed.length >= 1 && raw.seed.length <= SEED_TEXT_LENGTH_MAX);
    if (!seedOk) return bad(`seed must be a whole number from 0 to 4294967295 or a text of 1-${SEED_TEXT_LENGTH_MAX} characters.`);
    seed = seedFrom(raw.seed as number | string);
  } else {
    // A class plays fixed seeds per level, so every student meets the same faults.
    const classCode = typeof raw.classCode === "string" ? normalizeClassCode(raw.classCode) : null;
    seed = classCode ? seedFrom(`${classCode}/${level.id}`) : (ctx.randomSeed ?? (() => weeklySeed(level.id, new Date())))();
  }
  return ok({ level, mode, playMode, seed, speedTicks, listed: raw.listed === true });
}

/**
 * Without a class or an explicit seed, everyone plays this week's seed of the level: the global
 * leaderboard then compares games that met the same faults (one leaderboard per weekly seed).
 */
export function weeklySeed(levelId: string, now: Date): number {
  const weekMs = 7 * 24 * 3600 * 1000;
  const week = Math.floor(now.getTime() / weekMs);
  return seedFrom(`${levelId}/week-${week}`);
}

export function parsePlayerOptions(rawOptions: unknown): Result<PlayerOptions, JoinRefusal> {
  const raw = asObject(rawOptions);
  if (raw.spectate !== undefined && typeof raw.spectate !== "boolean") return bad("spectate must be true or false.");
  const spectate = raw.spectate === true;

  let resume: string | null = null;
  if (raw.resume !== undefined && raw.resume !== null) {
    if (typeof raw.resume !== "string" || !RESUME_SECRET_PATTERN.test(raw.resume)) return bad("resume must be the 22-character secret the welcome message gave you, or left out.");
    if (spectate) return bad("resume takes back a seat: leave out spectate.");
    resume = raw.resume;
  }

  let watch: string | null = null;
  if (raw.watch !== undefined && raw.watch !== null) {
    if (typeof raw.watch !== "string" || raw.watch.length < 1 || raw.watch.length > 32) return bad("watch must be the key of the projector code (the characters after the join code), or left out.");
    if (!spectate) return bad("watch is for spectators: send it with spectate: true.");
    watch = raw.watch.toUpperCase();
  }

  let nickname: string;
  if (raw.nickname === undefined && spectate) nickname = "spectator";
  // The seat keeps the nickname it was taken with; a resuming client need not repeat it.
  else if (raw.nickname === undefined && resume !== null) nickname = "";
  else {
    const checked = checkNickname(raw.nickname);
    if (!checked.ok) return checked;
    nickname = checked.value;
  }

  let classCode: string | null = null;
  if (raw.classCode !== undefined && raw.classCode !== null && raw.classCode !== "") {
    classCode = typeof raw.classCode === "string" ? normalizeClassCode(raw.classCode) : null;
    if (!classCode) return bad("classCode must be 3-24 letters, digits, - or _ (as your teacher wrote it), or left out.");
  }

  let seat: string | null = null;
  if (raw.seat !== undefined && raw.seat !== null) {
    if (typeof raw.seat !== "string" || raw.seat.length < 1 || raw.seat.length > 64) return bad('seat must be a node id of the level, e.g. "N1", or left out.');
    seat = raw.seat;
  }
  let pass: string | null = null;
  if (raw.pass !== undefined && raw.pass !== null) {
    if (typeof raw.pass !== "string" || !RESUME_SECRET_PATTERN.test(raw.pass)) return bad("pass must be the 22-character seat pass your workshop gave you, or left out.");
    pass = raw.pass;
  }
  return ok({ nickname, classCode, spectate, seat, resume, watch, pass });
}

export function checkNickname(raw: unknown): Result<string, JoinRefusal> {
  const checked = normalizeNickname(raw);
  return checked.ok ? checked : bad(checked.error);
}
