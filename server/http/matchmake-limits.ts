/**
 * Limits on matchmaking per address (issue 11 item 4): join codes were guessed at 1,146 a
 * second, one client created 200 rooms in 4.5 s, and a client kicked for flooding a room joined
 * again at once. Counted with rate-limiter-flexible (maintained, atomic in Redis): with Redis
 * configured every process shares the counts, so a guesser gains nothing from a load balancer.
 *
 * Per address and per minute: `createsPerMinute` rooms, `joinsPerMinute` joins and reconnects
 * (a whole class behind one school address joins once each: the defaults leave room for that);
 * beyond, 429 with Retry-After. An address kicked from a room for flooding may not join that
 * room again for `kickBlockSeconds` (that room only: a class shares one address, and the other
 * games in it have nothing to do with the flood). The address is the socket's peer, or with `trustProxy` the first
 * X-Forwarded-For entry (set it only behind a proxy that writes that header); it is written into
 * X-Real-IP, so Colyseus and the rooms' logs see the same address and a client cannot pick one.
 */
import type http from "node:http";
import { ErrorCode, matchMaker, ServerError } from "@colyseus/core";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface MatchmakeLimitOptions {
  createsPerMinute: number;
  joinsPerMinute: number;
  kickBlockSeconds: number;
  trustProxy: boolean;
}

export const MATCHMAKE_LIMIT_DEFAULTS: MatchmakeLimitOptions = { createsPerMinute: 30, joinsPerMinute: 60, kickBlockSeconds: 30, trustProxy: false };

const KEY_PREFIX = "split-brain:limit";

export class MatchmakeLimits {
  private readonly creates: RateLimiterAbstract;
  private readonly joins: RateLimiterAbstract;
  private readonly kicked: RateLimiterAbstract;
  private readonly redis: Redis | null;

  constructor(
    readonly options: MatchmakeLimitOptions = MATCHMAKE_LIMIT_DEFAULTS,
    redisUrl?: string,
  ) {
    this.redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : null;
    const make = (name: string, points: number, duration: number): RateLimiterAbstract =>
      this.redis
        ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `${KEY_PREFIX}:${name}`, points, duration, insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }) })
        : new RateLimiterMemory({ keyPrefix: `${KEY_PREFIX}:${name}`, points, duration });
    this.creates = make("create", options.createsPerMinute, 60);
    this.joins = make("join", options.joinsPerMinute, 60);
    this.kicked = make("kicked", 1, options.kickBlockSeconds);
  }

  /** The address a request counts against (see the file's comment). */
  addressOf(req: http.IncomingMessage): string {
    if (this.options.trustProxy) {
      const forwarded = req.headers["x-forwarded-for"];
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
      if (first) return first;
    }
    return req.socket.remoteAddress ?? "unknown address";
  }

  /** Null: go ahead; else how many seconds to wait. `target`: the room name or id in the URL. */
  async check(method: string, address: string, target: string): Promise<number | null> {
    const blocked = await this.kicked.get(`${address}/${target}`);
    if (blocked && blocked.consumedPoints > 1 && blocked.msBeforeNext > 0) return Math.ceil(blocked.msBeforeNext / 1000);
    const limiter = method === "create" || method === "joinOrCreate" ? this.creates : this.joins;
    try {
      await limiter.consume(address);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }

  /** A room kicked this address for flooding: no joining it again from there for a while. */
  async kick(address: string, roomId: string): Promise<void> {
    await this.kicked.block(`${address}/${roomId}`, this.options.kickBlockSeconds);
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

/**
 * Wraps the server's current `request` listeners (install after Colyseus took them over): a
 * POST to /matchmake/{method}/... is counted, and refused with 429 beyond the limits.
 */
export function limitMatchmaking(server: http.Server, limits: MatchmakeLimits): void {
  const listeners = server.listeners("request").slice() as ((req: http.IncomingMessage, res: http.ServerResponse) => void)[];
  server.removeAllListeners("request");
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const pass = () => {
      for (const listener of listeners) listener.call(server, req, res);
    };
    const match = req.method === "POST" ? /\/matchmake\/([A-Za-z]+)\/([^/?]*)/.exec(req.url ?? "") : null;
    if (!match) return pass();
    const address = limits.addressOf(req);
    req.headers["x-real-ip"] = address;
    limits.check(match[1]!, address, match[2]!).then(
      (waitSeconds) => {
        if (waitSeconds === null) return pass();
        res.shouldKeepAlive = false;
        res.writeHead(429, { "Content-Type": "application/json", "Retry-After": String(waitSeconds), Connection: "close" });
        res.end(JSON.stringify({ code: 429, error: `Too many games joined or created from your address: try again in ${waitSeconds} s.` }));
        req.resume();
      },
      // The limiter's store failed (and so did its insurance): let the request through rather
      // than lock every player out.
      () => pass(),
    );
  });
}

/** What a join by an unknown, closed, full or disposed code answers: the same words for all. */
export const NO_OPEN_GAME = "No open game has this code.";
let sameAnswerInstalled = false;

/**
 * Colyseus answers a join by code with `room "X" not found` or `room "X" is locked` (same error
 * code): the second tells a guesser the code is live. Every such answer gets the same words.
 * The matchmaking controller is a module singleton, so this wraps it once per process.
 */
export function answerMissesAlike(): void {
  if (sameAnswerInstalled) return;
  sameAnswerInstalled = true;
  const controller = matchMaker.controller;
  const invoke = controller.invokeMethod.bind(controller);
  controller.invokeMethod = async (method, roomName, clientOptions, authOptions) => {
    try {
      return await invoke(method, roomName, clientOptions, authOptions);
    } catch (error) {
      if ((error as { code?: unknown }).code === ErrorCode.MATCHMAKE_INVALID_ROOM_ID) throw new ServerError(ErrorCode.MATCHMAKE_INVALID_ROOM_ID, NO_OPEN_GAME);
      throw error;
    }
  };
}

/**
 * The limits a deployment sets (README, "Deployment"): SPLIT_BRAIN_CREATES_PER_MINUTE,
 * SPLIT_BRAIN_JOINS_PER_MINUTE, SPLIT_BRAIN_KICK_BLOCK_SECONDS, SPLIT_BRAIN_TRUST_PROXY=1.
 */
export function matchmakeLimitsFromEnv(env: NodeJS.ProcessEnv): Partial<MatchmakeLimitOptions> {
  const out: Partial<MatchmakeLimitOptions> = {};
  const whole = (name: string): number | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1 (got "${raw}").`);
    return value;
  };
  const creates = whole("SPLIT_BRAIN_CREATES_PER_MINUTE");
  const joins = whole("SPLIT_BRAIN_JOINS_PER_MINUTE");
  const block = whole("SPLIT_BRAIN_KICK_BLOCK_SECONDS");
  if (creates !== undefined) out.createsPerMinute = creates;
  if (joins !== undefined) out.joinsPerMinute = joins;
  if (block !== undefined) out.kickBlockSeconds = block;
  if (env.SPLIT_BRAIN_TRUST_PROXY === "1") out.trustProxy = true;
  return out;
}
