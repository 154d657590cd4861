/**
 * Scale-out: two server processes share Redis (presence + matchmaking driver), each with its own
 * publicAddress. A team room created on process A is joined by code through process B's
 * matchmaker; the WebSocket lands on A, and both players see each other in the room.
 * They share the store too (PostgreSQL), as they must: a process takes another whose heartbeat
 * it does not see in the store for dead. Without Redis at 127.0.0.1:6379 and PostgreSQL this is
 * skipped, except in CI (CI=true), where it fails.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { Client } from "colyseus.js";
import { afterAll, describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { Redis } from "ioredis";
import { randomJoinCode } from "../../server/rooms/join-code.js";
import { until } from "./room-helpers.js";
import { ClusterPlace, freePort, PG_URL, postgresProblem, reachable } from "./scale-out-cluster.js";

/** A separate database number keeps the test's keys away from anything else in this Redis. */
const REDIS_URL = "redis://127.0.0.1:6379/7";

const children: ChildProcess[] = [];
/** Processes sharing Redis share the store too (a PostgreSQL schema of this run's own). */
let place: ClusterPlace | null = null;

async function startProcess(port: number, env: Record<string, string> = {}): Promise<void> {
  place ??= await ClusterPlace.open();
  const child = spawn(process.execPath, ["--import", "tsx", "tests/server/room-server-process.ts"], {
    env: { ...process.env, PORT: String(port), REDIS_URL, PUBLIC_ADDRESS: `127.0.0.1:${port}`, DATABASE_URL: PG_URL, TEST_PG_SCHEMA: place.schema, ...env },
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
  await place?.close();
});

const redisUp = (await reachable(6379)) && (await postgresProblem()) === null;
if (!redisUp && process.env.CI !== "true") {
  console.warn(`room-redis.test.ts: SKIPPED: no Redis at 127.0.0.1:6379 or no PostgreSQL at ${PG_URL}. Start both to test two processes sharing rooms.`);
}

describe("two server processes sharing Redis", () => {
  it.skipIf(!redisUp && process.env.CI !== "true")("a room created on process A is joined by code through process B", async () => {
    if (!redisUp) throw new Error("CI=true but no Redis at 127.0.0.1:6379 or no PostgreSQL: the scale-out test must run in CI. Start both before the tests.");
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
    if (!redisUp) throw new Error("CI=true but no Redis at 127.0.0.1:6379 or no PostgreSQL: the scale-out test must run in CI. Start both before the tests.");
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
