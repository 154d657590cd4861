/**
 * The pieces of the scale-out on their own: the Redis options (no ready check), the placement
 * of creates (a burst alternates, dead processes are never chosen), and the watchdog that
 * subscribes a process's channel again when Redis has forgotten it (real Redis; skipped with a
 * message without one, except in CI).
 */
import { RedisPresence } from "@colyseus/redis-presence";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { ProcessChannelWatchdog } from "../../server/scale-out/process-channel-watchdog.js";
import { redisOptionsFromUrl } from "../../server/scale-out/redis-options.js";
import { PLACEMENT_WINDOW_MS, RoomPlacement } from "../../server/scale-out/room-placement.js";
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

  it("never chooses a process that is not alive", () => {
    const placement = new RoomPlacement(() => 0);
    placement.liveProcesses = () => new Set(["A"]);
    const loads = [
      { processId: "A", roomCount: 50 },
      { processId: "DEAD", roomCount: 0 },
    ];
    expect(placement.choose(loads, "A")).toBe("A");
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
