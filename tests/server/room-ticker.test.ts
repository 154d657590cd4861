/**
 * The process-wide ticker (server/rooms/room-ticker.ts): every room of an interval steps, then
 * every room sends its patch; rooms join and leave; the timer stops with the last room.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { joinTicker } from "../../server/rooms/room-ticker.js";

describe("the shared room ticker", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("steps every room, then sends every room's patch, once per interval", () => {
    const log: string[] = [];
    const room = (name: string) => ({ step: () => log.push(`step ${name}`), send: () => log.push(`send ${name}`) });
    const leaveA = joinTicker(37, room("A"));
    const leaveB = joinTicker(37, room("B"));
    vi.advanceTimersByTime(36);
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(["step A", "step B", "send A", "send B"]);
    log.length = 0;
    leaveA();
    vi.advanceTimersByTime(37);
    expect(log).toEqual(["step B", "send B"]);
    leaveB();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps intervals apart, and starts again for a room that comes after the last one left", () => {
    const ticks: string[] = [];
    const leaveSlow = joinTicker(41, { step: () => ticks.push("slow"), send: () => {} });
    const leaveFast = joinTicker(13, { step: () => ticks.push("fast"), send: () => {} });
    vi.advanceTimersByTime(41);
    expect(ticks).toEqual(["fast", "fast", "fast", "slow"]);
    leaveSlow();
    leaveFast();
    expect(vi.getTimerCount()).toBe(0);
    const again: string[] = [];
    const leave = joinTicker(41, { step: () => again.push("step"), send: () => again.push("send") });
    vi.advanceTimersByTime(41);
    expect(again).toEqual(["step", "send"]);
    leave();
  });
});
