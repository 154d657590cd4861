/**
 * The Store: where finished games are kept (leaderboards, debrief replays, teacher exports).
 * One interface, two implementations: embedded SQLite (default, zero set-up) and PostgreSQL
 * (for several server processes). Both run the same contract tests (tests/server/store.test.ts).
 *
 * A stored result is the replay recipe (level id + version, seed, input log) plus what the
 * server computed from it (hash, score, stars, verdict): enough to re-check it later.
 */
import { randomBytes } from "node:crypto";

export type GameMode = "solo" | "team";
export type PlayMode = "guided" | "free";

export interface StoredResult {
  /** Random, url-safe, 16 characters: also the public handle of the debrief replay. */
  id: string;
  levelId: string;
  levelVersion: number;
  seed: number;
  mode: GameMode;
  playMode: PlayMode;
  seatNode: string;
  nickname: string;
  /** Normalised with `normalizeClassCode`; null when the player joined no class. */
  classCode: string | null;
  /**
   * The leaderboard this game counts on (see server/rooms/board.ts): "week-N" or "class-CODE";
   * null for a game whose seed its creator chose, which is on no board.
   */
  board: string | null;
  /**
   * The browser's own player id (PLAYER_ID_PATTERN), kept by the page: leaderboard rows are one
   * per player id, so nobody overwrites another's row by typing their nickname. Null for old
   * results and clients that sent none. Never shown: whoever knows it posts as that player.
   */
  playerId: string | null;
  /** The input log, stored as JSON exactly as given. */
  inputs: unknown[];
  hash: string;
  score: number;
  stars: number;
  passed: boolean;
  messages: number;
  verdict: unknown;
  /** ISO 8601, UTC, millisecond precision (`Date.prototype.toISOString`). */
  createdAt: string;
}

/** What the room hands over; the store assigns `id` and `createdAt`. */
export type NewResult = Omit<StoredResult, "id" | "createdAt">;

export interface LeaderboardRow {
  /** 1-based position after the tie-breaks; never shared. */
  rank: number;
  nickname: string;
  score: number;
  stars: number;
  messages: number;
  classCode: string | null;
  mode: GameMode;
  createdAt: string;
  resultId: string;
}

export interface LeaderboardQuery {
  /** Only results of games on this board ("week-N" or "class-CODE", see server/rooms/board.ts). */
  board: string;
  limit: number;
}

/** A class a teacher created (the teacher's secret is kept only as its hash). */
export interface ClassRecord {
  /** Normalised with normalizeClassCode. */
  code: string;
  name: string;
  /** SHA-256 of the teacher secret, hex (see server/http/teacher-secret.ts). */
  teacherSecretHash: string;
  createdAt: string;
}

export interface AllResultsQuery {
  /** Continue after this result id (as returned by the previous page); omit for the first page. */
  afterId?: string;
  limit: number;
}

/** One seat of a game in progress, with what its player needs to take it back after a restart. */
export interface LiveSeat {
  node: string;
  nickname: string;
  classCode: string | null;
  /** The player's browser id (PLAYER_ID_PATTERN) or null; absent in snapshots saved before it. */
  playerId?: string | null;
  /** Random and unguessable (RESUME_SECRET_PATTERN): whoever presents it gets this seat back. */
  resumeSecret: string;
}

/**
 * A game in progress, keyed by its room id (the join code). The world is a pure function of
 * (level version, seed, play mode, inputs), so replaying `inputs` up to `tick` rebuilds it exactly.
 */
export interface LiveGame {
  roomId: string;
  /**
   * This game's own id (newGameId): a join code is reused by later games, this never is. Its
   * results are stored under it, so a game is never stored twice (see Store.finishGame).
   */
  gameId: string;
  levelId: string;
  levelVersion: number;
  seed: number;
  mode: GameMode;
  playMode: PlayMode;
  inputs: unknown[];
  tick: number;
  speedTicks: number;
  listed: boolean;
  paused: boolean;
  /** The leaderboard the game counts on (StoredResult.board); null when on none. */
  board: string | null;
  seats: LiveSeat[];
  /**
   * A workshop's (or parallel room's) team game: the seat and nemesis passes its workshop handed
   * out, and those it revoked since (a kicked student). Kept so a restored team room still lets
   * the workshop's students in by their passes. Absent or null: not a workshop's game.
   */
  workshop?: LiveWorkshopSetup | null;
}

/** What a workshop's team room needs to let the workshop's students (and nemesis) back in. */
export interface LiveWorkshopSetup {
  passes: string[];
  /** The pass each seat was taken with, by node: that student gets the same seat back by it. */
  seatPasses?: Record<string, string>;
  nemesis?: { passes: string[]; points: number };
  revoked: string[];
}

/**
 * A room that is not a game but holds people and games together (a workshop, a parallel-seats
 * room), as its room saves it whenever it changes: after a restart it is re-created from
 * `state` under the same id (its join code). `state` is the room's own JSON (it checks it).
 */
export interface LiveRoom {
  roomId: string;
  /** The room type that saved it and re-creates it ("workshop", "parallel"). */
  kind: string;
  state: unknown;
}

/** A saved room and the process that runs it (null: nobody), as OwnedLiveGame. */
export interface OwnedLiveRoom {
  room: LiveRoom;
  owner: string | null;
}

export const LIVE_ROOM_JSON_BYTES_MAX = 1_000_000;

/** A saved game and the process that runs it (null: nobody, any process may claim it). */
export interface OwnedLiveGame {
  game: LiveGame;
  owner: string | null;
}

/** How often each server process writes its heartbeat in the store. */
export const PROCESS_HEARTBEAT_MS = 1_000;
/**
 * A process whose heartbeat is older than this is dead: its rooms are de-listed and its saved
 * games claimed by another (three missed beats; a stall this long is not a live process either).
 */
export const PROCESS_STALE_MS = 3_000;

/** A game's end, as Store.finishGame writes it: one result per seat still held by its player. */
export interface FinishedGame {
  gameId: string;
  /** The game's live snapshot to forget (it is over: nothing to restore). */
  roomId: string;
  results: NewResult[];
}

export interface Store {
  saveResult(result: NewResult): Promise<StoredResult>;
  /**
   * The end of a game, in ONE transaction: its results are stored and its live snapshot is
   * deleted, both or neither. (Two writes let a crash between them leave the results stored and
   * the game restorable: it then ended again and stored its results twice.) Idempotent: for a
   * game whose results are already stored, nothing is written again and those are returned.
   * Returns one stored result per seat, in no particular order (match them by seatNode).
   */
  finishGame(game: FinishedGame): Promise<StoredResult[]>;
  /** Whether results are stored for this game id (a snapshot of it must not be restored). */
  gameFinished(gameId: string): Promise<boolean>;
  getResult(id: string): Promise<StoredResult | null>;
  /**
   * The best result per nickname for one level: highest score, then fewer messages, then the
   * earliest. Ordered by the same rule.
   */
  leaderboard(levelId: string, query: LeaderboardQuery): Promise<LeaderboardRow[]>;
  /** Every result of one class code, oldest first. */
  resultsForClass(classCode: string): Promise<StoredResult[]>;
  /** Stores a new class; false (and nothing written) when the code is taken. */
  createClass(record: ClassRecord): Promise<boolean>;
  getClass(code: string): Promise<ClassRecord | null>;
  /**
   * The server's secret (random, made on first use, the same for every process sharing the
   * store): leaderboard seeds are derived from it, so nobody can compute a board's seed and
   * rehearse its game offline before playing it.
   */
  serverSecret(): Promise<string>;
  /** Every result in insertion order, one page at a time (for re-verifying stored games). */
  allResults(query: AllResultsQuery): Promise<StoredResult[]>;
  /**
   * Saves the snapshot of a game in progress, replacing the room's previous one. With `owner`
   * (the process running it), only while the game is still that process's: false, and nothing
   * written, when another process has claimed it meanwhile (see claimLiveGame). Without, the
   * snapshot has no owner (any process may claim it at once).
   */
  saveLiveGame(game: LiveGame, owner?: string): Promise<boolean>;
  /** Every saved game in progress. */
  liveGames(): Promise<LiveGame[]>;
  /**
   * This process is alive: its heartbeat, written every second (PROCESS_HEARTBEAT_MS). The
   * games it owns stay its own while the heartbeat is fresh.
   */
  heartbeat(processId: string): Promise<void>;
  /** This process stops, its games saved: forget its heartbeat, so others may claim them now. */
  retireProcess(processId: string): Promise<void>;
  /** The processes whose heartbeat is at most `staleMs` old. */
  liveProcesses(staleMs: number): Promise<string[]>;
  /**
   * The saved games nobody runs: without an owner, or whose owner's heartbeat is missing or
   * older than `staleMs`, and those owned by `alsoOwner` (the caller: a server restarted
   * inside one process keeps its process id, and must not wait for itself to go stale; it
   * skips the games it runs). Each with the owner it had, for claimLiveGame.
   */
  orphanedLiveGames(staleMs: number, alsoOwner?: string): Promise<OwnedLiveGame[]>;
  /**
   * Takes a saved game from `fromOwner` (as orphanedLiveGames gave it) to `toOwner`, only if it
   * is still `fromOwner`'s: a compare-and-set, so of several processes claiming one game at
   * once, exactly one gets true.
   */
  claimLiveGame(roomId: string, fromOwner: string | null, toOwner: string): Promise<boolean>;
  /** Forgets a game in progress (it ended, or everybody left); no error when there is none. */
  deleteLiveGame(roomId: string): Promise<void>;
  /**
   * Saves a live room (a workshop, a parallel room), replacing its previous state; with `owner`,
   * only while it is still that process's (false, nothing written, once another one claimed it),
   * as saveLiveGame.
   */
  saveLiveRoom(room: LiveRoom, owner?: string): Promise<boolean>;
  /** The saved rooms nobody runs, as orphanedLiveGames. */
  orphanedLiveRooms(staleMs: number, alsoOwner?: string): Promise<OwnedLiveRoom[]>;
  /** A compare-and-set of the room's owner, as claimLiveGame. */
  claimLiveRoom(roomId: string, fromOwner: string | null, toOwner: string): Promise<boolean>;
  /** Forgets a live room (it closed); no error when there is none. */
  deleteLiveRoom(roomId: string): Promise<void>;
  /** Saves a workshop's report, replacing the one under the same secret hash (see WorkshopRecord). */
  saveWorkshop(record: WorkshopRecord): Promise<void>;
  /** The workshop whose facilitator secret hashes to this, or null. */
  workshop(secretHash: string): Promise<WorkshopRecord | null>;
  close(): Promise<void>;
}

/**
 * A workshop's report (server/workshop/workshop-report.ts), kept under the SHA-256 of its
 * facilitator's secret: the secret itself is never stored, and looking it up by hash leaks
 * nothing through timing.
 */
export interface WorkshopRecord {
  /** 64 lower-case hex digits. */
  secretHash: string;
  /** The workshop's join code (reused by later rooms once it closes). */
  code: string;
  levelId: string;
  /** The report as JSON data; at most WORKSHOP_REPORT_JSON_BYTES_MAX bytes. */
  report: unknown;
  /** ISO 8601, UTC. */
  createdAt: string;
}

export const WORKSHOP_SECRET_HASH_PATTERN = /^[0-9a-f]{64}$/;
export const WORKSHOP_REPORT_JSON_BYTES_MAX = 1_000_000;

/** Guards a workshop record like checkNewResult; returns the report's JSON. */
export function checkWorkshopRecord(r: WorkshopRecord): string {
  if (!WORKSHOP_SECRET_HASH_PATTERN.test(r.secretHash)) throw new Error("saveWorkshop: secretHash must be 64 lower-case hex digits");
  if (!isShortText(r.code, 64)) throw new Error("saveWorkshop: code must be a non-empty string of at most 64 characters");
  if (!isShortText(r.levelId, 64)) throw new Error("saveWorkshop: levelId must be a non-empty string of at most 64 characters");
  if (!isShortText(r.createdAt, 40)) throw new Error("saveWorkshop: createdAt must be an ISO 8601 time");
  const json = JSON.stringify(r.report ?? null);
  if (Buffer.byteLength(json) > WORKSHOP_REPORT_JSON_BYTES_MAX) throw new Error(`saveWorkshop: report must serialise to at most ${WORKSHOP_REPORT_JSON_BYTES_MAX} bytes of JSON`);
  return json;
}

/** Options both implementations accept. */
export interface StoreOptions {
  /** Injected so tests can control `createdAt` (the last tie-break). Default: the wall clock. */
  now?: () => Date;
}

export const RESULT_ID_LENGTH = 16;
export const RESULT_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;
export const NICKNAME_LENGTH_MAX = 24;
export const CLASS_CODE_PATTERN = /^[A-Z0-9_-]{3,24}$/;
export const LEADERBOARD_LIMIT_MAX = 100;
export const ALL_RESULTS_LIMIT_MAX = 1000;
/** An input log larger than this is not a real game: refuse it rather than fill the disk. */
export const INPUTS_JSON_BYTES_MAX = 2_000_000;

/** A game's id: 16 random url-safe characters, like a result id. */
export function newGameId(): string {
  return randomBytes(12).toString("base64url");
}

export function newResultId(): string {
  // 12 random bytes are exactly 16 base64url characters, with no padding.
  return randomBytes(12).toString("base64url");
}

/**
 * Class codes are typed by children from a whiteboard: accept any case and surrounding
 * spaces, store one canonical spelling. Returns null when the text cannot be a class code.
 */
export function normalizeClassCode(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  return CLASS_CODE_PATTERN.test(code) ? code : null;
}

/**
 * Guards the boundary: the room is trusted, but a bug there must fail loudly here rather than
 * write a row that breaks the leaderboard or the CSV export later. Returns the inputs and
 * verdict serialised, since both stores need that text anyway.
 */
export function checkNewResult(r: NewResult): { inputsJson: string; verdictJson: string } {
  const fail = (field: string, rule: string): never => {
    throw new Error(`saveResult: ${field} ${rule}`);
  };
  if (!isShortText(r.levelId, 64)) fail("levelId", "must be a non-empty string of at most 64 characters");
  if (!isWholeNumber(r.levelVersion) || r.levelVersion < 1) fail("levelVersion", "must be a whole number >= 1");
  if (!isWholeNumber(r.seed)) fail("seed", "must be a whole number (a safe integer)");
  if (r.mode !== "solo" && r.mode !== "team") fail("mode", 'must be "solo" or "team"');
  if (r.playMode !== "guided" && r.playMode !== "free") fail("playMode", 'must be "guided" or "free"');
  if (!isShortText(r.seatNode, 64)) fail("seatNode", "must be a non-empty string of at most 64 characters");
  if (!isShortText(r.nickname, NICKNAME_LENGTH_MAX) || r.nickname.trim() !== r.nickname) {
    fail("nickname", `must be 1-${NICKNAME_LENGTH_MAX} characters, trimmed, without control characters`);
  }
  if (r.classCode !== null && normalizeClassCode(r.classCode) !== r.classCode) {
    fail("classCode", "must be null or a code normalised with normalizeClassCode()");
  }
  if (r.board !== null && !BOARD_PATTERN.test(r.board)) fail("board", 'must be null, "week-N" or "class-CODE"');
  if (r.playerId !== null && !PLAYER_ID_PATTERN.test(r.playerId)) fail("playerId", "must be null or a player id (22 url-safe characters)");
  if (!Array.isArray(r.inputs)) fail("inputs", "must be an array (the input log)");
  if (!isShortText(r.hash, 128)) fail("hash", "must be a non-empty string of at most 128 characters");
  if (!isWholeNumber(r.score)) fail("score", "must be a whole number");
  if (!isWholeNumber(r.stars) || r.stars < 0 || r.stars > 3) fail("stars", "must be 0, 1, 2 or 3");
  if (typeof r.passed !== "boolean") fail("passed", "must be a boolean");
  if (!isWholeNumber(r.messages) || r.messages < 0) fail("messages", "must be a whole number >= 0");
  const inputsJson = JSON.stringify(r.inputs);
  if (Buffer.byteLength(inputsJson) > INPUTS_JSON_BYTES_MAX) {
    fail("inputs", `must serialise to at most ${INPUTS_JSON_BYTES_MAX} bytes of JSON`);
  }
  // `undefined` would serialise to nothing; store an explicit null instead.
  const verdictJson = JSON.stringify(r.verdict ?? null);
  return { inputsJson, verdictJson };
}

/** A browser's player id: 16 random bytes in base64url, made by the page (see session-store). */
export const PLAYER_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** A board key: "week-" and a week number, or "class-" and a class code. */
export const BOARD_PATTERN = /^(week-\d{1,6}|class-[A-Z0-9_-]{3,24})$/;
export const CLASS_NAME_LENGTH_MAX = 60;

/** 16 random bytes in base64url: 22 characters, 128 bits. */
export const RESUME_SECRET_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newResumeSecret(): string {
  return randomBytes(16).toString("base64url");
}

/** Guards a finished game: every result (checkNewResult), one per seat. Returns their JSON. */
export function checkFinishedGame(g: FinishedGame): { inputsJson: string; verdictJson: string }[] {
  if (!isShortText(g.gameId, 64)) throw new Error("finishGame: gameId must be a non-empty string of at most 64 characters");
  if (!isShortText(g.roomId, 64)) throw new Error("finishGame: roomId must be a non-empty string of at most 64 characters");
  const seats = new Set(g.results.map((r) => r.seatNode));
  if (seats.size !== g.results.length) throw new Error("finishGame: results must have one seat each");
  return g.results.map(checkNewResult);
}

/**
 * Guards a live game snapshot like checkNewResult. The input log only grows, so a store keeps it
 * as rows appended once (the snapshot is saved every game-second; rewriting a 1.5 MB log each
 * time took 40-115 ms of the main thread): only the inputs from `storedInputs` on are
 * serialised here, one JSON text each, with their bytes. `storedBytes` is what the stored ones
 * took, so the log's whole size is still capped.
 */
export function checkLiveGame(g: LiveGame, storedInputs = 0, storedBytes = 0): { newInputsJson: string[]; newInputsBytes: number; seatsJson: string; workshopJson: string | null } {
  const fail = (field: string, rule: string): never => {
    throw new Error(`saveLiveGame: ${field} ${rule}`);
  };
  if (!isShortText(g.roomId, 64)) fail("roomId", "must be a non-empty string of at most 64 characters");
  if (!isShortText(g.gameId, 64)) fail("gameId", "must be a non-empty string of at most 64 characters");
  if (!isShortText(g.levelId, 64)) fail("levelId", "must be a non-empty string of at most 64 characters");
  if (!isWholeNumber(g.levelVersion) || g.levelVersion < 1) fail("levelVersion", "must be a whole number >= 1");
  if (!isWholeNumber(g.seed)) fail("seed", "must be a whole number (a safe integer)");
  if (g.mode !== "solo" && g.mode !== "team") fail("mode", 'must be "solo" or "team"');
  if (g.playMode !== "guided" && g.playMode !== "free") fail("playMode", 'must be "guided" or "free"');
  if (!Array.isArray(g.inputs)) fail("inputs", "must be an array (the input log)");
  if (storedInputs > g.inputs.length) fail("inputs", `must not shrink: ${storedInputs} are stored, the snapshot has ${g.inputs.length}`);
  if (!isWholeNumber(g.tick) || g.tick < 0) fail("tick", "must be a whole number >= 0");
  if (!isWholeNumber(g.speedTicks) || g.speedTicks < 1) fail("speedTicks", "must be a whole number >= 1");
  if (typeof g.listed !== "boolean") fail("listed", "must be a boolean");
  if (typeof g.paused !== "boolean") fail("paused", "must be a boolean");
  if (g.board !== null && !BOARD_PATTERN.test(g.board)) fail("board", 'must be null, "week-N" or "class-CODE"');
  if (!Array.isArray(g.seats)) fail("seats", "must be an array");
  for (const seat of g.seats) {
    if (!isShortText(seat.node, 64) || !isShortText(seat.nickname, NICKNAME_LENGTH_MAX)) fail("seats", "need a node and a nickname");
    if (seat.classCode !== null && normalizeClassCode(seat.classCode) !== seat.classCode) fail("seats", "need a normalised classCode or null");
    if (!RESUME_SECRET_PATTERN.test(seat.resumeSecret)) fail("seats", "need a resumeSecret made by newResumeSecret()");
    if (seat.playerId != null && !PLAYER_ID_PATTERN.test(seat.playerId)) fail("seats", "need a player id or null");
  }
  const newInputsJson = g.inputs.slice(storedInputs).map((input) => JSON.stringify(input ?? null));
  const newInputsBytes = newInputsJson.reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0);
  if (storedBytes + newInputsBytes > INPUTS_JSON_BYTES_MAX) fail("inputs", `must serialise to at most ${INPUTS_JSON_BYTES_MAX} bytes of JSON`);
  const seatsJson = JSON.stringify(g.seats.map(({ node, nickname, classCode, playerId, resumeSecret }) => ({ node, nickname, classCode, playerId: playerId ?? null, resumeSecret })));
  let workshopJson: string | null = null;
  if (g.workshop != null) {
    const w = g.workshop;
    const passes = (list: unknown): boolean => Array.isArray(list) && list.length <= 64 && list.every((p) => typeof p === "string" && RESUME_SECRET_PATTERN.test(p));
    if (!passes(w.passes) || !passes(w.revoked) || (w.nemesis !== undefined && (!passes(w.nemesis.passes) || !isWholeNumber(w.nemesis.points)))) {
      fail("workshop", "must be null or { passes, revoked, nemesis?: { passes, points } } of newResumeSecret() passes");
    }
    const seatPasses = Object.entries(w.seatPasses ?? {});
    if (seatPasses.length > 64 || !seatPasses.every(([node, pass]) => isShortText(node, 64) && RESUME_SECRET_PATTERN.test(pass))) fail("workshop", "seatPasses must map nodes to passes");
    workshopJson = JSON.stringify({ passes: w.passes, revoked: w.revoked, seatPasses: Object.fromEntries(seatPasses), ...(w.nemesis ? { nemesis: { passes: w.nemesis.passes, points: w.nemesis.points } } : {}) });
  }
  return { newInputsJson, newInputsBytes, seatsJson, workshopJson };
}

/** Guards a live room like checkLiveGame; returns its state's JSON. */
export function checkLiveRoom(r: LiveRoom): string {
  if (!isShortText(r.roomId, 64)) throw new Error("saveLiveRoom: roomId must be a non-empty string of at most 64 characters");
  if (!isShortText(r.kind, 32)) throw new Error("saveLiveRoom: kind must be a non-empty string of at most 32 characters");
  const json = JSON.stringify(r.state ?? null);
  if (Buffer.byteLength(json) > LIVE_ROOM_JSON_BYTES_MAX) throw new Error(`saveLiveRoom: state must serialise to at most ${LIVE_ROOM_JSON_BYTES_MAX} bytes of JSON`);
  return json;
}

/** Guards a new class the same way (the route checked it already; a bug must fail here). */
export function checkClassRecord(c: ClassRecord): void {
  if (normalizeClassCode(c.code) !== c.code) throw new Error("createClass: code must be normalised with normalizeClassCode()");
  if (!isShortText(c.name, CLASS_NAME_LENGTH_MAX)) throw new Error(`createClass: name must be 1-${CLASS_NAME_LENGTH_MAX} characters without control characters`);
  if (!/^[0-9a-f]{64}$/.test(c.teacherSecretHash)) throw new Error("createClass: teacherSecretHash must be a SHA-256 in hex");
}

export function checkLimit(limit: number, max: number, method: string): void {
  if (!isWholeNumber(limit) || limit < 1 || limit > max) {
    throw new Error(`${method}: limit must be a whole number from 1 to ${max}, got ${limit}`);
  }
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

function isShortText(value: unknown, lengthMax: number): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= lengthMax && !/[\u0000-\u001f\u007f]/.test(value);
}
