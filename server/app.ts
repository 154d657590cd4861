/**
 * Process boot, minus the environment: one HTTP server carrying Express (health, REST API,
 * the built client) and Colyseus (matchmaking + WebSockets) on a single port.
 * The caller owns the store and the levels; `close()` stops only what this function started.
 */
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { matchMaker, Server, type ServerOptions } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { RedisPresence } from "@colyseus/redis-presence";
import { RedisDriver } from "@colyseus/redis-driver";
import { Redis } from "ioredis";
import type { Level } from "../shared/level/level.js";
import { colyseusLogger } from "./event-log.js";
import { limitRequestBodies, REQUEST_BODY_BYTES_MAX } from "./http/body-limit.js";
import { answerMissesAlike, limitMatchmaking, MATCHMAKE_LIMIT_DEFAULTS, MatchmakeLimits, type MatchmakeLimitOptions } from "./http/matchmake-limits.js";
import { apiRoutes } from "./http/routes.js";
import type { Store } from "./store/store.js";
import compression from "compression";
import { DeadProcessSweeper } from "./scale-out/dead-process-sweeper.js";
import { ProcessChannelWatchdog } from "./scale-out/process-channel-watchdog.js";
import { ProcessUpkeep } from "./scale-out/process-upkeep.js";
import { redisOptionsFromUrl } from "./scale-out/redis-options.js";
import { RoomPlacement } from "./scale-out/room-placement.js";

/** Client → server WebSocket frames above this close the socket (code 1009); actions are tiny. */
export const WS_PAYLOAD_BYTES_MAX = 16 * 1024;

export interface GameServerOptions {
  port: number;
  host: string;
  store: Store;
  levels: Level[];
  /** The built client (Vite's dist/); skipped when missing. */
  staticDir?: string;
  /**
   * Registers the room types, and may add tasks to the upkeep (the rooms claim the saved games of
   * dead processes there; the first round runs right after listen, before this resolves).
   */
  defineRooms?: (gameServer: Server, limits: MatchmakeLimits, upkeep: ProcessUpkeep) => void | Promise<unknown>;
  /** Matchmaking per address (server/http/matchmake-limits.ts); counted in Redis with redisUrl. */
  matchmakeLimits?: Partial<MatchmakeLimitOptions>;
  /** Share rooms with other processes through Redis (presence + matchmaking driver). */
  redisUrl?: string;
  /**
   * With Redis: the `host:port` at which browsers reach THIS process, so a WebSocket lands on
   * the process that owns the room. Default `${host}:${port}`.
   */
  publicAddress?: string;
}

/**
 * What main.ts passes to `defineRooms(gameServer, deps)` exported by server/rooms/define-rooms.ts:
 * the room saves results in the store and plays these levels.
 */
export interface RoomDeps {
  store: Store;
  levels: readonly Level[];
  /** Where a room reports an address it kicked for flooding (no matchmaking from it for a while). */
  limits?: MatchmakeLimits;
  /** This process's heartbeat rounds: the rooms claim the saved games of dead processes there. */
  upkeep?: ProcessUpkeep;
}

export interface RunningGameServer {
  port: number;
  url: string;
  gameServer: Server;
  httpServer: http.Server;
  limits: MatchmakeLimits;
  upkeep: ProcessUpkeep;
  close(): Promise<void>;
}

export async function startGameServer(opts: GameServerOptions): Promise<RunningGameServer> {
  const httpServer = http.createServer(createExpressApp(opts));
  const scaleOut = scaleOutParts(opts);
  const gameServer = new Server({
    transport: new WebSocketTransport({ server: httpServer, maxPayload: WS_PAYLOAD_BYTES_MAX }),
    greet: false,
    // Colyseus' own SIGINT/uncaughtException hooks call process.exit(): main.ts decides that.
    gracefullyShutdown: false,
    // What Colyseus logs is mostly about what a client did: one rate-limited line each.
    logger: colyseusLogger,
    ...scaleOut?.options,
  });
  // After the Server constructor: it took over the request listeners for /matchmake.
  limitRequestBodies(httpServer);
  const limits = new MatchmakeLimits({ ...MATCHMAKE_LIMIT_DEFAULTS, ...opts.matchmakeLimits }, opts.redisUrl);
  limitMatchmaking(httpServer, limits);
  answerMissesAlike();
  await matchMaker.onReady;
  const upkeep = new ProcessUpkeep(opts.store, matchMaker.processId);
  // Alive in the store before this process lists a room or claims a game, and on beating
  // while it restores games (which may take longer than PROCESS_STALE_MS).
  await upkeep.beat();
  upkeep.startBeating();
  // With Redis, the heartbeats in the store tell live processes from dead ones (the sweep
  // below). Colyseus' own health checks are off: they took a process that had not subscribed
  // its channel yet for dead and de-listed its rooms, and a seat on a dead process's listed room
  // waited for one more 2 s check before being refused (players came back ~2 s later).
  matchMaker.setHealthChecksEnabled(!scaleOut);
  if (scaleOut) {
    const sweeper = new DeadProcessSweeper(scaleOut.redis, opts.store, upkeep.processId, () => matchMaker.stats.persist(true) ?? Promise.resolve());
    const watchdog = new ProcessChannelWatchdog(scaleOut.redis, matchMaker.presence, upkeep.processId);
    scaleOut.placement.deadProcesses = () => sweeper.deadProcesses();
    // The sweep first: a dead process's listings go before its games are rebuilt elsewhere.
    upkeep.add("removing the listings of dead processes", () => sweeper.sweep());
    upkeep.add("checking this process's Redis channel", () => watchdog.check());
  }
  await opts.defineRooms?.(gameServer, limits, upkeep);
  await gameServer.listen(opts.port, opts.host);
  // The first round (the saved games nobody runs are rebuilt here) only now that this process
  // listens on its Redis channel: a room created before that writes this process into the
  // room counts, and another process starting meanwhile health-checks it over the channel,
  // hears nothing, and de-lists every room it has (measured: 8 restored games, 0 listed).
  await upkeep.runRound();
  upkeep.start();

  const port = (httpServer.address() as AddressInfo).port;
  // Colyseus remembers the port it was asked for (0 when ephemeral); tools such as
  // @colyseus/testing read it back, so give it the real one.
  (gameServer as unknown as { port: number }).port = port;
  const urlHost = opts.host === "0.0.0.0" || opts.host === "::" ? "localhost" : opts.host;
  return {
    port,
    url: `http://${urlHost.includes(":") ? `[${urlHost}]` : urlHost}:${port}`,
    gameServer,
    httpServer,
    limits,
    upkeep,
    close: async () => {
      await upkeep.stop();
      await closeServers(gameServer, httpServer);
      // Its games are saved: another process (or the next start) may claim them at once.
      await opts.store.retireProcess(upkeep.processId).catch((error: unknown) => console.error("Could not retire this process in the store:", error));
      await limits.close();
      scaleOut?.redis.disconnect();
    },
  };
}

function createExpressApp(opts: GameServerOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: REQUEST_BODY_BYTES_MAX }));
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  app.use(apiRoutes({ store: opts.store, levels: opts.levels }));
  if (opts.staticDir && existsSync(opts.staticDir)) {
    // Answers `/` with index.html (express.static's `index` default) and serves the bundles:
    // gzipped (Phaser's 1.37 MB chunk is 354 KB on the wire), and a bundle whose name carries its
    // content hash (assets/) is cached for a year; the page itself is revalidated each load, so a
    // new build reaches everyone. A class of 30 on one Wi-Fi downloads the game once each, small.
    app.use(compression());
    app.use(
      express.static(opts.staticDir, {
        setHeaders: (res, file) => {
          res.setHeader("Cache-Control", /[\\/]assets[\\/]/.test(file) ? "public, max-age=31536000, immutable" : "no-cache");
        },
      }),
    );
  }
  return app;
}

/** What Redis scale-out adds to a server. */
interface ScaleOutParts {
  options: Pick<ServerOptions, "presence" | "driver" | "publicAddress" | "selectProcessIdToCreateRoom">;
  /** Our own Redis connection: the sweep of dead processes and the channel check. */
  redis: Redis;
  placement: RoomPlacement;
}

function scaleOutParts(opts: GameServerOptions): ScaleOutParts | null {
  if (!opts.redisUrl) return null;
  if (!opts.publicAddress && opts.port === 0) {
    throw new Error("With redisUrl, give a fixed port or a publicAddress: other processes must know where to send players.");
  }
  const redisOptions = redisOptionsFromUrl(opts.redisUrl);
  const placement = new RoomPlacement();
  return {
    options: {
      presence: new RedisPresence(redisOptions),
      driver: new RedisDriver(redisOptions),
      publicAddress: opts.publicAddress ?? `${opts.host}:${opts.port}`,
      selectProcessIdToCreateRoom: placement.select,
    },
    redis: new Redis(redisOptions),
    placement,
  };
}

async function closeServers(gameServer: Server, httpServer: http.Server): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    if (!httpServer.listening) resolve();
    else httpServer.once("close", () => resolve());
  });
  // Disposes the rooms, then closes the WebSocket server and calls httpServer.close().
  await gameServer.gracefullyShutdown(false);
  // Idle keep-alive HTTP connections would otherwise hold close() open for seconds.
  httpServer.closeAllConnections();
  await closed;
}
