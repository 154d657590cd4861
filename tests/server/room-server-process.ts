/**
 * A game server in its own process, for tests that need several (Redis scale-out) or a server
 * measured apart from its clients. Prints "READY <port>" once listening; stops on SIGTERM.
 *
 *   node --import tsx tests/server/room-server-process.ts
 * Environment: PORT (required with REDIS_URL), REDIS_URL, PUBLIC_ADDRESS; levels from levels/.
 * Store: an in-memory SQLite (a file with SQLITE_PATH, to restart on it), or with DATABASE_URL
 * PostgreSQL, in the schema TEST_PG_SCHEMA (a throw-away schema per test run). Several processes
 * on one Redis need the shared one. STATIC_DIR: the built client, for browser tests.
 */
import { startGameServer } from "../../server/app.js";
import { matchmakeLimitsFromEnv } from "../../server/http/matchmake-limits.js";
import { loadLevels, withVariants } from "../../server/level-files.js";
import { defineRooms } from "../../server/rooms/define-rooms.js";
import { openPostgresStore } from "../../server/store/postgres-store.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";

const databaseUrl = process.env.DATABASE_URL;
if (process.env.REDIS_URL && !databaseUrl) throw new Error("REDIS_URL without DATABASE_URL: processes sharing rooms must share the store.");
const store = databaseUrl
  ? await openPostgresStore({ connectionString: databaseUrl, schema: process.env.TEST_PG_SCHEMA ?? "public", poolSizeMax: 4 })
  : openSqliteStore({ path: process.env.SQLITE_PATH ?? ":memory:" });
const levels = withVariants(loadLevels());
const redisUrl = process.env.REDIS_URL;
const publicAddress = process.env.PUBLIC_ADDRESS;
const server = await startGameServer({
  port: Number(process.env.PORT ?? 0),
  host: "127.0.0.1",
  store,
  levels,
  defineRooms: (gameServer, limits, upkeep) => defineRooms(gameServer, { store, levels, limits, upkeep }, { testSpeedAllowed: process.env.SPLIT_BRAIN_TEST_SPEED !== "0" }),
  // Tests create many rooms from one address: generous unless the environment says otherwise.
  matchmakeLimits: { createsPerMinute: 10_000, joinsPerMinute: 10_000, ...matchmakeLimitsFromEnv(process.env) },
  ...(redisUrl ? { redisUrl } : {}),
  ...(publicAddress ? { publicAddress } : {}),
  ...(process.env.STATIC_DIR ? { staticDir: process.env.STATIC_DIR } : {}),
});
process.stdout.write(`READY ${server.port} ${server.upkeep.processId}\n`);
process.on("SIGTERM", () => {
  void server
    .close()
    .finally(() => store.close())
    .finally(() => process.exit(0));
});
