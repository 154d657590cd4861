import { describe, expect, it } from "vitest";
import { parseLeaderboard, parseLevelList, parseLevelSummary } from "../../../client/net/parse.js";
import { levelSummary } from "./fixtures.js";

describe("parseLevelSummary", () => {
  it("accepts a level summary as the server sends it", () => {
    const level = levelSummary();
    expect(parseLevelSummary(JSON.parse(JSON.stringify(level)))).toEqual(level);
  });

  it("keeps parallel seats (a room of games of their own), and drops a malformed count", () => {
    const base = levelSummary();
    const parallel = { ...base, seats: { ...base.seats, max: 1, parallel: 8 } };
    expect(parseLevelSummary(JSON.parse(JSON.stringify(parallel)))?.seats).toEqual({ ...base.seats, max: 1, parallel: 8 });
    expect(parseLevelSummary({ ...parallel, seats: { ...parallel.seats, parallel: "8" } })?.seats).not.toHaveProperty("parallel");
  });

  it("keeps a level's variants and a variant's own description, dropping malformed ones", () => {
    const level = { ...levelSummary(), variants: [{ levelId: "l12-x-drift", title: "Clocks drift apart", text: "t" }, { levelId: 3 }] };
    expect(parseLevelSummary(level)?.variants).toEqual([{ levelId: "l12-x-drift", title: "Clocks drift apart", text: "t" }]);
    const variant = { ...levelSummary(), variant: { of: "l12-x", id: "drift", title: "Clocks drift apart", text: "t" } };
    expect(parseLevelSummary(variant)?.variant).toEqual(variant.variant);
    expect(parseLevelSummary({ ...levelSummary(), variant: { of: 1 } })).not.toHaveProperty("variant");
  });

  it("rejects missing or mistyped required fields", () => {
    expect(parseLevelSummary(null)).toBeNull();
    expect(parseLevelSummary({ ...levelSummary(), title: 3 })).toBeNull();
    expect(parseLevelSummary({ ...levelSummary(), chapter: 1.5 })).toBeNull();
    expect(parseLevelSummary({ ...levelSummary(), seats: { nodes: "N1", min: 1, max: 1 } })).toBeNull();
    expect(parseLevelSummary({ ...levelSummary(), nodes: [{ id: "N1" }] })).toBeNull();
  });

  it("degrades optional lists to empty", () => {
    const { actions: _a, autopilot: _b, briefing: _c, ...rest } = levelSummary();
    const parsed = parseLevelSummary(rest);
    expect(parsed?.actions).toEqual([]);
    expect(parsed?.briefing).toEqual([]);
  });
});

describe("parseLevelList", () => {
  it("keeps the good levels and counts the bad ones", () => {
    expect(parseLevelList([levelSummary(), { id: 1 }])).toEqual({ levels: [levelSummary()], rejected: 1 });
    expect(parseLevelList({ levels: [] })).toBeNull();
  });
});

describe("parseLeaderboard", () => {
  const row = { rank: 1, nickname: "ada", score: 1200, stars: 3, messages: 40, classCode: "3B", mode: "solo", createdAt: "2026-11-24T10:00:00.000Z" };

  it("accepts the server's shape and normalises an absent class to null", () => {
    const board = parseLeaderboard({ level: "l00-hello-network", classCode: null, rows: [row, { ...row, rank: 2, classCode: null }] });
    expect(board?.classCode).toBeNull();
    expect(board?.rows).toHaveLength(2);
    expect(board?.rows[1]?.classCode).toBeNull();
  });

  it("drops malformed rows rather than failing the whole table", () => {
    const board = parseLeaderboard({ level: "l00", classCode: "3B", rows: [row, { ...row, stars: "3" }] });
    expect(board?.rows).toHaveLength(1);
  });

  it("rejects a body that is not a leaderboard", () => {
    expect(parseLeaderboard([])).toBeNull();
    expect(parseLeaderboard({ level: "l00" })).toBeNull();
  });
});
