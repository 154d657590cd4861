/**
 * Registers the room types and takes over the saved games nobody runs: at start, those the
 * last server left, and then every round of the process upkeep, those of any process that died
 * (several processes share the store). main.ts calls `defineRooms(gameServer, { store, levels,
 * upkeep })`; tests and the benchmark pass a third argument to shorten the seat hold, change
 * rate limits or allow the test speed without touching the environment.
 */
import { matchMaker, type Server } from "@colyseus/core";
import { Encoder } from "@colyseus/schema";
import type { RoomDeps } from "../app.js";
import { PROCESS_STALE_MS } from "../store/store.js";
import { LevelRoom, type LevelRoomConfig } from "./LevelRoom.js";
import { RATE_LIMIT_DEFAULTS } from "./rate-limiter.js";
import { TICK_MS_DEFAULT } from "../schema/project.js";
import { defineWorkshopRoom } from "../workshop/define-workshop.js";
import { readWorkshopSnapshot } from "../workshop/workshop-snapshot.js";
import { WORKSHOP_ROOM_NAME } from "../workshop/WorkshopRoom.js";
import { PARALLEL_ROOM_NAME, ParallelRoom, type ParallelRoomConfig, type ParallelSnapshot } from "./ParallelRoom.js";

/** The one room type: clients call client.create("level", options) and client.joinById(code, options). */
export const LEVEL_ROOM_NAME = "level";
/** How often a parallel-seats room asks its players' games how far they are. */
const PARALLEL_POLL_MS = 1_000;
export const HOLD_SECONDS_DEFAULT = 30;
/** After a restart players need longer: their page first tries the old connection, then resumes. */
export const RESTORE_HOLD_SECONDS_DEFAULT = 60;
/** The god's view of a busy level exceeds the 8 KB default; growing it at run time logs every time. */
const ENCODE_BUFFER_BYTES = 64 * 1024;

export type RoomsConfig = Partial<Omit<LevelRoomConfig, "store" | "levels" | "restoring" | "limits" | "serverSecret" | "processId">>;

/**
 * Defines the room type at once (synchronously: the caller may listen right after). With
 * `deps.upkeep`, the saved games nobody runs are claimed and restored in every upkeep round
 * (the first right after listen); without, once now, and the promise says how many.
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
    processId: deps.upkeep?.processId ?? null,
  };
  // A subclass per server carries its dependencies: Colyseus copies option objects, not stores.
  class ConfiguredLevelRoom extends LevelRoom {
    protected override config = full;
  }
  gameServer.define(LEVEL_ROOM_NAME, ConfiguredLevelRoom);
  const workshops = defineWorkshopRoom(gameServer, deps, { testSpeedAllowed: full.testSpeedAllowed, holdSeconds: full.holdSeconds, restoreHoldSeconds: full.restoreHoldSeconds });
  // Parallel seats: a team room in which each player runs a game of their own (ParallelRoom.ts).
  const parallel: ParallelRoomConfig = { store: deps.store, levels: deps.levels, testSpeedAllowed: full.testSpeedAllowed, holdSeconds: full.holdSeconds, serverSecret: full.serverSecret, pollMs: PARALLEL_POLL_MS, restoring: new Map(), processId: full.processId };
  class ConfiguredParallelRoom extends ParallelRoom {
    protected override config = parallel;
  }
  gameServer.define(PARALLEL_ROOM_NAME, ConfiguredParallelRoom);
  const claimer = new OrphanedGameClaimer(full, deps.upkeep?.processId ?? matchMaker.processId, { [WORKSHOP_ROOM_NAME]: workshops.restoring, [PARALLEL_ROOM_NAME]: parallel.restoring });
  if (deps.upkeep) {
    // Its first round runs once the server listens (see startGameServer).
    deps.upkeep.add("claiming the games of dead processes", () => claimer.claim());
    return Promise.resolve(0);
  }
  return claimer.claim().catch((error: unknown) => {
    console.error("Could not read the saved games in progress; none restored for now:", error);
    return 0;
  });
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
 * Claims the saved games nobody runs (no owner, or an owner whose heartbeat went stale) and
 * rebuilds each here, under its old id (its join code): one room per game. The claim is a
 * compare-and-set in the store, so when several processes notice a death at once each game is
 * claimed by exactly one. A game whose level version this process lacks is left for another
 * process (logged once); a game that cannot come back at all (it had reached its end, its
 * results are stored, the rebuild failed) is forgotten.
 */
export class OrphanedGameClaimer {
  private readonly leftAlone = new Set<string>();
  private running: Promise<number> | null = null;

  constructor(
    private readonly config: LevelRoomConfig,
    private readonly processId: string,
    /** The rooms that hold games together (workshops, parallel rooms): their restore maps, by room type. */
    private readonly roomsRestoring: Record<string, Map<string, unknown>> = {},
  ) {}

  /** One pass; resolves to the number of games restored here. Passes never overlap. */
  claim(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    const { store, levels } = this.config;
    let restored = 0;
    for (const { game, owner } of await store.orphanedLiveGames(PROCESS_STALE_MS, this.processId)) {
      // Ours and running (or being rebuilt) here: not an orphan.
      if (matchMaker.getLocalRoomById(game.roomId) || this.config.restoring.has(game.roomId)) continue;
      const forget = (why: string) => {
        console.error(`Game ${game.roomId} (${game.levelId}) cannot be restored (${why}): forgetting it.`);
        return store.deleteLiveGame(game.roomId).catch(() => undefined);
      };
      const level = levels.find((l) => l.id === game.levelId && l.version === game.levelVersion);
      if (!level) {
        if (!this.leftAlone.has(game.roomId)) console.error(`Game ${game.roomId}: level ${game.levelId} v${game.levelVersion} is not on this server; leaving it for a server that has it.`);
        this.leftAlone.add(game.roomId);
        continue;
      }
      if (game.tick >= level.durationTicks) {
        await forget("it had already reached its end");
        continue;
      }
      try {
        // Idempotent restore: a game whose results are stored is over, whatever snapshot is left.
        if (await store.gameFinished(game.gameId)) {
          await forget("its results are already stored");
          continue;
        }
      } catch (error) {
        console.error(`Game ${game.roomId}: could not check whether its results are stored; not restored:`, error);
        continue;
      }
      if (!(await store.claimLiveGame(game.roomId, owner, this.processId))) continue; // another process was first
      try {
        this.config.restoring.set(game.roomId, game);
        // handleCreateRoom, not createRoom: the room must live in this process (createRoom may
        // pick another one with Redis), and the client-facing create never sees restoreId.
        await matchMaker.handleCreateRoom(LEVEL_ROOM_NAME, { restoreId: game.roomId });
        restored++;
      } catch (error) {
        this.config.restoring.delete(game.roomId);
        await forget(error instanceof Error ? error.message : String(error));
      }
    }
    if (restored > 0) console.log(`Restored ${restored} game(s) in progress; their players have ${this.config.restoreHoldSeconds} s to come back.`);
    // After the games: a restored workshop asks its teams' games how they stand at once.
    return restored + (await this.claimRooms());
  }

  /** The workshops and parallel rooms nobody runs, re-created here under their codes. */
  private async claimRooms(): Promise<number> {
    const { store } = this.config;
    let restored = 0;
    for (const { room, owner } of await store.orphanedLiveRooms(PROCESS_STALE_MS, this.processId)) {
      const restoring = this.roomsRestoring[room.kind];
      if (matchMaker.getLocalRoomById(room.roomId) || restoring?.has(room.roomId)) continue;
      const forget = (why: string) => {
        console.error(`Room ${room.roomId} (${room.kind}) cannot be restored (${why}): forgetting it.`);
        return store.deleteLiveRoom(room.roomId).catch(() => undefined);
      };
      if (!restoring) {
        await forget("no such room type here");
        continue;
      }
      const state = room.kind === WORKSHOP_ROOM_NAME ? readWorkshopSnapshot(room.state) : { ok: true as const, value: room.state as ParallelSnapshot };
      if (!state.ok) {
        await forget(state.error);
        continue;
      }
      if (!(await store.claimLiveRoom(room.roomId, owner, this.processId))) continue; // another process was first
      try {
        restoring.set(room.roomId, state.value);
        await matchMaker.handleCreateRoom(room.kind, { restoreId: room.roomId });
        restored++;
      } catch (error) {
        restoring.delete(room.roomId);
        await forget(error instanceof Error ? error.message : String(error));
      }
    }
    return restored;
  }
}

export default defineRooms;
