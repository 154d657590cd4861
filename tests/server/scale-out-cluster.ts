/**
 * Several real server processes (room-server-process.ts) sharing one Redis and one PostgreSQL,
 * as a deployment for a big workshop runs them, each run isolated: its own Redis database
 * number (flushed first) and its own PostgreSQL schema (dropped after). A process may reach
 * Redis through a proxy that delays what it sends (a slow Redis, without touching the server).
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import pg from "pg";
import { Redis } from "ioredis";

export const REDIS_HOST = "127.0.0.1";
export const REDIS_PORT = 6379;
/** Colyseus' IPC reply code for success (IpcProtocol.SUCCESS in @colyseus/core). */
const IPC_SUCCESS = 0;
export const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export function reachable(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host, timeout: 1000 }, () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function postgresProblem(url = PG_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** One run's Redis database and PostgreSQL schema; `close()` drops the schema. */
export class ClusterPlace {
  readonly redis: Redis;
  readonly pg: pg.Pool;

  private constructor(
    readonly redisDb: number,
    readonly schema: string,
  ) {
    this.redis = new Redis({ host: REDIS_HOST, port: REDIS_PORT, db: redisDb });
    this.pg = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` });
  }

  /**
   * Database numbers 8-15 are for these runs (room-redis.test.ts uses 7); the one picked is
   * flushed. Pub/sub channels are shared by every database, but theirs are named after random
   * process ids and join codes.
   */
  static async open(): Promise<ClusterPlace> {
    const place = new ClusterPlace(8 + Math.floor(Math.random() * 8), `scale_out_${process.pid}_${Date.now().toString(36)}`);
    await place.redis.flushdb();
    return place;
  }

  redisUrl(port = REDIS_PORT): string {
    return `redis://${REDIS_HOST}:${port}/${this.redisDb}`;
  }

  /** Every room listed in Redis, with the process that runs it. */
  async listings(): Promise<{ roomId: string; processId: string }[]> {
    const all = await this.redis.hgetall("roomcaches");
    return Object.entries(all).map(([roomId, json]) => ({ roomId, processId: (JSON.parse(json) as { processId: string }).processId }));
  }

  /**
   * Asks a process over its Redis channel (`p:<processId>`) whether it is there, as another
   * process does before sending it a create: true when it answers within `timeoutMs`.
   */
  async processAnswers(processId: string, timeoutMs = 2000): Promise<boolean> {
    const sub = this.redis.duplicate();
    const requestId = `test${Math.random().toString(36).slice(2)}`;
    try {
      const answered = new Promise<boolean>((resolve) => {
        sub.on("message", (_channel, message) => resolve(JSON.stringify(JSON.parse(message)) === JSON.stringify([IPC_SUCCESS, true])));
        setTimeout(() => resolve(false), timeoutMs);
      });
      await sub.subscribe(`ipc:${requestId}`);
      await this.redis.publish(`p:${processId}`, JSON.stringify(["healthcheck", requestId, []]));
      return await answered;
    } finally {
      sub.disconnect();
    }
  }

  async close(): Promise<void> {
    await this.redis.flushdb().catch(() => undefined);
    this.redis.disconnect();
    await this.pg.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`).catch(() => undefined);
    await this.pg.end();
  }
}

/** A TCP proxy to Redis that can hold what the server sends for `delayMs` (0: pass at once). */
export class SlowRedisProxy {
  delayMs = 0;
  /** Chunks held back so far (what the test says was delayed really was). */
  delayed = 0;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  private constructor(readonly port: number) {
    this.server = net.createServer((inbound) => {
      const outbound = net.connect(REDIS_PORT, REDIS_HOST);
      this.sockets.add(inbound).add(outbound);
      inbound.on("data", (chunk) => {
        if (this.delayMs === 0) {
          outbound.write(chunk);
          return;
        }
        this.delayed++;
        // Held, in order: each chunk leaves delayMs after it came (timers of one delay keep order).
        setTimeout(() => outbound.write(chunk), this.delayMs);
      });
      outbound.on("data", (chunk) => inbound.write(chunk));
      const close = () => {
        inbound.destroy();
        outbound.destroy();
        this.sockets.delete(inbound);
        this.sockets.delete(outbound);
      };
      inbound.on("close", close).on("error", close);
      outbound.on("close", close).on("error", close);
    });
  }

  static async start(): Promise<SlowRedisProxy> {
    const proxy = new SlowRedisProxy(await freePort());
    await new Promise<void>((resolve) => proxy.server.listen(proxy.port, "127.0.0.1", resolve));
    return proxy;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One game server process of the cluster; `restart()` starts a new one on the same port. */
export class ServerProcess {
  child: ChildProcess | null = null;
  processId = "";
  output = "";

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/server/room-server-process.ts"], {
      env: { ...process.env, ...this.env, PORT: String(this.port), PUBLIC_ADDRESS: `127.0.0.1:${this.port}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.output = "";
    child.stdout!.on("data", (chunk) => (this.output += String(chunk)));
    child.stderr!.on("data", (chunk) => (this.output += String(chunk)));
    this.processId = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not start in 30 s: ${this.output}`)), 30_000);
      const onData = () => {
        const ready = /READY \d+ (\S+)/.exec(this.output);
        if (!ready) return;
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve(ready[1]!);
      };
      child.stdout!.on("data", onData);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited with ${code ?? signal}: ${this.output}`));
      });
    });
  }

  /** SIGTERM, as `npm start` gets it: rooms saved, the process retired. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive()) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (this.alive()) child.kill("SIGKILL");
  }

  /** `kill -9`: nothing saved, nothing retired, sockets cut. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive()) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  /** How many games this process said it restored. */
  restoredCount(): number {
    return [...this.output.matchAll(/Restored (\d+) game\(s\)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  }
}

/** A create through a process's matchmaker (HTTP, as colyseus.js does it), without joining. */
export async function createThrough(process: ServerProcess, options: Record<string, unknown>): Promise<{ roomId: string; processId: string }> {
  const res = await fetch(`${process.url}/matchmake/create/level`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(options), signal: AbortSignal.timeout(20_000) });
  const body = (await res.json()) as { room?: { roomId: string; processId: string }; error?: string };
  if (!res.ok || !body.room) throw new Error(`create through ${process.name} failed (${res.status}): ${body.error ?? JSON.stringify(body)}`);
  return { roomId: body.room.roomId, processId: body.room.processId };
}
