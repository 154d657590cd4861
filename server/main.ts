/**
 * `npm start`: build the client if it is stale, load the levels, open the store, start the
 * server, and close everything cleanly on Ctrl-C / SIGTERM.
 *
 * Environment: PORT (2567), HOST (127.0.0.1: reachable from this machine only; set 0.0.0.0 to
 * serve a classroom), DATABASE_URL (PostgreSQL; else SQLite in DATA_DIR, default ./data),
 * REDIS_URL (share rooms between processes) with PUBLIC_ADDRESS (host:port of this process).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Server } from "@colyseus/core";
import { startGameServer, type RoomDeps, type RunningGameServer } from "./app.js";
import { buildClientIfStale } from "./client-build.js";
import { deploymentProblem } from "./deployment-check.js";
import { matchmakeLimitsFromEnv, type MatchmakeLimits } from "./http/matchmake-limits.js";
import { loadLevels, withVariants } from "./level-files.js";
import { describeStore, openStore } from "./store/open-store.js";
import type { ProcessUpkeep } from "./scale-out/process-upkeep.js";
import type { Store } from "./store/store.js";

const ROOT_DIR = fileURLToPath(new URL("..", import.meta.url));
const PORT_DEFAULT = 2567;
const HOST_DEFAULT = "127.0.0.1";
/** A stuck shutdown (a hung database) must not keep the terminal hostage. */
const SHUTDOWN_MS_MAX = 10_000;

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  const host = process.env.HOST?.trim() || HOST_DEFAULT;
  const problem = deploymentProblem(process.env);
  if (problem) throw new Error(problem);
  await buildClientIfStale(ROOT_DIR);
  const levels = withVariants(loadLevels(path.join(ROOT_DIR, "levels")));
  console.log(`Loaded ${levels.length} level(s). Storing results in ${describeStore(process.env)}.`);
  const store = await openStore(process.env);
  let server: RunningGameServer;
  try {
    const defineRooms = await loadRoomDefinitions({ store, levels });
    server = await startGameServer({
      port,
      host,
      store,
      levels,
      staticDir: path.join(ROOT_DIR, "dist"),
      ...(defineRooms ? { defineRooms } : {}),
      ...scaleOutEnv(),
      matchmakeLimits: matchmakeLimitsFromEnv(process.env),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  handleShutdownSignals(server, store);
  const shownHost = host === HOST_DEFAULT || host === "0.0.0.0" || host === "::" ? "localhost" : host;
  console.log(`Split Brain is running at http://${shownHost}:${server.port}`);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return PORT_DEFAULT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(raw)}.`);
  }
  return port;
}

function scaleOutEnv(): { redisUrl?: string; publicAddress?: string } {
  const redisUrl = process.env.REDIS_URL?.trim();
  if (!redisUrl) return {};
  const publicAddress = process.env.PUBLIC_ADDRESS?.trim();
  return { redisUrl, ...(publicAddress ? { publicAddress } : {}) };
}

/**
 * The room engineer's module registers the room types (and restores the games in progress
 * after a restart). It is optional so the server boots
 * (API + client) before any room exists.
 */
async function loadRoomDefinitions(deps: RoomDeps): Promise<((gameServer: Server, limits: MatchmakeLimits, upkeep: ProcessUpkeep) => Promise<unknown>) | null> {
  const file = path.join(ROOT_DIR, "server", "rooms", "define-rooms.ts");
  if (!existsSync(file)) {
    console.log("No server/rooms/define-rooms.ts yet: starting without game rooms.");
    return null;
  }
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const defineRooms = module.defineRooms ?? module.default;
  if (typeof defineRooms !== "function") {
    throw new Error(`${file} must export a function defineRooms(gameServer, { store, levels }).`);
  }
  // Its promise (the games in progress being restored) is awaited before the server listens.
  return async (gameServer, limits, upkeep) => defineRooms(gameServer, { ...deps, limits, upkeep });
}

/** Rebuild dist/ when any client source is newer than the last build. */
function handleShutdownSignals(server: RunningGameServer, store: Store): void {
  let shuttingDown = false;
  const shutDown = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      console.log(`${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    shuttingDown = true;
    console.log(`${signal}: closing rooms, the server and the store...`);
    setTimeout(() => {
      console.error(`Shutdown took over ${SHUTDOWN_MS_MAX} ms: exiting anyway.`);
      process.exit(1);
    }, SHUTDOWN_MS_MAX).unref();
    server
      .close()
      .finally(() => store.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error("Shutdown failed:", error);
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", shutDown);
  process.on("SIGTERM", shutDown);
}

main().catch((error: unknown) => {
  console.error(`Split Brain could not start: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error) console.error(process.env.DEBUG ? error.stack : "(set DEBUG=1 to see the stack trace)");
  process.exit(1);
});
