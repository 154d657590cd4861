/**
 * Watch mode and play-on in GameSession, without sockets: a watched game survives a server
 * restart still watching (nobody took the seat: no "$control human" in its log), a dropped and
 * returning watcher does not take the seat by reconnecting, the pace steps half ticks, and a game
 * played on from a team game hands the other players' nodes to their bots at the moment.
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { GameSession } from "../../server/rooms/game-session.js";
import { parseRoomOptions, type RoomOptions } from "../../server/rooms/join-options.js";
import { WatchPace } from "../../server/rooms/watch-pace.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import { advanceTo } from "../../shared/sim/world.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const levels = loadLevels();
const store = openSqliteStore({ path: ":memory:" });
const player = { nickname: "Ada", classCode: null, spectate: false, seat: null };

function options(raw: Record<string, unknown>): RoomOptions {
  const parsed = parseRoomOptions(raw, { levels, testSpeedAllowed: true, serverSecret: "test" });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe("watch mode (GameSession)", () => {
  it("a watched game is on no board, with a seed that is not the board's", () => {
    const plain = options({ levelId: "l00-hello-network" });
    const watched = options({ levelId: "l00-hello-network", watchFirst: true });
    expect(plain.board).not.toBeNull();
    expect(watched.board).toBeNull();
    expect(watched.seed).not.toBe(plain.seed);
    expect(options({ levelId: "l00-hello-network", watchFirst: true, seed: 9 }).seed).toBe(options({ levelId: "l00-hello-network", seed: 9 }).seed);
  });

  it("stays watching across a dropped connection and a server restart; taking the seat is the log's first input", () => {
    const o = options({ levelId: "l00-hello-network", watchFirst: true, seed: 5 });
    const session = new GameSession(o, store);
    expect(session.join("s1", player).ok).toBe(true);
    session.advance(40);
    session.drop("s1");
    session.rejoin("s1");
    expect(session.world.nodes.N1!.controller.kind).toBe("bot");
    expect(session.world.inputs).toEqual([]);
    expect(session.act("s1", "sendNote", { seq: 1 })).toMatchObject({ ok: false, error: { code: "watching" } });

    const restored = GameSession.restore(o, store, { ...session.liveGame("ROOM01"), seats: [{ node: "N1", nickname: "Ada", classCode: null, resumeSecret: "r".repeat(22) }] });
    expect(restored.isWatching).toBe(true);
    expect(restored.world.tick).toBe(40);
    expect(restored.join("s2", { ...player, resume: "r".repeat(22) }).ok).toBe(true);
    expect(restored.world.nodes.N1!.controller.kind).toBe("bot");
    expect(restored.takeSeat("s2").ok).toBe(true);
    expect(restored.isWatching).toBe(false);
    expect(restored.world.inputs).toEqual([{ tick: 40, node: "N1", action: "$control", params: { controller: "human", autopilot: [] } }]);
    advanceTo(restored.world, o.level.durationTicks);
    expect(replay(o.level, TEST_CATALOG, o.seed, restored.world.inputs, o.playMode).hash).toBe(gameHash(restored.world));
  });

  it("half speed steps a tick every other interval; the pace is 1 once the seat is taken", () => {
    const pace = new WatchPace();
    pace.speed = 0.5;
    expect([1, 1, 1, 1].map((t) => pace.ticksFor(t))).toEqual([0, 1, 0, 1]);
    pace.speed = 4;
    expect(pace.ticksFor(1)).toBe(4);
    const session = new GameSession(options({ levelId: "l00-hello-network", watchFirst: true, seed: 5 }), store);
    session.join("s1", player);
    expect(session.setWatchSpeed("s1", 0.5).ok).toBe(true);
    session.advance(1);
    session.advance(1);
    expect(session.world.tick).toBe(1);
    expect(session.setWatchSpeed("s1", 3).ok).toBe(false);
    expect(session.takeSeat("s1").ok).toBe(true);
    expect(session.speed).toBe(1);
    session.advance(1);
    expect(session.world.tick).toBe(2);
  });
});

describe("play on from a team game (GameSession)", () => {
  it("the player's seat keeps its autopilot chores; the other players' nodes go to their bots at the moment", () => {
    const level = levels.find((l) => l.id === "l00-hello-network")!;
    const team: InputRecord[] = [
      { tick: 0, node: "N1", action: "$control", params: { controller: "human", autopilot: ["auto-retry"] } },
      { tick: 0, node: "N2", action: "$control", params: { controller: "human", autopilot: [] } },
    ];
    const T = 120;
    const o: RoomOptions = { ...options({ levelId: "l00-hello-network", seed: 3 }), board: null, playOn: { resultId: "x".repeat(16), tick: T, seat: "N2", inputs: team } };
    const session = GameSession.playOn(o, store);
    expect(session.world.tick).toBe(T);
    expect(session.join("s1", player).ok).toBe(true);
    expect(session.seats.seatOf("s1")?.node).toBe("N2");
    expect(session.world.nodes.N1!.controller).toEqual({ kind: "bot", policy: "correct" });
    expect(session.world.nodes.N2!.controller).toEqual({ kind: "human", autopilot: [] });
    const inputs = session.world.inputs;
    expect(inputs.slice(0, 2)).toEqual(team);
    expect(inputs.slice(2).map((i) => [i.tick, i.node, (i.params as { controller: string }).controller])).toEqual([
      [T, "N1", "bot"],
      [T, "N2", "human"],
    ]);
    advanceTo(session.world, level.durationTicks);
    expect(replay(level, TEST_CATALOG, 3, session.world.inputs, "guided").hash).toBe(gameHash(session.world));
  });
});

describe("the play-on rebuild budget", () => {
  it("refuses new rebuilds once a window's budget is spent, and allows them again as it slides", async () => {
    const { RebuildBudget } = await import("../../server/rooms/rebuild-budget.js");
    let nowMs = 0;
    const budget = new RebuildBudget(300, 1000, () => nowMs);
    expect(budget.available()).toBe(true);
    budget.run(() => (nowMs += 200));
    expect(budget.available()).toBe(true);
    budget.run(() => (nowMs += 150));
    expect(budget.available()).toBe(false);
    nowMs += 900;
    // The first rebuild (ended at 200) left the window; the second (ended at 350) has not.
    expect(budget.available()).toBe(true);
  });
});
