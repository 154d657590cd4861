/**
 * Join and create options arrive from the network: untrusted, any shape. They are checked
 * against TypeBox schemas (the same library and error wording as level files), then the rules
 * across fields; the result is a typed value or a refusal that names the field and says what to
 * send instead. Never throws, so a bad option can only ever refuse that one join.
 */
import type { Level } from "../../shared/level/level.js";
import { seedFrom } from "../../shared/sim/prng.js";
import { boardSeed, classBoard, weekBoard } from "./board.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { PlayOnRequestSchema, type PlayOnRequest } from "./play-on.js";
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { schemaError } from "../../shared/level/schema-errors.js";
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

/** A pattern's source, anchored as JSON Schema wants it (the store's patterns are anchored). */
const patternOf = (re: RegExp): string => re.source;
const Secret22 = (errorMessage: string) => Type.String({ pattern: patternOf(RESUME_SECRET_PATTERN), errorMessage });

/**
 * What a room's creator may choose. Every field carries the sentence a refusal says
 * (`errorMessage`), so the schema is the documentation of the options and of their errors.
 */
const ROOM_FIELDS = {
  levelId: Type.String({ minLength: 1, maxLength: 64, errorMessage: 'must be the id of a level, e.g. { levelId: "l00-hello-network" } (GET /api/levels lists them)' }),
  mode: Type.Optional(Type.Union([Type.Literal("solo"), Type.Literal("team")], { errorMessage: 'must be "solo" or "team"' })),
  playMode: Type.Optional(Type.Union([Type.Literal("guided"), Type.Literal("free")], { errorMessage: 'must be "guided" (illegal actions are refused) or "free"' })),
  speed: Type.Optional(Type.Integer({ minimum: 1, maximum: SPEED_TICKS_MAX, errorMessage: `must be a whole number of ticks per interval from 1 to ${SPEED_TICKS_MAX}` })),
  listed: Type.Optional(Type.Boolean({ errorMessage: "must be true or false" })),
  watchFirst: Type.Optional(Type.Boolean({ errorMessage: "must be true or false" })),
  seed: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0, maximum: 0xffffffff }), Type.String({ minLength: 1, maxLength: SEED_TEXT_LENGTH_MAX })], {
      errorMessage: `must be a whole number from 0 to 4294967295 or a text of 1-${SEED_TEXT_LENGTH_MAX} characters`,
    }),
  ),
  playOn: Type.Optional(PlayOnRequestSchema),
};

/** What each joining client chooses for itself (a creator sends these beside the room's). */
const PLAYER_FIELDS = {
  nickname: Type.Optional(Type.Unknown()), // normalizeNickname says what is wrong with one
  classCode: Type.Optional(Type.String({ maxLength: 64, errorMessage: "must be 3-24 letters, digits, - or _ (as your teacher wrote it), or left out" })),
  spectate: Type.Optional(Type.Boolean({ errorMessage: "must be true or false" })),
  resume: Type.Optional(Secret22("must be the 22-character secret the welcome message gave you, or left out")),
  watch: Type.Optional(Type.String({ minLength: 1, maxLength: 32, errorMessage: "must be the key of the projector code (the characters after the join code), or left out" })),
  playerId: Type.Optional(Type.String({ pattern: patternOf(PLAYER_ID_PATTERN), errorMessage: "must be the 22-character id your browser keeps, or left out" })),
  seat: Type.Optional(Type.String({ minLength: 1, maxLength: 64, errorMessage: 'must be a node id of the level, e.g. "N1", or left out' })),
  pass: Type.Optional(Secret22("must be the 22-character seat pass your workshop gave you, or left out")),
  /** A workshop's nemesis pass (issue 16 item 6): no seat, the god's view and the fault menu. */
  nemesis: Type.Optional(Secret22("must be the 22-character nemesis pass your workshop gave you, or left out")),
};

/** Set by the server itself (a restored game, a workshop's team); LevelRoom checks them. */
const SERVER_FIELDS = { restoreId: Type.Optional(Type.Unknown()), workshopTicket: Type.Optional(Type.Unknown()) };

/**
 * A creator's options hold the room's and the creator's own; a joiner's options are checked as
 * the player's only, and the room's fields in them are ignored. Any other field is refused with
 * the nearest name ("sead is not a join option; did you mean seed?"): a typo must not be
 * silently ignored.
 */
const ignored = <T extends Record<string, TSchema>>(fields: T) => Object.fromEntries(Object.keys(fields).map((k) => [k, Type.Optional(Type.Unknown())])) as Record<keyof T, TSchema>;
export const CreateOptionsSchema = Type.Object({ ...ROOM_FIELDS, ...PLAYER_FIELDS, ...SERVER_FIELDS }, { additionalProperties: false });
export const JoinOptionsSchema = Type.Object({ ...ignored(ROOM_FIELDS), ...PLAYER_FIELDS, ...SERVER_FIELDS }, { additionalProperties: false });
type CreateRaw = Static<typeof CreateOptionsSchema>;
type JoinRaw = Static<typeof JoinOptionsSchema>;

const bad = (message: string): { ok: false; error: JoinRefusal } => err({ code: JOIN_ERROR.badOptions, message });

/** The options checked against `schema`, or a refusal naming the field and what to send. */
function checkedOptions<T extends TSchema>(schema: T, raw: unknown): Result<Static<T>, JoinRefusal> {
  // Colyseus passes undefined when a client sent no options at all.
  const given: unknown = raw ?? {};
  if (typeof given !== "object" || given === null || Array.isArray(given)) return bad("Send the options as an object, e.g. { levelId, nickname }.");
  // A field sent as null means the same as one left out.
  const value = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null));
  const problem = schemaError(schema, value);
  if (!problem) return ok(value as Static<T>);
  const reason = problem.reason.replace(" is not a field here", " is not a join option");
  // An unknown field's reason starts with its own name: say its whole path once.
  const key = problem.path.split(".").pop() ?? "";
  const sentence = key && reason.startsWith(`${key} `) ? `${problem.path}${reason.slice(key.length)}` : `${problem.path} ${reason}`;
  return bad(/[.?]$/.test(sentence) ? sentence : `${sentence}.`);
}

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
  const checked = checkedOptions(CreateOptionsSchema, rawOptions);
  if (!checked.ok) return checked;
  const raw: CreateRaw = checked.value;
  const level = ctx.levels.find((l) => l.id === raw.levelId);
  if (!level) return err({ code: JOIN_ERROR.unknownLevel, message: `There is no level ${JSON.stringify(raw.levelId.slice(0, 64))} on this server: GET /api/levels lists the ids.` });

  const mode = raw.mode ?? "solo";
  const playMode = raw.playMode ?? "guided";
  let speedTicks = 1;
  if (raw.speed !== undefined) {
    if (!ctx.testSpeedAllowed) return err({ code: JOIN_ERROR.forbidden, message: "speed is for automated tests only: this server was not started with SPLIT_BRAIN_TEST_SPEED=1." });
    speedTicks = raw.speed;
  }
  const classCode = parseClassCode(raw.classCode);
  if (classCode === undefined) return bad(CLASS_CODE_RULE);

  const watchFirst = raw.watchFirst === true;
  if (watchFirst && mode !== "solo") return bad("watchFirst is for solo games: the bot plays your seat while you watch.");
  const playOnRequest = raw.playOn ?? null;
  if (playOnRequest) {
    if (mode !== "solo") return bad("playOn starts a solo game: leave out mode or send \"solo\".");
    if (watchFirst) return bad("playOn and watchFirst do not go together: play on from a moment, or watch from the start.");
    if (raw.seed !== undefined || classCode !== null) return bad("playOn takes the stored game's seed and is on no board: leave out seed and classCode.");
  }

  let seed: number;
  let board: string | null;
  if (raw.seed !== undefined) {
    seed = seedFrom(raw.seed);
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
  return ok({ level, mode, playMode, seed, speedTicks, listed: raw.listed === true, board, classCode, watchFirst, ...(playOnRequest ? { playOnRequest } : {}) });
}

const CLASS_CODE_RULE = "classCode must be 3-24 letters, digits, - or _ (as your teacher wrote it), or left out.";

/** A class code, null when absent or empty, undefined when malformed. */
function parseClassCode(raw: unknown): string | null | undefined {
  if (raw === undefined || raw === null || raw === "") return null;
  return (typeof raw === "string" ? normalizeClassCode(raw) : null) ?? undefined;
}

export function parsePlayerOptions(rawOptions: unknown): Result<PlayerOptions, JoinRefusal> {
  const checked = checkedOptions(JoinOptionsSchema, rawOptions);
  if (!checked.ok) return checked;
  const raw: JoinRaw = checked.value;
  const spectate = raw.spectate === true;
  const resume = raw.resume ?? null;
  if (resume !== null && spectate) return bad("resume takes back a seat: leave out spectate.");
  const watch = raw.watch?.toUpperCase() ?? null;
  if (watch !== null && !spectate) return bad("watch is for spectators: send it with spectate: true.");

  let nickname: string;
  if (raw.nickname === undefined && spectate) nickname = "spectator";
  // The seat keeps the nickname it was taken with; a resuming client need not repeat it.
  else if (raw.nickname === undefined && resume !== null) nickname = "";
  else {
    const named = checkNickname(raw.nickname);
    if (!named.ok) return named;
    nickname = named.value;
  }
  const classCode = parseClassCode(raw.classCode);
  if (classCode === undefined) return bad(CLASS_CODE_RULE);
  // ---- the nemesis (issue 16 item 6): a pass, as `pass`, that opens no seat ----
  const nemesis = raw.nemesis ?? null;
  if (nemesis !== null && (spectate || raw.pass !== undefined || resume !== null || raw.seat !== undefined)) return bad("nemesis plays the network, not a seat: leave out spectate, pass, resume and seat.");
  return ok({ nickname, classCode, playerId: raw.playerId ?? null, spectate, seat: raw.seat ?? null, resume, watch, pass: raw.pass ?? null, nemesis });
}

export function checkNickname(raw: unknown): Result<string, JoinRefusal> {
  const checked = normalizeNickname(raw);
  return checked.ok ? checked : bad(checked.error);
}
