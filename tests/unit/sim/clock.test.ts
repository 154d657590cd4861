import { describe, expect, it } from "vitest";
import { boot, createClock, setDrift, stepWall, tickWhenUptime, uptimeTicks, wallTicks } from "../../../shared/sim/clock.js";

describe("node clocks", () => {
  it("applies offset and drift to the wall clock, drift only to uptime", () => {
    const clock = createClock(50, 100_000, 0); // 10% fast
    expect(wallTicks(clock, 100)).toBe(50 + 110);
    expect(uptimeTicks(clock, 100)).toBe(110);
  });

  it("steps the wall clock back without touching uptime", () => {
    let clock = createClock(0, 0, 0);
    clock = stepWall(clock, 100, -80);
    expect(wallTicks(clock, 100)).toBe(20);
    expect(uptimeTicks(clock, 100)).toBe(100);
    expect(wallTicks(clock, 101)).toBe(21);
  });

  it("keeps readings continuous when the drift changes", () => {
    let clock = createClock(0, 0, 0);
    clock = setDrift(clock, 100, -500_000);
    expect(uptimeTicks(clock, 100)).toBe(100);
    expect(uptimeTicks(clock, 200)).toBe(150);
  });

  it("restarts uptime at boot", () => {
    const clock = boot(createClock(0, 0, 0), 300);
    expect(uptimeTicks(clock, 310)).toBe(10);
    expect(wallTicks(clock, 310)).toBe(310);
  });

  it("finds the first tick at which a drifting uptime reaches a target", () => {
    for (const drift of [-300_000, -1, 0, 1, 77_777, 250_000]) {
      const clock = createClock(0, drift, 0);
      for (const target of [1, 7, 50, 999]) {
        const t = tickWhenUptime(clock, 0, target);
        expect(uptimeTicks(clock, t)).toBeGreaterThanOrEqual(target);
        if (t > 0) expect(uptimeTicks(clock, t - 1)).toBeLessThan(target);
      }
    }
  });
});
