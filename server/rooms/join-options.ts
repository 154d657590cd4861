/**
 * Join and create options arrive from the network: untrusted, any shape. These functions turn
 * them into typed values or a refusal that names the field and says what to send instead. They
 * never throw, so a bad option can only ever refuse that one join.
 */
import type { Level } from "../../shared/level/level.js";
import { seedFrom } from "../../shared/sim/prng.js";
import { boardSeed, classBoard, weekBoard } from "./board.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { parsePlayOnRequest, type PlayOnRequest } from "./play-on.js";
import { err, ok, type Result } from "../../shared/base/result.js";
import { normalizeNickname } from "./nickname.js";
import { PLAYER_ID_PATTERN, RESUME_SECRET_PATTERN, normalizeClassCode, type GameMode, type PlayMode } from "../store/store.js";

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
  /** No class with that code: a teacher creates classes (POST /api/classes). */
  unknownClass: 4405,
  /** No stored game with that id (playOn). */
  unknownGame: 4406,
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
  workshop?: { passes: readonly string[]; nemesis?: WorkshopNemesis };
  /** The leaderboard the game counts on (see board.ts); null or absent: on none. */
  board?: string | null;
  /** The creator's class (its board's seed); null or absent for none. The room checks it exists. */
  classCode?: string | null;
  /** Watch mode: the level's bot plays the seat until its player takes it (solo only). */
  watchFirst?: boolean;
  /** "Play on from here", as asked for (see play-on.ts); the room resolves it into `playOn`. */
  playOnRequest?: PlayOnRequest;
  /** "Play on from here": the stored game this one starts from, at `tick`, in `seat`. */
  playOn?: PlayOn;
}

/** A workshop's nemesis team playing this team's network (server/workshop): their passes and budget. */
export interface WorkshopNemesis {
  passes: readonly string[];
  /** Fault points (shared/sim/nemesis.ts). */
  points: number;
}

export interface PlayOn {
  resultId: string;
  tick: number;
  seat: string;
  /** The stored game's whole input log (the room replays those before `tick`). */
  inputs: InputRecord[];
}

/** What each joining client chooses for itself. */
export interface PlayerOptions {
  nickname: string;
  classCode: string | null;
  spectate: boolean;
  /**
   * The browser's player id (PLAYER_ID_PATTERN), kept by the page: the leaderboard keeps one row
   * per player id. Null or absent when the client sent none.
   */
  playerId?: string | null;
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
  /** A workshop's nemesis pass: no seat, the god's view and the fault menu (see server/workshop). */
  nemesis?: string | null;
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
  /** The store's server secret: board seeds are derived from it (see board.ts). */
  serverSecret: string;
  /** The clock that says which week's board a game is on. Default: the wall clock. */
  now?: () => Date;
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

  const classCode = parseClassCode(raw.classCode);
  if (classCode === undefined) return bad(CLASS_CODE_RULE);

  if (raw.watchFirst !== undefined && typeof raw.watchFirst !== "boolean") return bad("watchFirst must be true or false.");
  const watchFirst = raw.watchFirst === true;
  if (watchFirst && mode !== "solo") return bad("watchFirst is for solo games: the bot plays your seat while you watch.");
  const playOnRequest = parsePlayOnRequest(raw.playOn);
  if (!playOnRequest.ok) return playOnRequest;
  if (playOnRequest.value) {
    if (mode !== "solo") return bad("playOn starts a solo game: leave out mode or send \"solo\".");
    if (watchFirst) return bad("playOn and watchFirst do not go together: play on from a moment, or watch from the start.");
    if (raw.seed !== undefined || classCode !== null) return bad("playOn takes the stored game's seed and is on no board: leave out seed and classCode.");
  }

  let seed: number;
  let board: string | null;
  if (raw.seed !== undefined) {
    const seedOk =
      (typeof raw.seed === "number" && Number.isInteger(raw.seed) && raw.seed >= 0 && raw.seed <= 0xffffffff) ||
      (typeof raw.seed === "string" && raw.seed.length >= 1 && raw.seed.length <= SEED_TEXT_LENGTH_MAX);
    if (!seedOk) return bad(`seed must be a whole number from 0 to 4294967295 or a text of 1-${SEED_TEXT_LENGTH_MAX} characters.`);
    seed = seedFrom(raw.seed as number | string);
    // A chosen seed could be rehearsed offline: such a game is on no leaderboard.
    board = null;
  } else {
    // A class plays fixed seeds per level, so every student meets the same faults; everyone
    // else plays this week's seed, so the global board compares games that met the same faults.
    board = classCode ? classBoard(classCode) : weekBoard((ctx.now ?? (() => new Date()))());
    seed = boardSeed(ctx.serverSecret, board, level.id);
  }
  if (watchFirst && raw.seed === undefined) {
    // Watching the bot play a board's seed would rehearse that board's game: a watched game has
    // a seed of its own (fixed per board, so a class watches the same game) and is on no board.
    seed = boardSeed(ctx.serverSecret, `watch:${board}`, level.id);
  }
  if (watchFirst) board = null;
  return ok({ level, mode, playMode, seed, speedTicks, listed: raw.listed === true, board, classCode, watchFirst, ...(playOnRequest.value ? { playOnRequest: playOnRequest.value } : {}) });
}

const CLASS_CODE_RULE = "classCode must be 3-24 letters, digits, - or _ (as your teacher wrote it), or left out.";

/** A class code, null when absent or empty, undefined when malformed. */
function parseClassCode(raw: unknown): string | null | undefined {
  if (raw === undefined || raw === null || raw === "") return null;
  return (typeof raw === "string" ? normalizeClassCode(raw) : null) ?? undefined;
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

  const classCode = parseClassCode(raw.classCode);
  if (classCode === undefined) return bad(CLASS_CODE_RULE);

  let playerId: string | null = null;
  if (raw.playerId !== undefined && raw.playerId !== null) {
    if (typeof raw.playerId !== "string" || !PLAYER_ID_PATTERN.test(raw.playerId)) return bad("playerId must be the 22-character id your browser keeps, or left out.");
    playerId = raw.playerId;
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
  // ---- the nemesis (issue 16 item 6): a pass, as `pass`, that opens no seat ----
  let nemesis: string | null = null;
  if (raw.nemesis !== undefined && raw.nemesis !== null) {
    if (typeof raw.nemesis !== "string" || !RESUME_SECRET_PATTERN.test(raw.nemesis)) return bad("nemesis must be the 22-character nemesis pass your workshop gave you, or left out.");
    if (spectate || pass !== null || resume !== null || seat !== null) return bad("nemesis plays the network, not a seat: leave out spectate, pass, resume and seat.");
    nemesis = raw.nemesis;
  }
  return ok({ nickname, classCode, playerId, spectate, seat, resume, watch, pass, nemesis });
}

export function checkNickname(raw: unknown): Result<string, JoinRefusal> {
  const checked = normalizeNickname(raw);
  return checked.ok ? checked : bad(checked.error);
}
