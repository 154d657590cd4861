/**
 * Registers the room types and restores the games that were running when the server last
 * stopped. main.ts calls `defineRooms(gameServer, { store, levels })`; tests and the benchmark
 * pass a third argument to shorten the seat hold, change rate limits or allow the test speed
 * without touching the environment.
 */
import { matchMaker, type Server } from "@colyseus/core";
import { Encoder } from "@colyseus/schema";
import type { RoomDeps } from "../app.js";
import type { LiveGame } from "../store/store.js";
import { LevelRoom, type LevelRoomConfig } from "./LevelRoom.js";
import { RATE_LIMIT_DEFAULTS } from "./rate-limiter.js";
import { TICK_MS_DEFAULT } from "../schema/project.js";
import { defineWorkshopRoom } from "../workshop/define-workshop.js";

/** The one room type: clients call client.create("level", options) and client.joinById(code, options). */
export const LEVEL_ROOM_NAME = "level";
export const HOLD_SECONDS_DEFAULT = 30;
/** After a restart players need longer: their page first tries the old connection, then resumes. */
export const RESTORE_HOLD_SECONDS_DEFAULT = 60;
/** The god's view of a busy level exceeds the 8 KB default; growing it at run time logs every time. */
const ENCODE_BUFFER_BYTES = 64 * 1024;

export type RoomsConfig = Partial<Omit<LevelRoomConfig, "store" | "levels" | "restoring" | "limits" | "serverSecret">>;

/**
 * Defines the room type at once (synchronously: the caller may listen right after), then
 * restores the stored games in progress; the promise says how many were restored.
 */
export function defineRooms(gameServer: Server, deps: RoomDeps, config: RoomsConfig = {}): Promise<number> {
  Encoder.BUFFER_SIZE = Math.max(Encoder.BUFFER_SIZE, ENCODE_BUFFER_BYTES);
  const full: LevelRoomConfig = {
    store: deps.store,
    levels: deps.levels,
    testSpeedAllowed: config.testSpeedAllowed ?? process.env.SPLIT_BRAIN_TEST_SPEED === "1",
    holdSeconds: config.holdSeconds ?? HOLD_SECONDS_DEFAULT,
    rateLimit: config.rateLimit ?? RATE_LIMIT_DEFAULTS,
    tickMs: config.tickMs ?? TICK_MS_DEFAULT,
    restoreHoldSeconds: config.restoreHoldSeconds ?? RESTORE_HOLD_SECONDS_DEFAULT,
    restoring: new Map(),
    limits: deps.limits ?? null,
    serverSecret: readOnce(() => deps.store.serverSecret()),
  };
  // A subclass per server carries its dependencies: Colyseus copies option objects, not stores.
  class ConfiguredLevelRoom extends LevelRoom {
    protected override config = full;
  }
  gameServer.define(LEVEL_ROOM_NAME, ConfiguredLevelRoom);
  defineWorkshopRoom(gameServer, deps, { testSpeedAllowed: full.testSpeedAllowed, holdSeconds: full.holdSeconds });
  return restoreLiveGames(full);
}

/** Asks once and keeps the answer; a failure is not kept, so the next call asks again. */
function readOnce<T>(read: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | null = null;
  return () => {
    answer ??= read().catch((error: unknown) => {
      answer = null;
      throw error;
    });
    return answer;
  };
}

/**
 * One room per stored game in progress, in this process, under its old id. A game that cannot
 * come back (its level version is gone, it had already reached its end, or the restore failed)
 * is logged and forgotten. Never throws: a bad snapshot must not stop the server from starting.
 */
export async function restoreLiveGames(config: LevelRoomConfig): Promise<number> {
  let games: LiveGame[];
  try {
    games = await config.store.liveGames();
  } catch (error) {
    console.error("Could not read the games in progress; none restored:", error);
    return 0;
  }
  let restored = 0;
  for (const game of games) {
    const forget = (why: string) => {
      console.error(`Game ${game.roomId} (${game.levelId}) cannot be restored (${why}): forgetting it.`);
      return config.store.deleteLiveGame(game.roomId).catch(() => undefined);
    };
    const level = config.levels.find((l) => l.id === game.levelId && l.version === game.levelVersion);
    if (!level) {
      await forget(`level version ${game.levelVersion} is not on this server`);
      continue;
    }
    if (game.tick >= level.durationTicks) {
      await forget("it had already reached its end");
      continue;
    }
    try {
      // Idempotent restore: a game whose results are stored is over, whatever snapshot is left.
      if (await config.store.gameFinished(game.gameId)) {
        await forget("its results are already stored");
        continue;
      }
    } catch (error) {
      console.error(`Game ${game.roomId}: could not check whether its results are stored; not restored:`, error);
      continue;
    }
    try {
      // With Redis, another process may still be running it: leave it there.
      if ((await matchMaker.query({ roomId: game.roomId })).length > 0) continue;
      config.restoring.set(game.roomId, game);
      // handleCreateRoom, not createRoom: the room must live in this process (createRoom may
      // pick another one with Redis), and the client-facing create never sees restoreId.
      await matchMaker.handleCreateRoom(LEVEL_ROOM_NAME, { restoreId: game.roomId });
      restored++;
    } catch (error) {
      config.restoring.delete(game.roomId);
      await forget(error instanceof Error ? error.message : String(error));
    }
  }
  if (restored > 0) console.log(`Restored ${restored} game(s) in progress; their players have ${config.restoreHoldSeconds} s to come back.`);
  return restored;
}

export default defineRooms;
