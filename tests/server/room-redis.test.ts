/**
 * Scale-out: two server processes share Redis (presence + matchmaking driver), each with its own
 * publicAddress. A team room created on process A is joined by code through process B's
 * matchmaker; the WebSocket lands on A, and both players see each other in the room.
 * Without Redis at 127.0.0.1:6379 this is skipped, except in CI (CI=true), where it fails.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { Client } from "colyseus.js";
import { afterAll, describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { Redis } from "ioredis";
import { randomJoinCode } from "../../server/rooms/join-code.js";
import { until } from "./room-helpers.js";

/** A separate database number keeps the test's keys away from anything else in this Redis. */
const REDIS_URL = "redis://127.0.0.1:6379/7";

function reachable(port: number, host = "127.0.0.1"): Promise<boolean> {
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

const children: ChildProcess[] = [];

async function startProcess(port: number, env: Record<string, string> = {}): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/server/room-server-process.ts"], {
    env: { ...process.env, PORT: String(port), REDIS_URL, PUBLIC_ADDRESS: `127.0.0.1:${port}`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let errors = "";
  child.stderr!.on("data", (chunk) => (errors += String(chunk)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server on port ${port} did not start in 20 s: ${errors}`)), 20_000);
    child.stdout!.on("data", (chunk) => {
      if (String(chunk).includes("READY")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`server on port ${port} exited with ${code}: ${errors}`)));
  });
}

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

const redisUp = await reachable(6379);
if (!redisUp && process.env.CI !== "true") {
  console.warn("room-redis.test.ts: SKIPPED: no Redis at 127.0.0.1:6379. Start one (redis-server) to test two processes sharing rooms.");
}

describe("two server processes sharing Redis", () => {
  it.skipIf(!redisUp && process.env.CI !== "true")("a room created on process A is joined by code through process B", async () => {
    if (!redisUp) throw new Error("CI=true but no Redis at 127.0.0.1:6379: the scale-out test must run in CI. Start redis-server before the tests.");
    const [portA, portB] = [await freePort(), await freePort()];
    await Promise.all([startProcess(portA), startProcess(portB)]);
    const onA = new Client(`ws://127.0.0.1:${portA}`);
    const onB = new Client(`ws://127.0.0.1:${portB}`);
    const alice = await onA.create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "alice" });
    const bob = await onB.joinById(alice.roomId, { nickname: "bob" });
    expect(bob.roomId).toBe(alice.roomId);
    await until(alice, () => (alice.state as any)?.seats?.get("N2")?.nickname === "bob", 10_000, "bob in alice's room");
    await until(bob, () => (bob.state as any)?.seats?.get("N1")?.nickname === "alice", 10_000, "alice in bob's room");
    alice.send("control", { kind: "start" });
    await until(bob, () => (bob.state as any).phase === "running" && (bob.state as any).tick > 3, 10_000, "the game to run for bob");
    await alice.leave();
    await bob.leave();
  });

  it.skipIf(!redisUp && process.env.CI !== "true")("the matchmaking limits count across processes: guesses spread over two are cut at one limit", async () => {
    if (!redisUp) throw new Error("CI=true but no Redis at 127.0.0.1:6379: the scale-out test must run in CI. Start redis-server before the tests.");
    // This address's counts from earlier runs (a minute's window) would shift the cut.
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys("split-brain:limit:*");
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    const limit = 10;
    const [portA, portB] = [await freePort(), await freePort()];
    const env = { SPLIT_BRAIN_JOINS_PER_MINUTE: String(limit) };
    await Promise.all([startProcess(portA, env), startProcess(portB, env)]);
    const statuses: number[] = [];
    for (let i = 0; i < limit + 4; i++) {
      const port = i % 2 === 0 ? portA : portB;
      const res = await fetch(`http://127.0.0.1:${port}/matchmake/joinById/${randomJoinCode()}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      await res.text();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, limit).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(limit)).toEqual([429, 429, 429, 429]);
  });
});
