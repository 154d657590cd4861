import { describe, expect, it } from "vitest";
import { STARS_KEY, readStars, recordStars, totalStars, type StarStorage } from "../../../client/ui/stars-store.js";

function memoryStorage(initial: Record<string, string> = {}): StarStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
  };
}

describe("stars store", () => {
  it("reads nothing from empty storage", () => {
    expect(readStars(memoryStorage())).toEqual({});
  });

  it("keeps only whole stars from 0 to 3 and ignores the rest", () => {
    const storage = memoryStorage({ [STARS_KEY]: JSON.stringify({ a: 2, b: 7, c: -1, d: 1.5, e: "3", f: 0 }) });
    expect(readStars(storage)).toEqual({ a: 2, f: 0 });
  });

  it("treats corrupt JSON or a non-object as no stars", () => {
    expect(readStars(memoryStorage({ [STARS_KEY]: "{not json" }))).toEqual({});
    expect(readStars(memoryStorage({ [STARS_KEY]: "[3]" }))).toEqual({});
    expect(readStars(memoryStorage({ [STARS_KEY]: "null" }))).toEqual({});
  });

  it("records the best result and never lowers it", () => {
    const storage = memoryStorage();
    recordStars("l00-hello-network", 2, storage);
    recordStars("l00-hello-network", 1, storage);
    expect(JSON.parse(storage.data[STARS_KEY] ?? "")).toEqual({ "l00-hello-network": 2 });
    expect(recordStars("l00-hello-network", 3, storage)).toEqual({ "l00-hello-network": 3 });
  });

  it("refuses an impossible star count", () => {
    const storage = memoryStorage();
    expect(recordStars("l00", 4, storage)).toEqual({});
    expect(storage.data[STARS_KEY]).toBeUndefined();
  });

  it("survives a storage that throws on write (private mode, full quota)", () => {
    const storage: StarStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(recordStars("l00", 1, storage)).toEqual({ l00: 1 });
  });

  it("adds up the stars", () => {
    expect(totalStars({ a: 3, b: 1 })).toBe(4);
    expect(totalStars({})).toBe(0);
  });
});
