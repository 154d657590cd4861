/**
 * Registers the workshop room type beside the level room (define-rooms.ts calls this), with the
 * same store, levels and limits. Clients call client.create("workshop", { levelId, teamSize,
 * facilitate: true }) and client.joinById(code, { nickname } | { secret } | { projector }).
 */
import type { Server } from "@colyseus/core";
import type { RoomDeps } from "../app.js";
import { WORKSHOP_ROOM_NAME, WorkshopRoom, type WorkshopRoomConfig } from "./WorkshopRoom.js";

export const WORKSHOP_POLL_MS_DEFAULT = 1_000;

export function defineWorkshopRoom(gameServer: Server, deps: RoomDeps, config: Partial<Pick<WorkshopRoomConfig, "testSpeedAllowed" | "pollMs" | "holdSeconds" | "restoreHoldSeconds" | "restoring">> = {}): WorkshopRoomConfig {
  const full: WorkshopRoomConfig = {
    store: deps.store,
    levels: deps.levels,
    limits: deps.limits ?? null,
    testSpeedAllowed: config.testSpeedAllowed ?? process.env.SPLIT_BRAIN_TEST_SPEED === "1",
    pollMs: config.pollMs ?? WORKSHOP_POLL_MS_DEFAULT,
    holdSeconds: config.holdSeconds ?? 30,
    restoreHoldSeconds: config.restoreHoldSeconds ?? 60,
    restoring: config.restoring ?? new Map(),
    processId: deps.upkeep?.processId ?? null,
  };
  class ConfiguredWorkshopRoom extends WorkshopRoom {
    protected override config = full;
  }
  gameServer.define(WORKSHOP_ROOM_NAME, ConfiguredWorkshopRoom);
  return full;
}
