/**
 * The PostgreSQL Store: the same contract as the SQLite one, for deployments that run several
 * server processes (they all share one database). Chosen when DATABASE_URL is set.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
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
 * Numbered migrations: entry i upgrades version i to i + 1 (rows in `schema_migrations`).
 * Never edit a shipped entry; append a new one. Inputs and verdict use `json`, not `jsonb`:
 * `json` keeps the text exactly as written (key order included), which a replay may rely on.
 */
const MIGRATIONS: readonly string[] = [
  // 1: results. `seq` gives a stable insertion order (ids are random) and the last tie-break.
  `CREATE TABLE results (
     seq BIGSERIAL PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     level_id TEXT NOT NULL,
     level_version INTEGER NOT NULL,
     seed BIGINT NOT NULL,
     mode TEXT NOT NULL CHECK (mode IN ('solo', 'team')),
     play_mode TEXT NOT NULL CHECK (play_mode IN ('guided', 'free')),
     seat_node TEXT NOT NULL,
     nickname TEXT NOT NULL,
     class_code TEXT,
     inputs JSON NOT NULL,
     hash TEXT NOT NULL,
     score BIGINT NOT NULL,
     stars INTEGER NOT NULL,
     passed BOOLEAN NOT NULL,
     messages BIGINT NOT NULL,
     verdict JSON NOT NULL,
     created_at TIMESTAMPTZ NOT NULL
   );
   CREATE INDEX results_by_level ON results (level_id, nickname, score DESC, messages, created_at);
   CREATE INDEX results_by_class ON results (class_code, seq);`,
  // 2: games in progress, one row per room, replaced as the game goes on (see LiveGame).
  `CREATE TABLE live_games (
     room_id TEXT PRIMARY KEY,
     level_id TEXT NOT NULL,
     level_version INTEGER NOT NULL,
     seed BIGINT NOT NULL,
     mode TEXT NOT NULL CHECK (mode IN ('solo', 'team')),
     play_mode TEXT NOT NULL CHECK (play_mode IN ('guided', 'free')),
     inputs JSON NOT NULL,
     tick INTEGER NOT NULL,
     speed_ticks INTEGER NOT NULL,
     listed BOOLEAN NOT NULL,
     paused BOOLEAN NOT NULL,
     seats JSON NOT NULL,
     updated_at TIMESTAMPTZ NOT NULL
   );`,
  // 3: a game's own id on its results and its snapshot: a game's results are stored once
  // (Store.finishGame). Older rows have none (NULL never conflicts); older snapshots get one.
  `ALTER TABLE results ADD COLUMN game_id TEXT;
   CREATE UNIQUE INDEX results_by_game ON results (game_id, seat_node);
   ALTER TABLE live_games ADD COLUMN game_id TEXT;
   UPDATE live_games SET game_id = 'before-v3-' || room_id || '-' || updated_at::text;`,
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
     created_at TIMESTAMPTZ NOT NULL
   );
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 5: which process runs each saved game, and which processes are alive (their heartbeat, on
  // the database's clock: the processes' clocks may disagree): a live process claims the games
  // of a dead one. Older snapshots have no owner: claimable.
  `CREATE TABLE server_processes (
     process_id TEXT PRIMARY KEY,
     heartbeat_at TIMESTAMPTZ NOT NULL
   );
   ALTER TABLE live_games ADD COLUMN owner_process TEXT;`,
  // 6: a game's input log as rows appended once (see checkLiveGame), not rewritten whole with
  // every snapshot. The logs of stored snapshots move into it.
  `CREATE TABLE live_inputs (
     room_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     input_json TEXT NOT NULL,
     PRIMARY KEY (room_id, seq)
   );
   ALTER TABLE live_games ADD COLUMN inputs_bytes INTEGER NOT NULL DEFAULT 0;
   INSERT INTO live_inputs (room_id, seq, input_json)
     SELECT g.room_id, (e.ord - 1)::int, e.value::text FROM live_games g, json_array_elements(g.inputs) WITH ORDINALITY AS e(value, ord);
   UPDATE live_games SET inputs_bytes = length(inputs::text), inputs = '[]'::json;`,
  // 7: workshop reports, under the hash of the facilitator's secret (see WorkshopRecord).
  `CREATE TABLE workshops (
     secret_hash TEXT PRIMARY KEY,
     code TEXT NOT NULL,
     level_id TEXT NOT NULL,
     report JSON NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TIMESTAMPTZ NOT NULL
   );`,
  // 8: a server restart loses nothing of a workshop: its team games keep the passes the workshop
  // handed out (see LiveWorkshopSetup), and the rooms that hold games together (a workshop, a
  // parallel room) keep their state, owned by a process as live games are (see LiveRoom).
  `ALTER TABLE live_games ADD COLUMN workshop JSON;
   CREATE TABLE live_rooms (
     room_id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     state JSON NOT NULL,
     owner_process TEXT,
     updated_at TIMESTAMPTZ NOT NULL
   );`,
];

/** Several server processes may boot at once: only one of them may run the migrations. */
const MIGRATION_LOCK_KEY = 0x5b_b2a1;

/** What node-postgres hands back (BIGINT arrives as a string, JSON already parsed). */
interface ResultRow {
  id: string;
  level_id: string;
  level_version: number;
  seed: string;
  mode: string;
  play_mode: string;
  seat_node: string;
  nickname: string;
  class_code: string | null;
  board: string | null;
  player_id: string | null;
  inputs: unknown[];
  hash: string;
  score: string;
  stars: number;
  passed: boolean;
  messages: string;
  verdict: unknown;
  created_at: Date;
}

interface LiveGameRow {
  room_id: string;
  game_id: string;
  level_id: string;
  level_version: number;
  seed: string;
  mode: string;
  play_mode: string;
  inputs: unknown[];
  tick: number;
  speed_ticks: number;
  listed: boolean;
  paused: boolean;
  board: string | null;
  seats: LiveSeat[];
  workshop: LiveWorkshopSetup | null;
}

type LeaderboardSqlRow = Pick<ResultRow, "id" | "nickname" | "score" | "stars" | "messages" | "class_code" | "mode" | "created_at">;

export interface PostgresStoreOptions extends StoreOptions {
  connectionString: string;
  /**
   * Keep the tables in this schema (created if missing) instead of `public`. Tests use a
   * throw-away schema per run.
   */
  schema?: string;
  poolSizeMax?: number;
}

const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? "public";
  if (!SCHEMA_NAME_PATTERN.test(schema)) {
    throw new Error(`Postgres schema name ${JSON.stringify(schema)} must match ${SCHEMA_NAME_PATTERN}`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSizeMax ?? 10,
    // Every connection of the pool resolves table names in our schema only.
    options: `-c search_path=${schema}`,
  });
  // An idle connection that dies (database restart) must not crash the game server.
  pool.on("error", (error) => console.error(`PostgreSQL connection error (the pool will reconnect): ${error.message}`));
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStore(pool, options.now ?? (() => new Date()));
}

async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
    const version = rows[0]?.version ?? 0;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `The database has schema version ${version}, but this server only knows up to ${MIGRATIONS.length}: ` +
          `run a newer server, or point DATABASE_URL at another database.`,
      );
    }
    for (let next = version; next < MIGRATIONS.length; next++) {
      await client.query(MIGRATIONS[next] ?? "");
      await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [next + 1]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

class PostgresStore implements Store {
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date,
  ) {}

  async saveResult(result: NewResult): Promise<StoredResult> {
    const { inputsJson, verdictJson } = checkNewResult(result);
    const { rows } = await this.pool.query<ResultRow>(
      `INSERT INTO results (id, level_id, level_version, seed, mode, play_mode, seat_node, nickname,
         class_code, inputs, hash, score, stars, passed, messages, verdict, created_at, board, player_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       RETURNING *`,
      resultValues(result, inputsJson, verdictJson, this.now().toISOString()),
    );
    return rowToResult(firstRow(rows, "saveResult"));
  }

  async finishGame(game: FinishedGame): Promise<StoredResult[]> {
    const json = checkFinishedGame(game);
    const createdAt = this.now().toISOString();
    return this.transaction(async (client) => {
      for (const [i, result] of game.results.entries()) {
        await client.query(
          `INSERT INTO results (id, level_id, level_version, seed, mode, play_mode, seat_node, nickname,
             class_code, inputs, hash, score, stars, passed, messages, verdict, created_at, board, player_id, game_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
           ON CONFLICT (game_id, seat_node) DO NOTHING`,
          [...resultValues(result, json[i]!.inputsJson, json[i]!.verdictJson, createdAt), game.gameId],
        );
      }
      await client.query("DELETE FROM live_inputs WHERE room_id = $1", [game.roomId]);
      await client.query("DELETE FROM live_games WHERE room_id = $1", [game.roomId]);
      // Read back: a seat stored by an earlier call keeps its first result.
      const { rows } = await client.query<ResultRow>("SELECT * FROM results WHERE game_id = $1 ORDER BY seq", [game.gameId]);
      return rows.map(rowToResult);
    });
  }

  async gameFinished(gameId: string): Promise<boolean> {
    const { rows } = await this.pool.query("SELECT 1 FROM results WHERE game_id = $1 LIMIT 1", [gameId]);
    return rows.length > 0;
  }

  async getResult(id: string): Promise<StoredResult | null> {
    const { rows } = await this.pool.query<ResultRow>("SELECT * FROM results WHERE id = $1", [id]);
    return rows[0] ? rowToResult(rows[0]) : null;
  }

  async leaderboard(levelId: string, query: LeaderboardQuery): Promise<LeaderboardRow[]> {
    checkLimit(query.limit, LEADERBOARD_LIMIT_MAX, "leaderboard");
    const params: unknown[] = [levelId, query.limit, query.board];
    // One row per player: their browser's id, or for results without one, their nickname.
    const { rows } = await this.pool.query<LeaderboardSqlRow>(
      `WITH best AS (
         SELECT *, ROW_NUMBER() OVER (
           PARTITION BY COALESCE('id:' || player_id, 'nickname:' || nickname)
           ORDER BY score DESC, messages ASC, created_at ASC, seq ASC) AS place
         FROM results
         WHERE level_id = $1 AND board = $3)
       SELECT id, nickname, score, stars, messages, class_code, mode, created_at FROM best
       WHERE place = 1
       ORDER BY score DESC, messages ASC, created_at ASC, seq ASC
       LIMIT $2`,
      params,
    );
    return rows.map((row, index) => ({
      rank: index + 1,
      nickname: row.nickname,
      score: Number(row.score),
      stars: row.stars,
      messages: Number(row.messages),
      classCode: row.class_code,
      mode: row.mode as GameMode,
      createdAt: row.created_at.toISOString(),
      resultId: row.id,
    }));
  }

  async resultsForClass(classCode: string): Promise<StoredResult[]> {
    const { rows } = await this.pool.query<ResultRow>("SELECT * FROM results WHERE class_code = $1 ORDER BY seq", [
      classCode,
    ]);
    return rows.map(rowToResult);
  }

  async createClass(record: ClassRecord): Promise<boolean> {
    checkClassRecord(record);
    const { rowCount } = await this.pool.query(
      `INSERT INTO classes (code, name, teacher_secret_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
      [record.code, record.name, record.teacherSecretHash, record.createdAt],
    );
    return rowCount === 1;
  }

  async getClass(code: string): Promise<ClassRecord | null> {
    const { rows } = await this.pool.query<{ code: string; name: string; teacher_secret_hash: string; created_at: Date }>(
      "SELECT * FROM classes WHERE code = $1",
      [code],
    );
    const row = rows[0];
    return row ? { code: row.code, name: row.name, teacherSecretHash: row.teacher_secret_hash, createdAt: row.created_at.toISOString() } : null;
  }

  async serverSecret(): Promise<string> {
    // The first caller's random value wins; every later one (any process) reads it.
    await this.pool.query(`INSERT INTO settings (key, value) VALUES ('server-secret', $1) ON CONFLICT (key) DO NOTHING`, [
      randomBytes(32).toString("hex"),
    ]);
    const { rows } = await this.pool.query<{ value: string }>(`SELECT value FROM settings WHERE key = 'server-secret'`);
    return firstRow(rows, "serverSecret").value;
  }

  async allResults(query: AllResultsQuery): Promise<StoredResult[]> {
    checkLimit(query.limit, ALL_RESULTS_LIMIT_MAX, "allResults");
    let afterSeq = "0";
    if (query.afterId !== undefined) {
      const cursor = await this.pool.query<{ seq: string }>("SELECT seq FROM results WHERE id = $1", [query.afterId]);
      const row = cursor.rows[0];
      if (!row) {
        throw new Error(`allResults: afterId ${JSON.stringify(query.afterId)} is not a stored result; start again without afterId`);
      }
      afterSeq = row.seq;
    }
    const { rows } = await this.pool.query<ResultRow>("SELECT * FROM results WHERE seq > $1 ORDER BY seq LIMIT $2", [
      afterSeq,
      query.limit,
    ]);
    return rows.map(rowToResult);
  }

  async saveLiveGame(game: LiveGame, owner?: string): Promise<boolean> {
    return this.transaction(async (client) => {
      // FOR UPDATE: two saves of one room (or a save and a claim) never interleave.
      const { rows } = await client.query<{ game_id: string; inputs_bytes: number; owner_process: string | null }>("SELECT game_id, inputs_bytes, owner_process FROM live_games WHERE room_id = $1 FOR UPDATE", [game.roomId]);
      const row = rows[0];
      // Without an owner the row is replaced whoever had it; with one, only while it is ours
      // (another process may have claimed the game meanwhile: see claimLiveGame).
      if (owner !== undefined && row && row.owner_process !== null && row.owner_process !== owner) return false;
      // A new game in this room (a join code is reused): the old game's log goes.
      const sameGame = row?.game_id === game.gameId;
      if (!sameGame) await client.query("DELETE FROM live_inputs WHERE room_id = $1", [game.roomId]);
      const stored = sameGame ? (await client.query<{ n: number }>("SELECT COALESCE(MAX(seq) + 1, 0)::int AS n FROM live_inputs WHERE room_id = $1", [game.roomId])).rows[0]!.n : 0;
      const storedBytes = sameGame ? row.inputs_bytes : 0;
      const { newInputsJson, newInputsBytes, seatsJson, workshopJson } = checkLiveGame(game, stored, storedBytes);
      await client.query(
        `INSERT INTO live_games (room_id, level_id, level_version, seed, mode, play_mode, inputs, inputs_bytes, tick,
           speed_ticks, listed, paused, seats, updated_at, game_id, board, owner_process, workshop)
         VALUES ($1, $2, $3, $4, $5, $6, '[]', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (room_id) DO UPDATE SET game_id = EXCLUDED.game_id, level_id = EXCLUDED.level_id, level_version = EXCLUDED.level_version,
           seed = EXCLUDED.seed, mode = EXCLUDED.mode, play_mode = EXCLUDED.play_mode, inputs = EXCLUDED.inputs, inputs_bytes = EXCLUDED.inputs_bytes,
           tick = EXCLUDED.tick, speed_ticks = EXCLUDED.speed_ticks, listed = EXCLUDED.listed,
           paused = EXCLUDED.paused, seats = EXCLUDED.seats, updated_at = EXCLUDED.updated_at, board = EXCLUDED.board, owner_process = EXCLUDED.owner_process, workshop = EXCLUDED.workshop`,
        [game.roomId, game.levelId, game.levelVersion, game.seed, game.mode, game.playMode, storedBytes + newInputsBytes, game.tick, game.speedTicks, game.listed, game.paused, seatsJson, this.now().toISOString(), game.gameId, game.board, owner ?? null, workshopJson],
      );
      if (newInputsJson.length > 0) {
        await client.query(
          `INSERT INTO live_inputs (room_id, seq, input_json)
           SELECT $1, $2 + (t.ord - 1)::int, t.json FROM unnest($3::text[]) WITH ORDINALITY AS t(json, ord)`,
          [game.roomId, stored, newInputsJson],
        );
      }
      return true;
    });
  }

  async liveGames(): Promise<LiveGame[]> {
    const { rows } = await this.pool.query<LiveGameRow>("SELECT * FROM live_games ORDER BY room_id");
    const logs = await this.inputLogs();
    return rows.map((row) => rowToLiveGame(row, logs.get(row.room_id) ?? []));
  }

  async heartbeat(processId: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO server_processes (process_id, heartbeat_at) VALUES ($1, now())
       ON CONFLICT (process_id) DO UPDATE SET heartbeat_at = now()`,
      [processId],
    );
  }

  async retireProcess(processId: string): Promise<void> {
    await this.pool.query("DELETE FROM server_processes WHERE process_id = $1", [processId]);
  }

  async liveProcesses(staleMs: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ process_id: string }>(
      "SELECT process_id FROM server_processes WHERE heartbeat_at >= now() - make_interval(secs => $1) ORDER BY process_id",
      [staleMs / 1000],
    );
    return rows.map((row) => row.process_id);
  }

  async orphanedLiveGames(staleMs: number, alsoOwner?: string): Promise<OwnedLiveGame[]> {
    const { rows } = await this.pool.query<LiveGameRow & { owner_process: string | null }>(
      `SELECT g.* FROM live_games g
       WHERE g.owner_process IS NULL OR g.owner_process = $2 OR NOT EXISTS (
         SELECT 1 FROM server_processes p WHERE p.process_id = g.owner_process AND p.heartbeat_at >= now() - make_interval(secs => $1))
       ORDER BY g.room_id`,
      [staleMs / 1000, alsoOwner ?? null],
    );
    const logs = await this.inputLogs();
    return rows.map((row) => ({ game: rowToLiveGame(row, logs.get(row.room_id) ?? []), owner: row.owner_process }));
  }

  async claimLiveGame(roomId: string, fromOwner: string | null, toOwner: string): Promise<boolean> {
    // A compare-and-set on the row: of two processes claiming at once, the second waits for the
    // first's row lock, then finds the owner changed and updates nothing.
    const { rowCount } = await this.pool.query("UPDATE live_games SET owner_process = $3 WHERE room_id = $1 AND owner_process IS NOT DISTINCT FROM $2", [roomId, fromOwner, toOwner]);
    return (rowCount ?? 0) > 0;
  }

  /** Every saved game's input log, by room, in order. */
  private async inputLogs(): Promise<Map<string, unknown[]>> {
    const logs = new Map<string, unknown[]>();
    const { rows } = await this.pool.query<{ room_id: string; input_json: string }>("SELECT room_id, input_json FROM live_inputs ORDER BY room_id, seq");
    for (const { room_id, input_json } of rows) {
      let log = logs.get(room_id);
      if (!log) logs.set(room_id, (log = []));
      log.push(JSON.parse(input_json));
    }
    return logs;
  }

  async deleteLiveGame(roomId: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query("DELETE FROM live_inputs WHERE room_id = $1", [roomId]);
      await client.query("DELETE FROM live_games WHERE room_id = $1", [roomId]);
    });
  }

  /** Runs `work` in one transaction on one connection: all of it or none. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async saveLiveRoom(room: LiveRoom, owner?: string): Promise<boolean> {
    const json = checkLiveRoom(room);
    // One statement: the row is written unless another process owns it (a compare-and-set).
    const { rowCount } = await this.pool.query(
      `INSERT INTO live_rooms (room_id, kind, state, owner_process, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (room_id) DO UPDATE SET kind = EXCLUDED.kind, state = EXCLUDED.state, owner_process = EXCLUDED.owner_process, updated_at = EXCLUDED.updated_at
       WHERE $5::text IS NULL OR live_rooms.owner_process IS NULL OR live_rooms.owner_process = $5`,
      [room.roomId, room.kind, json, owner ?? null, owner ?? null],
    );
    return (rowCount ?? 0) > 0;
  }

  async orphanedLiveRooms(staleMs: number, alsoOwner?: string): Promise<OwnedLiveRoom[]> {
    const { rows } = await this.pool.query<{ room_id: string; kind: string; state: unknown; owner_process: string | null }>(
      `SELECT r.room_id, r.kind, r.state, r.owner_process FROM live_rooms r
       WHERE r.owner_process IS NULL OR r.owner_process = $2 OR NOT EXISTS (
         SELECT 1 FROM server_processes p WHERE p.process_id = r.owner_process AND p.heartbeat_at >= now() - make_interval(secs => $1))
       ORDER BY r.room_id`,
      [staleMs / 1000, alsoOwner ?? null],
    );
    return rows.map((row) => ({ room: { roomId: row.room_id, kind: row.kind, state: row.state }, owner: row.owner_process }));
  }

  async claimLiveRoom(roomId: string, fromOwner: string | null, toOwner: string): Promise<boolean> {
    const { rowCount } = await this.pool.query("UPDATE live_rooms SET owner_process = $3 WHERE room_id = $1 AND owner_process IS NOT DISTINCT FROM $2", [roomId, fromOwner, toOwner]);
    return (rowCount ?? 0) > 0;
  }

  async deleteLiveRoom(roomId: string): Promise<void> {
    await this.pool.query("DELETE FROM live_rooms WHERE room_id = $1", [roomId]);
  }

  async saveWorkshop(record: WorkshopRecord): Promise<void> {
    const json = checkWorkshopRecord(record);
    await this.pool.query(
      `INSERT INTO workshops (secret_hash, code, level_id, report, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (secret_hash) DO UPDATE SET code = EXCLUDED.code, level_id = EXCLUDED.level_id, report = EXCLUDED.report, updated_at = EXCLUDED.updated_at`,
      [record.secretHash, record.code, record.levelId, json, record.createdAt, this.now().toISOString()],
    );
  }

  async workshop(secretHash: string): Promise<WorkshopRecord | null> {
    const { rows } = await this.pool.query<{ secret_hash: string; code: string; level_id: string; report: unknown; created_at: string }>(
      "SELECT secret_hash, code, level_id, report, created_at FROM workshops WHERE secret_hash = $1",
      [secretHash],
    );
    const row = rows[0];
    if (!row) return null;
    return { secretHash: row.secret_hash, code: row.code, levelId: row.level_id, report: row.report, createdAt: row.created_at };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

function firstRow<T>(rows: T[], method: string): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`${method}: PostgreSQL returned no row`);
  return row;
}

function rowToResult(row: ResultRow): StoredResult {
  return {
    id: row.id,
    levelId: row.level_id,
    levelVersion: row.level_version,
    // BIGINT columns: checkNewResult only lets safe integers in, so Number() is exact.
    seed: Number(row.seed),
    // The CHECK constraints guarantee these two casts.
    mode: row.mode as GameMode,
    playMode: row.play_mode as PlayMode,
    seatNode: row.seat_node,
    nickname: row.nickname,
    classCode: row.class_code,
    board: row.board,
    playerId: row.player_id,
    inputs: row.inputs,
    hash: row.hash,
    score: Number(row.score),
    stars: row.stars,
    passed: row.passed,
    messages: Number(row.messages),
    verdict: row.verdict,
    createdAt: row.created_at.toISOString(),
  };
}

/** A new result's values for INSERT INTO results, in its column order (id first, created_at last). */
function resultValues(result: NewResult, inputsJson: string, verdictJson: string, createdAt: string): unknown[] {
  return [
    newResultId(),
    result.levelId,
    result.levelVersion,
    result.seed,
    result.mode,
    result.playMode,
    result.seatNode,
    result.nickname,
    result.classCode,
    inputsJson,
    result.hash,
    result.score,
    result.stars,
    result.passed,
    result.messages,
    verdictJson,
    createdAt,
    result.board,
    result.playerId,
  ];
}

function rowToLiveGame(row: LiveGameRow, inputs: unknown[]): LiveGame {
  return {
    roomId: row.room_id,
    gameId: row.game_id,
    levelId: row.level_id,
    levelVersion: row.level_version,
    seed: Number(row.seed),
    mode: row.mode as GameMode,
    playMode: row.play_mode as PlayMode,
    inputs,
    tick: row.tick,
    speedTicks: row.speed_ticks,
    listed: row.listed,
    paused: row.paused,
    board: row.board,
    seats: row.seats,
    ...(row.workshop ? { workshop: row.workshop } : {}),
  };
}
