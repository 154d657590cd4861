/**
 * The embedded Store: one SQLite file, no set-up. WAL lets the verification command read while
 * the server writes; synchronous=FULL fsyncs every commit, so a result the room was told is
 * saved survives the process (or the machine) being killed a moment later.
 */
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import {
  ALL_RESULTS_LIMIT_MAX,
  LEADERBOARD_LIMIT_MAX,
  checkLimit,
  checkClassRecord,
  checkFinishedGame,
  checkLiveGame,
  checkLiveRoom,
  type LiveRoom,
  type OwnedLiveRoom,
  type LiveWorkshopSetup,
  checkNewResult,
  newResultId,
  type AllResultsQuery,
  type ClassRecord,
  type FinishedGame,
  type GameMode,
  type LeaderboardQuery,
  type LeaderboardRow,
  type LiveGame,
  type LiveSeat,
  type OwnedLiveGame,
  type NewResult,
  type PlayMode,
  type Store,
  type StoreOptions,
  type StoredResult,
  type WorkshopRecord,
  checkWorkshopRecord,
} from "./store.js";

/**
 * Numbered migrations: entry i upgrades schema version i to i + 1 (tracked in
 * `PRAGMA user_version`). Never edit a shipped entry; append a new one.
 */
const MIGRATIONS: readonly string[] = [
  // 1: results. `seq` gives a stable insertion order (ids are random) and the last tie-break.
  `CREATE TABLE results (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     level_id TEXT NOT NULL,
     level_version INTEGER NOT NULL,
     seed INTEGER NOT NULL,
     mode TEXT NOT NULL CHECK (mode IN ('solo', 'team')),
     play_mode TEXT NOT NULL CHECK (play_mode IN ('guided', 'free')),
     seat_node TEXT NOT NULL,
     nickname TEXT NOT NULL,
     class_code TEXT,
     inputs_json TEXT NOT NULL,
     hash TEXT NOT NULL,
     score INTEGER NOT NULL,
     stars INTEGER NOT NULL,
     passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
     messages INTEGER NOT NULL,
     verdict_json TEXT NOT NULL,
     created_at TEXT NOT NULL
   ) STRICT;
   CREATE INDEX results_by_level ON results (level_id, nickname, score DESC, messages, created_at);
   CREATE INDEX results_by_class ON results (class_code, seq);`,
  // 2: games in progress, one row per room, replaced as the game goes on (see LiveGame).
  `CREATE TABLE live_games (
     room_id TEXT PRIMARY KEY,
     level_id TEXT NOT NULL,
     level_version INTEGER NOT NULL,
     seed INTEGER NOT NULL,
     mode TEXT NOT NULL CHECK (mode IN ('solo', 'team')),
     play_mode TEXT NOT NULL CHECK (play_mode IN ('guided', 'free')),
     inputs_json TEXT NOT NULL,
     tick INTEGER NOT NULL,
     speed_ticks INTEGER NOT NULL,
     listed INTEGER NOT NULL CHECK (listed IN (0, 1)),
     paused INTEGER NOT NULL CHECK (paused IN (0, 1)),
     seats_json TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT;`,
  // 3: a game's own id on its results and its snapshot: a game's results are stored once
  // (Store.finishGame). Older rows have none (NULL never conflicts); older snapshots get one.
  `ALTER TABLE results ADD COLUMN game_id TEXT;
   CREATE UNIQUE INDEX results_by_game ON results (game_id, seat_node);
   ALTER TABLE live_games ADD COLUMN game_id TEXT;
   UPDATE live_games SET game_id = 'before-v3-' || room_id || '-' || updated_at;`,
  // 4: leaderboards per board (a week's secret seed, or a class's), rows per browser player id,
  // classes made by teachers, and the server's secret. Older results are on no board.
  `ALTER TABLE results ADD COLUMN board TEXT;
   ALTER TABLE results ADD COLUMN player_id TEXT;
   CREATE INDEX results_by_board ON results (level_id, board);
   ALTER TABLE live_games ADD COLUMN board TEXT;
   CREATE TABLE classes (
     code TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     teacher_secret_hash TEXT NOT NULL,
     created_at TEXT NOT NULL
   ) STRICT;
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;`,
  // 5: which process runs each saved game, and which processes are alive (their heartbeat):
  // a live process claims the games of a dead one. Older snapshots have no owner: claimable.
  `CREATE TABLE server_processes (
     process_id TEXT PRIMARY KEY,
     heartbeat_ms INTEGER NOT NULL
   ) STRICT;
   ALTER TABLE live_games ADD COLUMN owner_process TEXT;`,
  // 6: a game's input log as rows appended once (see checkLiveGame), not rewritten whole with
  // every snapshot. The logs of stored snapshots move into it.
  `CREATE TABLE live_inputs (
     room_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     input_json TEXT NOT NULL,
     PRIMARY KEY (room_id, seq)
   ) STRICT;
   ALTER TABLE live_games ADD COLUMN inputs_bytes INTEGER NOT NULL DEFAULT 0;
   INSERT INTO live_inputs (room_id, seq, input_json)
     SELECT g.room_id, CAST(e.key AS INTEGER), json(e.value) FROM live_games g, json_each(g.inputs_json) e;
   UPDATE live_games SET inputs_bytes = length(inputs_json), inputs_json = '[]';`,
  // 7: workshop reports, under the hash of the facilitator's secret (see WorkshopRecord).
  `CREATE TABLE workshops (
     secret_hash TEXT PRIMARY KEY,
     code TEXT NOT NULL,
     level_id TEXT NOT NULL,
     report_json TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT;`,
  // 8: a server restart loses nothing of a workshop: its team games keep the passes the workshop
  // handed out (see LiveWorkshopSetup), and the rooms that hold games together (a workshop, a
  // parallel room) keep their state, owned by a process as live games are (see LiveRoom).
  `ALTER TABLE live_games ADD COLUMN workshop_json TEXT;
   CREATE TABLE live_rooms (
     room_id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     state_json TEXT NOT NULL,
     owner_process TEXT,
     updated_at TEXT NOT NULL
   ) STRICT;`,
];

interface ResultRow {
  id: string;
  level_id: string;
  level_version: number;
  seed: number;
  mode: string;
  play_mode: string;
  seat_node: string;
  nickname: string;
  class_code: string | null;
  board: string | null;
  player_id: string | null;
  inputs_json: string;
  hash: string;
  score: number;
  stars: number;
  passed: number;
  messages: number;
  verdict_json: string;
  created_at: string;
}

interface LiveGameRow {
  room_id: string;
  game_id: string;
  level_id: string;
  level_version: number;
  seed: number;
  mode: string;
  play_mode: string;
  inputs_json: string;
  tick: number;
  speed_ticks: number;
  listed: number;
  paused: number;
  board: string | null;
  seats_json: string;
  workshop_json: string | null;
}

interface LeaderboardSqlRow {
  id: string;
  nickname: string;
  score: number;
  stars: number;
  messages: number;
  class_code: string | null;
  mode: string;
  created_at: string;
}

export interface SqliteStoreOptions extends StoreOptions {
  /** A file path, or ":memory:" for tests. The directory must exist. */
  path: string;
}

export function openSqliteStore(options: SqliteStoreOptions): Store {
  const db = new Database(options.path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    // Another process (the verify command) may hold the write lock briefly: wait, don't fail.
    db.pragma("busy_timeout = 5000");
    migrate(db, options.path);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteStore(db, options.now ?? (() => new Date()));
}

function migrate(db: Database.Database, path: string): void {
  const version = Number(db.pragma("user_version", { simple: true }));
  if (version > MIGRATIONS.length) {
    throw new Error(
      `${path} has schema version ${version}, but this server only knows up to ${MIGRATIONS.length}: ` +
        `run a newer server, or point DATA_DIR somewhere else.`,
    );
  }
  for (let next = version; next < MIGRATIONS.length; next++) {
    const sql = MIGRATIONS[next] ?? "";
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${next + 1}`);
    })();
  }
}

class SqliteStore implements Store {
  /** Prepared once per SQL text: every running room saves its snapshot every few seconds. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  async saveResult(result: NewResult): Promise<StoredResult> {
    const row = this.resultRow(result, checkNewResult(result));
    this.prepare(
      `INSERT INTO results (id, level_id, level_version, seed, mode, play_mode, seat_node, nickname,
         class_code, board, player_id, inputs_json, hash, score, stars, passed, messages, verdict_json, created_at)
       VALUES (@id, @level_id, @level_version, @seed, @mode, @play_mode, @seat_node, @nickname,
         @class_code, @board, @player_id, @inputs_json, @hash, @score, @stars, @passed, @messages, @verdict_json, @created_at)`,
    ).run(row);
    // Hand back what a later read returns (JSON round-tripped), not the caller's objects.
    return rowToResult(row);
  }

  async finishGame(game: FinishedGame): Promise<StoredResult[]> {
    const json = checkFinishedGame(game);
    const rows = game.results.map((result, i) => ({ ...this.resultRow(result, json[i]!), game_id: game.gameId }));
    const insert = this.prepare(
      `INSERT INTO results (id, level_id, level_version, seed, mode, play_mode, seat_node, nickname,
         class_code, board, player_id, inputs_json, hash, score, stars, passed, messages, verdict_json, created_at, game_id)
       VALUES (@id, @level_id, @level_version, @seed, @mode, @play_mode, @seat_node, @nickname,
         @class_code, @board, @player_id, @inputs_json, @hash, @score, @stars, @passed, @messages, @verdict_json, @created_at, @game_id)
       ON CONFLICT (game_id, seat_node) DO NOTHING`,
    );
    const stored = this.db.transaction(() => {
      for (const row of rows) insert.run(row);
      this.prepare(`DELETE FROM live_inputs WHERE room_id = ?`).run(game.roomId);
      this.prepare(`DELETE FROM live_games WHERE room_id = ?`).run(game.roomId);
      // Read back: a seat stored by an earlier call keeps its first result.
      return this.prepare(`SELECT * FROM results WHERE game_id = ? ORDER BY seq`).all(game.gameId) as ResultRow[];
    })();
    return stored.map(rowToResult);
  }

  async gameFinished(gameId: string): Promise<boolean> {
    return this.prepare(`SELECT 1 FROM results WHERE game_id = ? LIMIT 1`).get(gameId) !== undefined;
  }

  private resultRow(result: NewResult, { inputsJson, verdictJson }: { inputsJson: string; verdictJson: string }): ResultRow {
    return {
      id: newResultId(),
      level_id: result.levelId,
      level_version: result.levelVersion,
      seed: result.seed,
      mode: result.mode,
      play_mode: result.playMode,
      seat_node: result.seatNode,
      nickname: result.nickname,
      class_code: result.classCode,
      board: result.board,
      player_id: result.playerId,
      inputs_json: inputsJson,
      hash: result.hash,
      score: result.score,
      stars: result.stars,
      passed: result.passed ? 1 : 0,
      messages: result.messages,
      verdict_json: verdictJson,
      created_at: this.now().toISOString(),
    };
  }

  async getResult(id: string): Promise<StoredResult | null> {
    const row = this.prepare(`SELECT * FROM results WHERE id = ?`).get(id) as ResultRow | undefined;
    return row ? rowToResult(row) : null;
  }

  async leaderboard(levelId: string, query: LeaderboardQuery): Promise<LeaderboardRow[]> {
    checkLimit(query.limit, LEADERBOARD_LIMIT_MAX, "leaderboard");
    // One row per player: their browser's id, or for results without one, their nickname.
    const rows = this.prepare(
      `WITH best AS (
         SELECT *, ROW_NUMBER() OVER (
           PARTITION BY COALESCE('id:' || player_id, 'nickname:' || nickname)
           ORDER BY score DESC, messages ASC, created_at ASC, seq ASC) AS place
         FROM results
         WHERE level_id = @levelId AND board = @board)
       SELECT id, nickname, score, stars, messages, class_code, mode, created_at FROM best
       WHERE place = 1
       ORDER BY score DESC, messages ASC, created_at ASC, seq ASC
       LIMIT @limit`,
    ).all({ levelId, board: query.board, limit: query.limit }) as LeaderboardSqlRow[];
    return rows.map((row, index) => ({
      rank: index + 1,
      nickname: row.nickname,
      score: row.score,
      stars: row.stars,
      messages: row.messages,
      classCode: row.class_code,
      mode: row.mode as GameMode,
      createdAt: row.created_at,
      resultId: row.id,
    }));
  }

  async resultsForClass(classCode: string): Promise<StoredResult[]> {
    const rows = this.prepare(`SELECT * FROM results WHERE class_code = ? ORDER BY seq`).all(classCode) as ResultRow[];
    return rows.map(rowToResult);
  }

  async createClass(record: ClassRecord): Promise<boolean> {
    checkClassRecord(record);
    const info = this.prepare(
      `INSERT INTO classes (code, name, teacher_secret_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`,
    ).run(record.code, record.name, record.teacherSecretHash, record.createdAt);
    return info.changes === 1;
  }

  async getClass(code: string): Promise<ClassRecord | null> {
    const row = this.prepare(`SELECT * FROM classes WHERE code = ?`).get(code) as
      | { code: string; name: string; teacher_secret_hash: string; created_at: string }
      | undefined;
    return row ? { code: row.code, name: row.name, teacherSecretHash: row.teacher_secret_hash, createdAt: row.created_at } : null;
  }

  async serverSecret(): Promise<string> {
    // The first caller's random value wins; every later one (any process) reads it.
    this.prepare(`INSERT INTO settings (key, value) VALUES ('server-secret', ?) ON CONFLICT (key) DO NOTHING`).run(randomBytes(32).toString("hex"));
    return (this.prepare(`SELECT value FROM settings WHERE key = 'server-secret'`).get() as { value: string }).value;
  }

  async allResults(query: AllResultsQuery): Promise<StoredResult[]> {
    checkLimit(query.limit, ALL_RESULTS_LIMIT_MAX, "allResults");
    let afterSeq = 0;
    if (query.afterId !== undefined) {
      const cursor = this.prepare(`SELECT seq FROM results WHERE id = ?`).get(query.afterId) as
        | { seq: number }
        | undefined;
      if (!cursor) {
        throw new Error(`allResults: afterId ${JSON.stringify(query.afterId)} is not a stored result; start again without afterId`);
      }
      afterSeq = cursor.seq;
    }
    const rows = this.prepare(`SELECT * FROM results WHERE seq > ? ORDER BY seq LIMIT ?`).all(afterSeq, query.limit) as ResultRow[];
    return rows.map(rowToResult);
  }

  async saveLiveGame(game: LiveGame, owner?: string): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.prepare(`SELECT game_id, inputs_bytes, owner_process FROM live_games WHERE room_id = ?`).get(game.roomId) as
        | { game_id: string; inputs_bytes: number; owner_process: string | null }
        | undefined;
      // Without an owner the row is replaced whoever had it; with one, only while it is ours
      // (another process may have claimed the game meanwhile: see claimLiveGame).
      if (owner !== undefined && row && row.owner_process !== null && row.owner_process !== owner) return false;
      // A new game in this room (a join code is reused): the old game's log goes.
      const sameGame = row?.game_id === game.gameId;
      if (!sameGame) this.prepare(`DELETE FROM live_inputs WHERE room_id = ?`).run(game.roomId);
      const stored = sameGame ? (this.prepare(`SELECT COALESCE(MAX(seq) + 1, 0) AS n FROM live_inputs WHERE room_id = ?`).get(game.roomId) as { n: number }).n : 0;
      const storedBytes = sameGame ? row.inputs_bytes : 0;
      const { newInputsJson, newInputsBytes, seatsJson, workshopJson } = checkLiveGame(game, stored, storedBytes);
      this.prepare(
        `INSERT OR REPLACE INTO live_games (room_id, game_id, level_id, level_version, seed, mode, play_mode,
           inputs_json, inputs_bytes, tick, speed_ticks, listed, paused, board, seats_json, updated_at, owner_process, workshop_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(game.roomId, game.gameId, game.levelId, game.levelVersion, game.seed, game.mode, game.playMode, storedBytes + newInputsBytes, game.tick, game.speedTicks, game.listed ? 1 : 0, game.paused ? 1 : 0, game.board, seatsJson, this.now().toISOString(), owner ?? null, workshopJson);
      const append = this.prepare(`INSERT INTO live_inputs (room_id, seq, input_json) VALUES (?, ?, ?)`);
      newInputsJson.forEach((json, i) => append.run(game.roomId, stored + i, json));
      return true;
    })();
  }

  async liveGames(): Promise<LiveGame[]> {
    const rows = this.prepare(`SELECT * FROM live_games ORDER BY room_id`).all() as LiveGameRow[];
    const logs = this.inputLogs();
    return rows.map((row) => rowToLiveGame(row, logs.get(row.room_id) ?? []));
  }

  async heartbeat(processId: string): Promise<void> {
    this.prepare(`INSERT INTO server_processes (process_id, heartbeat_ms) VALUES (?, ?)
       ON CONFLICT (process_id) DO UPDATE SET heartbeat_ms = excluded.heartbeat_ms`).run(processId, this.now().getTime());
  }

  async retireProcess(processId: string): Promise<void> {
    this.prepare(`DELETE FROM server_processes WHERE process_id = ?`).run(processId);
  }

  async liveProcesses(staleMs: number): Promise<string[]> {
    const rows = this.prepare(`SELECT process_id FROM server_processes WHERE heartbeat_ms >= ? ORDER BY process_id`).all(this.now().getTime() - staleMs) as { process_id: string }[];
    return rows.map((row) => row.process_id);
  }

  async orphanedLiveGames(staleMs: number, alsoOwner?: string): Promise<OwnedLiveGame[]> {
    const rows = this.prepare(
      `SELECT g.* FROM live_games g
       WHERE g.owner_process IS NULL OR g.owner_process = ? OR NOT EXISTS (
         SELECT 1 FROM server_processes p WHERE p.process_id = g.owner_process AND p.heartbeat_ms >= ?)
       ORDER BY g.room_id`,
    ).all(alsoOwner ?? null, this.now().getTime() - staleMs) as (LiveGameRow & { owner_process: string | null })[];
    const logs = this.inputLogs();
    return rows.map((row) => ({ game: rowToLiveGame(row, logs.get(row.room_id) ?? []), owner: row.owner_process }));
  }

  async claimLiveGame(roomId: string, fromOwner: string | null, toOwner: string): Promise<boolean> {
    const { changes } = this.prepare(`UPDATE live_games SET owner_process = ? WHERE room_id = ? AND owner_process IS ?`).run(toOwner, roomId, fromOwner);
    return changes > 0;
  }

  /** Every saved game's input log, by room, in order. */
  private inputLogs(): Map<string, unknown[]> {
    const logs = new Map<string, unknown[]>();
    for (const { room_id, input_json } of this.prepare(`SELECT room_id, input_json FROM live_inputs ORDER BY room_id, seq`).all() as { room_id: string; input_json: string }[]) {
      let log = logs.get(room_id);
      if (!log) logs.set(room_id, (log = []));
      log.push(JSON.parse(input_json));
    }
    return logs;
  }

  async deleteLiveGame(roomId: string): Promise<void> {
    this.db.transaction(() => {
      this.prepare(`DELETE FROM live_inputs WHERE room_id = ?`).run(roomId);
      this.prepare(`DELETE FROM live_games WHERE room_id = ?`).run(roomId);
    })();
  }

  async saveLiveRoom(room: LiveRoom, owner?: string): Promise<boolean> {
    const json = checkLiveRoom(room);
    return this.db.transaction(() => {
      const row = this.prepare(`SELECT owner_process FROM live_rooms WHERE room_id = ?`).get(room.roomId) as { owner_process: string | null } | undefined;
      if (owner !== undefined && row && row.owner_process !== null && row.owner_process !== owner) return false;
      this.prepare(`INSERT OR REPLACE INTO live_rooms (room_id, kind, state_json, owner_process, updated_at) VALUES (?, ?, ?, ?, ?)`).run(room.roomId, room.kind, json, owner ?? null, this.now().toISOString());
      return true;
    })();
  }

  async orphanedLiveRooms(staleMs: number, alsoOwner?: string): Promise<OwnedLiveRoom[]> {
    const rows = this.prepare(
      `SELECT r.* FROM live_rooms r
       WHERE r.owner_process IS NULL OR r.owner_process = ? OR NOT EXISTS (
         SELECT 1 FROM server_processes p WHERE p.process_id = r.owner_process AND p.heartbeat_ms >= ?)
       ORDER BY r.room_id`,
    ).all(alsoOwner ?? null, this.now().getTime() - staleMs) as { room_id: string; kind: string; state_json: string; owner_process: string | null }[];
    return rows.map((row) => ({ room: { roomId: row.room_id, kind: row.kind, state: JSON.parse(row.state_json) as unknown }, owner: row.owner_process }));
  }

  async claimLiveRoom(roomId: string, fromOwner: string | null, toOwner: string): Promise<boolean> {
    const { changes } = this.prepare(`UPDATE live_rooms SET owner_process = ? WHERE room_id = ? AND owner_process IS ?`).run(toOwner, roomId, fromOwner);
    return changes > 0;
  }

  async deleteLiveRoom(roomId: string): Promise<void> {
    this.prepare(`DELETE FROM live_rooms WHERE room_id = ?`).run(roomId);
  }

  async saveWorkshop(record: WorkshopRecord): Promise<void> {
    const json = checkWorkshopRecord(record);
    this.prepare(
      `INSERT OR REPLACE INTO workshops (secret_hash, code, level_id, report_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(record.secretHash, record.code, record.levelId, json, record.createdAt, this.now().toISOString());
  }

  async workshop(secretHash: string): Promise<WorkshopRecord | null> {
    const row = this.prepare(`SELECT * FROM workshops WHERE secret_hash = ?`).get(secretHash) as
      | { secret_hash: string; code: string; level_id: string; report_json: string; created_at: string }
      | undefined;
    if (!row) return null;
    return { secretHash: row.secret_hash, code: row.code, levelId: row.level_id, report: JSON.parse(row.report_json) as unknown, createdAt: row.created_at };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function rowToResult(row: ResultRow): StoredResult {
  return {
    id: row.id,
    levelId: row.level_id,
    levelVersion: row.level_version,
    seed: row.seed,
    // The CHECK constraints guarantee these two casts.
    mode: row.mode as GameMode,
    playMode: row.play_mode as PlayMode,
    seatNode: row.seat_node,
    nickname: row.nickname,
    classCode: row.class_code,
    board: row.board,
    playerId: row.player_id,
    inputs: JSON.parse(row.inputs_json) as unknown[],
    hash: row.hash,
    score: row.score,
    stars: row.stars,
    passed: row.passed === 1,
    messages: row.messages,
    verdict: JSON.parse(row.verdict_json) as unknown,
    createdAt: row.created_at,
  };
}

function rowToLiveGame(row: LiveGameRow, inputs: unknown[]): LiveGame {
  return {
    roomId: row.room_id,
    gameId: row.game_id,
    levelId: row.level_id,
    levelVersion: row.level_version,
    seed: row.seed,
    mode: row.mode as GameMode,
    playMode: row.play_mode as PlayMode,
    inputs,
    tick: row.tick,
    speedTicks: row.speed_ticks,
    listed: row.listed === 1,
    paused: row.paused === 1,
    board: row.board,
    seats: JSON.parse(row.seats_json) as LiveSeat[],
    ...(row.workshop_json ? { workshop: JSON.parse(row.workshop_json) as LiveWorkshopSetup } : {}),
  };
}
