/**
 * Process boot, minus the environment: one HTTP server carrying Express (health, REST API,
 * the built client) and Colyseus (matchmaking + WebSockets) on a single port.
 * The caller owns the store and the levels; `close()` stops only what this function started.
 */
import { existsSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { Server, type ServerOptions } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { RedisPresence } from "@colyseus/redis-presence";
import { RedisDriver } from "@colyseus/redis-driver";
import type { Level } from "../shared/level/level.js";
import { colyseusLogger } from "./event-log.js";
import { limitRequestBodies, REQUEST_BODY_BYTES_MAX } from "./http/body-limit.js";
import { answerMissesAlike, limitMatchmaking, MATCHMAKE_LIMIT_DEFAULTS, MatchmakeLimits, type MatchmakeLimitOptions } from "./http/matchmake-limits.js";
import { apiRoutes } from "./http/routes.js";
import type { Store } from "./store/store.js";
import compression from "compression";

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
   * Registers the room types, and may restore the games that were running when the server last
   * stopped (a returned promise is awaited before listen, so the rooms exist when players return).
   */
  defineRooms?: (gameServer: Server, limits: MatchmakeLimits) => void | Promise<unknown>;
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
}

export interface RunningGameServer {
  port: number;
  url: string;
  gameServer: Server;
  httpServer: http.Server;
  limits: MatchmakeLimits;
  close(): Promise<void>;
}

export async function startGameServer(opts: GameServerOptions): Promise<RunningGameServer> {
  const httpServer = http.createServer(createExpressApp(opts));
  const gameServer = new Server({
    transport: new WebSocketTransport({ server: httpServer, maxPayload: WS_PAYLOAD_BYTES_MAX }),
    greet: false,
    // Colyseus' own SIGINT/uncaughtException hooks call process.exit(): main.ts decides that.
    gracefullyShutdown: false,
    // What Colyseus logs is mostly about what a client did: one rate-limited line each.
    logger: colyseusLogger,
    ...scaleOutOptions(opts),
  });
  // After the Server constructor: it took over the request listeners for /matchmake.
  limitRequestBodies(httpServer);
  const limits = new MatchmakeLimits({ ...MATCHMAKE_LIMIT_DEFAULTS, ...opts.matchmakeLimits }, opts.redisUrl);
  limitMatchmaking(httpServer, limits);
  answerMissesAlike();
  await opts.defineRooms?.(gameServer, limits);
  await gameServer.listen(opts.port, opts.host);

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
    close: async () => {
      await closeServers(gameServer, httpServer);
      await limits.close();
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

function scaleOutOptions(opts: GameServerOptions): Pick<ServerOptions, "presence" | "driver" | "publicAddress"> {
  if (!opts.redisUrl) return {};
  if (!opts.publicAddress && opts.port === 0) {
    throw new Error("With redisUrl, give a fixed port or a publicAddress: other processes must know where to send players.");
  }
  return {
    presence: new RedisPresence(opts.redisUrl),
    driver: new RedisDriver(opts.redisUrl),
    publicAddress: opts.publicAddress ?? `${opts.host}:${opts.port}`,
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
