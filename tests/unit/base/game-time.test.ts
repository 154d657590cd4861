import { describe, expect, it } from "vitest";
import { clockTime, seconds } from "../../../shared/base/game-time.js";

describe("game time in words", () => {
  it("says durations in seconds, never ticks", () => {
    expect(seconds(40)).toBe("4.0 s");
    expect(seconds(5)).toBe("0.5 s");
    expect(seconds(-20)).toBe("-2.0 s");
    expect(seconds(1234)).toBe("123.4 s");
  });
  it("says moments as the game clock shows them", () => {
    expect(clockTime(0)).toBe("0:00.0");
    expect(clockTime(834)).toBe("1:23.4");
    expect(clockTime(6000)).toBe("10:00.0");
  });
});
