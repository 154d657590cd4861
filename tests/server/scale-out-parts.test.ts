/**
 * The pieces of the scale-out on their own: the Redis options (no ready check), the placement
 * of creates (a burst alternates, dead processes are never chosen), the sweep of dead processes
 * (real Redis: a process starting during a sweep is kept), and the watchdog that
 * subscribes a process's channel again when Redis has forgotten it (real Redis; skipped with a
 * message without one, except in CI).
 */
import { RedisPresence } from "@colyseus/redis-presence";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { DeadProcessSweeper } from "../../server/scale-out/dead-process-sweeper.js";
import { ProcessChannelWatchdog } from "../../server/scale-out/process-channel-watchdog.js";
import { redisOptionsFromUrl } from "../../server/scale-out/redis-options.js";
import { PLACEMENT_WINDOW_MS, RoomPlacement } from "../../server/scale-out/room-placement.js";
import type { Store } from "../../server/store/store.js";
import { reachable, REDIS_PORT } from "./scale-out-cluster.js";

describe("redisOptionsFromUrl", () => {
  it("reads host, port, database and credentials, and turns the ready check off", () => {
    expect(redisOptionsFromUrl("redis://127.0.0.1:6379/7")).toEqual({ host: "127.0.0.1", port: 6379, db: 7, enableReadyCheck: false });
    expect(redisOptionsFromUrl("rediss://user:p%40ss@cache.example:6380")).toEqual({ host: "cache.example", port: 6380, username: "user", password: "p@ss", tls: {}, enableReadyCheck: false });
    expect(() => redisOptionsFromUrl("http://x")).toThrow(/redis:\/\//);
    expect(() => redisOptionsFromUrl("redis://x/abc")).toThrow(/database number/);
  });
});

describe("RoomPlacement", () => {
  it("spreads a burst over the processes although their room counts have not moved yet", () => {
    const placement = new RoomPlacement(() => 0);
    const loads = [
      { processId: "A", roomCount: 0 },
      { processId: "B", roomCount: 0 },
      { processId: "C", roomCount: 0 },
    ];
    const chosen = Array.from({ length: 30 }, () => placement.choose(loads, "A"));
    expect(["A", "B", "C"].map((id) => chosen.filter((c) => c === id).length)).toEqual([10, 10, 10]);
  });

  it("holds the counts of a burst's start for the burst: a count written mid-burst does not skew this process's share", () => {
    let nowMs = 0;
    const placement = new RoomPlacement(() => nowMs);
    const before = [
      { processId: "A", roomCount: 0 },
      { processId: "B", roomCount: 0 },
      { processId: "C", roomCount: 0 },
    ];
    // B's count written mid-burst (other processes' creates landed there): seen here, not by all.
    const midBurst = [before[0]!, { processId: "B", roomCount: 7 }, before[2]!];
    const chosen = Array.from({ length: 30 }, (_, i) => placement.choose(i < 3 ? before : midBurst, "A"));
    expect(["A", "B", "C"].map((id) => chosen.filter((c) => c === id).length)).toEqual([10, 10, 10]);
    // The next burst reads the counts again.
    nowMs += PLACEMENT_WINDOW_MS;
    expect(placement.choose(midBurst, "A")).toBe("A");
    expect(placement.choose(midBurst, "A")).toBe("C");
  });

  it("fills the emptier process first, and forgets placements once the counts can show them", () => {
    let nowMs = 0;
    const placement = new RoomPlacement(() => nowMs);
    const loads = [
      { processId: "A", roomCount: 5 },
      { processId: "B", roomCount: 1 },
    ];
    expect(Array.from({ length: 4 }, () => placement.choose(loads, "A"))).toEqual(["B", "B", "B", "B"]);
    nowMs += PLACEMENT_WINDOW_MS;
    expect(placement.choose(loads, "A")).toBe("B");
  });

  it("never chooses a process found dead, and does choose one that started since the last sweep", () => {
    const placement = new RoomPlacement(() => 0);
    placement.deadProcesses = () => new Set(["DEAD"]);
    const loads = [
      { processId: "A", roomCount: 50 },
      { processId: "DEAD", roomCount: 0 },
    ];
    expect(placement.choose(loads, "A")).toBe("A");
    expect(placement.choose([...loads, { processId: "NEW", roomCount: 0 }], "A")).toBe("NEW");
  });
});

const redisUp = await reachable(REDIS_PORT);
if (!redisUp && process.env.CI !== "true") console.warn("scale-out-parts.test.ts: the watchdog test is SKIPPED: no Redis at 127.0.0.1:6379.");

describe("ProcessChannelWatchdog", () => {
  it.skipIf(!redisUp && process.env.CI !== "true")("subscribes the process channel again when Redis no longer delivers it, and leaves it alone otherwise", async () => {
    const options = redisOptionsFromUrl("redis://127.0.0.1:6379/7");
    const presence = new RedisPresence(options);
    const redis = new Redis(options);
    const processId = `watchdog${Math.random().toString(36).slice(2)}`;
    const channel = `p:${processId}`;
    try {
      const heard: unknown[] = [];
      await presence.subscribe(channel, (message: unknown) => heard.push(message));
      const watchdog = new ProcessChannelWatchdog(redis, presence, processId);
      expect(await watchdog.check()).toBe(false);
      // What the ioredis defect left behind: the listener still registered, Redis unaware.
      await (presence as unknown as { sub: Redis }).sub.unsubscribe(channel);
      await redis.publish(channel, JSON.stringify("lost"));
      expect(await watchdog.check()).toBe(true);
      expect(watchdog.recoveries).toBe(1);
      await redis.publish(channel, JSON.stringify("found"));
      await expect.poll(() => heard, { timeout: 2000 }).toEqual(["found"]);
      expect(await watchdog.check()).toBe(false);
    } finally {
      presence.shutdown();
      redis.disconnect();
    }
  });
});

describe("DeadProcessSweeper", () => {
  it.skipIf(!redisUp && process.env.CI !== "true")("keeps a process that starts during a sweep, sweeps one whose heartbeat stopped, and writes its own count back when it is missing", async () => {
    // Database 6 is this test's alone: the sweeper works on Colyseus' fixed key names.
    const redis = new Redis(redisOptionsFromUrl("redis://127.0.0.1:6379/6"));
    try {
      await redis.flushdb();
      await redis.hset("roomcount", "SELF", "0,0", "DEAD", "0,0");
      await redis.hset("roomcaches", "room1", JSON.stringify({ processId: "DEAD" }));
      let persisted = 0;
      // NEW beats just after the heartbeat query and writes its count while it runs: the race
      // that swept starting processes when the heartbeats were read before Redis.
      const store = {
        liveProcesses: async () => {
          await redis.hset("roomcount", "NEW", "0,0");
          return ["SELF"];
        },
      } as unknown as Store;
      const sweeper = new DeadProcessSweeper(redis, store, "SELF", async () => {
        persisted++;
        await redis.hset("roomcount", "SELF", "0,0");
      });
      expect(await sweeper.sweep()).toBe(1);
      expect([...sweeper.deadProcesses()]).toEqual(["DEAD"]);
      expect((await redis.hkeys("roomcount")).sort()).toEqual(["NEW", "SELF"]);
      expect(await redis.hkeys("roomcaches")).toEqual([]);
      expect(persisted).toBe(0);
      // SELF's count gone (swept by a process that took it for dead): written back.
      await redis.hdel("roomcount", "SELF");
      store.liveProcesses = async () => ["SELF", "NEW"];
      await sweeper.sweep();
      expect(persisted).toBe(1);
      expect((await redis.hkeys("roomcount")).sort()).toEqual(["NEW", "SELF"]);
      expect([...sweeper.deadProcesses()]).toEqual([]);
    } finally {
      await redis.flushdb();
      redis.disconnect();
    }
  });
});
