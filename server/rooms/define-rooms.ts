/**
 * Registers the room types. main.ts calls `defineRooms(gameServer, { store, levels })`; tests and
 * the benchmark pass a third argument to shorten the seat hold, change rate limits or allow the
 * test speed without touching the environment.
 */
import type { Server } from "@colyseus/core";
import { Encoder } from "@colyseus/schema";
import type { RoomDeps } from "../app.js";
import { LevelRoom, type LevelRoomConfig } from "./LevelRoom.js";
import { RATE_LIMIT_DEFAULTS } from "./rate-limiter.js";
import { TICK_MS_DEFAULT } from "../schema/project.js";

/** The one room type: clients call client.create("level", options) and client.joinById(code, options). */
export const LEVEL_ROOM_NAME = "level";
export const HOLD_SECONDS_DEFAULT = 30;
/** The god's view of a busy level exceeds the 8 KB default; growing it at run time logs every time. */
const ENCODE_BUFFER_BYTES = 64 * 1024;

export type RoomsConfig = Partial<Omit<LevelRoomConfig, "store" | "levels">>;

export function defineRooms(gameServer: Server, deps: RoomDeps, config: RoomsConfig = {}): void {
  Encoder.BUFFER_SIZE = Math.max(Encoder.BUFFER_SIZE, ENCODE_BUFFER_BYTES);
  const full: LevelRoomConfig = {
    store: deps.store,
    levels: deps.levels,
    testSpeedAllowed: config.testSpeedAllowed ?? process.env.SPLIT_BRAIN_TEST_SPEED === "1",
    holdSeconds: config.holdSeconds ?? HOLD_SECONDS_DEFAULT,
    rateLimit: config.rateLimit ?? RATE_LIMIT_DEFAULTS,
    tickMs: config.tickMs ?? TICK_MS_DEFAULT,
  };
  // A subclass per server carries its dependencies: Colyseus copies option objects, not stores.
  class ConfiguredLevelRoom extends LevelRoom {
    protected override config = full;
  }
  gameServer.define(LEVEL_ROOM_NAME, ConfiguredLevelRoom);
}

export default defineRooms;
