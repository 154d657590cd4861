/**
 * "Watch it first" and "Play on from here" (issue 12 item 10), through real sockets at test speed:
 * a watched game shows the bot's captions, runs at the speed its player picks, hands the seat
 * over at a tick that the input log records, and its stored result replays to the same hash; a
 * played-on game starts where a stored game stood (its inputs before the moment, then the
 * player's), replays to its stored hash, and is on no board. Hostile options are refused with a
 * reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "colyseus.js";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { JOIN_ERROR } from "../../server/rooms/join-options.js";
import { newResultOf } from "../../server/store/result-of-game.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { collect, createTestClass, joinError, playHello, startRoomServer, until, waitFor, type RoomServer } from "./room-helpers.js";
import { TEST_CATALOG } from "../support/test-catalog.js";
import { playHonestSender } from "../unit/view/debrief-fixtures.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
  await createTestClass(rs.store, "MATH-7B");
});
afterAll(async () => {
  await rs?.close();
});

const state = (room: Room) => room.state as any;
const controllerOf = (room: Room, node: string): string => state(room).seats.get(node)?.controller ?? "";
const captionsOf = (room: Room, node: string): { tick: number; cause: string; did: string[]; why: string | null; repeats?: number }[] => JSON.parse(state(room).seats.get(node)?.priv?.captions ?? "[]");

/** A stored game of l00 played by a scripted honest sender, as a finished room would store it. */
async function storedHelloGame(seed: number) {
  const level = rs.levels.find((l) => l.id === "l00-hello-network")!;
  const world = playHonestSender(level, seed);
  const verdict = computeVerdict(world);
  return rs.store.saveResult(newResultOf(world, verdict, gameHash(world), { mode: "solo", board: null, seatNode: "N1", nickname: "Ada", classCode: null, playerId: null }));
}

function expectReplays(stored: { levelId: string; seed: number; inputs: unknown[]; playMode: "guided" | "free"; hash: string; score: number }): void {
  const level = rs.levels.find((l) => l.id === stored.levelId)!;
  const again = replay(level, TEST_CATALOG, stored.seed, stored.inputs as InputRecord[], stored.playMode);
  expect(again.hash).toBe(stored.hash);
  expect(computeVerdict(again.world).score).toBe(stored.score);
}

describe("watch it first", () => {
  it("the bot plays the seat with captions, at the chosen speed; taking the seat is an input and the game replays", async () => {
    const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "Watcher", watchFirst: true, speed: 10, classCode: "math-7b" });
    const accepted = collect(room, "accepted");
    const refused = collect(room, "refused");
    const debriefs = collect(room, "debrief");
    await until(room, () => state(room).phase === "running", 5000, "running");
    expect(controllerOf(room, "N1")).toBe("bot");
    // The bot's moves on N1 come with captions: a client's note sent, with sendNote's rule.
    await until(room, () => captionsOf(room, "N1").some((c) => c.did.includes("Sent note to N2")), 10_000, "a caption");
    const caption = captionsOf(room, "N1").find((c) => c.did.includes("Sent note to N2"))!;
    expect(caption.why).toMatch(/Keep sending until an ack arrives/);

    // Watching: no acting, no autopilot; speed 2 doubles the pace (and ticksPerSecond), 3 is no speed.
    room.send("act", { action: "sendNote", params: { seq: 1 }, seq: 1 });
    room.send("control", { kind: "speed", speed: 2, seq: 2 });
    room.send("control", { kind: "speed", speed: 3, seq: 3 });
    await waitFor(() => (refused.some((r) => r.seq === 3) ? true : undefined), 5000, "the refusals");
    expect(refused.find((r) => r.seq === 1)?.code).toBe("watching");
    expect(accepted.some((a) => a.seq === 2)).toBe(true);
    expect(refused.find((r) => r.seq === 3)?.code).toBe("bad-message");
    await until(room, () => state(room).pace === 2, 5000, "pace 2");
    expect(state(room).ticksPerSecond).toBe(200);

    // Paused, the film stops; the seat can be taken while paused.
    room.send("control", { kind: "pause", seq: 4 });
    await until(room, () => state(room).paused === true, 5000, "paused");
    room.send("control", { kind: "take-seat", seq: 5 });
    await until(room, () => controllerOf(room, "N1") === "human", 5000, "the seat taken");
    expect(state(room).pace).toBe(1);
    room.send("control", { kind: "take-seat", seq: 6 });
    room.send("control", { kind: "speed", speed: 4, seq: 7 });
    await waitFor(() => (refused.some((r) => r.seq === 7) ? true : undefined), 5000, "refused after taking");
    expect(refused.find((r) => r.seq === 6)?.code).toBe("not-watching");
    expect(refused.find((r) => r.seq === 7)?.code).toBe("not-watching");
    room.send("control", { kind: "resume", seq: 8 });
    room.send("control", { kind: "autopilot", chore: "auto-retry", on: true, seq: 9 });
    playHello(room, "N1", "sender");
    const debrief = await waitFor(() => debriefs[0], 60_000, "the debrief");
    const stored = (await rs.store.getResult(debrief.resultId))!;
    // A watched game has its own seed, is on no board and in no class report, and earns no stars.
    expect(stored.board).toBeNull();
    expect(stored.classCode).toBeNull();
    expect(debrief.practice).toBe(true);
    const inputs = stored.inputs as InputRecord[];
    const takeOver = inputs.find((i) => i.action === "$control")!;
    expect(takeOver).toMatchObject({ node: "N1", params: { controller: "human" } });
    expect(takeOver.tick).toBeGreaterThan(0);
    expect(inputs.filter((i) => i.tick < takeOver.tick)).toEqual([]);
    expect(inputs.map((i) => i.action)).toContain("sendNote");
    expectReplays(stored);
    await room.leave();
  });

  it("l08: a follower's captions quote the vote rule", async () => {
    const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l08-reach-consensus", mode: "solo", nickname: "Watcher", watchFirst: true, seed: 3, speed: 10 });
    await until(room, () => state(room).phase === "running", 5000, "running");
    const seat = [...state(room).seats.values()].find((s: any) => s.status === "human").node as string;
    // A heartbeat answered again and again is one caption that counts its repeats.
    await until(room, () => captionsOf(room, seat).some((c) => (c.repeats ?? 1) >= 3), 20_000, "a repeated caption");
    const text = JSON.stringify(captionsOf(room, seat));
    expect(text).toMatch(/RequestVote|AppendEntries|election/);
    await room.leave();
  });
});

describe("play on from here", () => {
  it("starts where the stored game stood, with its player's seat, replays, and is on no board", async () => {
    const original = await storedHelloGame(11);
    const T = 300;
    const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "Ada", playOn: { resultId: original.id, tick: T }, speed: 20 });
    const welcome = collect(room, "welcome");
    const debriefs = collect(room, "debrief");
    await until(room, () => state(room).phase === "running", 5000, "running");
    expect(welcome[0]?.node).toBe("N1");
    expect(state(room).tick).toBeGreaterThanOrEqual(T);
    expect(controllerOf(room, "N1")).toBe("human");
    room.send("control", { kind: "autopilot", chore: "auto-retry", on: true, seq: 1 });
    playHello(room, "N1", "sender");
    const debrief = await waitFor(() => debriefs[0], 60_000, "the debrief");
    const stored = (await rs.store.getResult(debrief.resultId))!;
    expect(stored).toMatchObject({ levelId: original.levelId, levelVersion: original.levelVersion, seed: original.seed, board: null, seatNode: "N1", mode: "solo" });
    expect(debrief.practice).toBe(true);
    const before = (original.inputs as InputRecord[]).filter((i) => i.tick < T);
    const inputs = stored.inputs as InputRecord[];
    // The stored log: the original's inputs before the moment, then the hand-over at it, then the player's.
    expect(inputs.slice(0, before.length)).toEqual(before);
    expect(inputs[before.length]).toMatchObject({ tick: T, node: "N1", action: "$control", params: { controller: "human" } });
    expectReplays(stored);
    // The world until the moment is the original's: same trace up to it.
    const level = rs.levels.find((l) => l.id === "l00-hello-network")!;
    const a = replay(level, TEST_CATALOG, original.seed, original.inputs as InputRecord[], original.playMode, T - 1).world.trace.slice();
    const b = replay(level, TEST_CATALOG, stored.seed, inputs, stored.playMode, T - 1).world.trace.slice();
    expect(b).toEqual(a);
    await room.leave();
  });

  it("refuses hostile or stale requests with a reason", async () => {
    const original = await storedHelloGame(12);
    const create = (options: Record<string, unknown>) => joinError(rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", nickname: "x", ...options }));
    expect(await create({ playOn: { resultId: "AAAAAAAAAAAAAAAA", tick: 10 } })).toMatchObject({ code: JOIN_ERROR.unknownGame });
    expect(await create({ playOn: { resultId: "../../etc", tick: 10 } })).toMatchObject({ code: JOIN_ERROR.badOptions });
    expect(await create({ playOn: "yes" })).toMatchObject({ code: JOIN_ERROR.badOptions });
    expect(await create({ playOn: { resultId: original.id, tick: -1 } })).toMatchObject({ code: JOIN_ERROR.badOptions });
    expect(await create({ playOn: { resultId: original.id, tick: 1.5 } })).toMatchObject({ code: JOIN_ERROR.badOptions });
    expect((await create({ playOn: { resultId: original.id, tick: 99_999 } })).message).toMatch(/before the game's end/);
    expect(await create({ playOn: { resultId: original.id, tick: 10 }, mode: "team" })).toMatchObject({ code: JOIN_ERROR.badOptions });
    expect(await create({ playOn: { resultId: original.id, tick: 10 }, seed: 5 })).toMatchObject({ code: JOIN_ERROR.badOptions });
    expect(await create({ playOn: { resultId: original.id, tick: 10 }, watchFirst: true })).toMatchObject({ code: JOIN_ERROR.badOptions });
    expect((await joinError(rs.client().create(LEVEL_ROOM_NAME, { levelId: "l08-reach-consensus", nickname: "x", playOn: { resultId: original.id, tick: 10 } }))).message).toMatch(/played on l00-hello-network/);
    expect(await create({ watchFirst: "yes" })).toMatchObject({ code: JOIN_ERROR.badOptions });
    expect(await create({ watchFirst: true, mode: "team" })).toMatchObject({ code: JOIN_ERROR.badOptions });
    // The level changed since: its world cannot be rebuilt.
    const { id: _id, createdAt: _at, ...rest } = original;
    const old = await rs.store.saveResult({ ...rest, levelVersion: original.levelVersion + 98 });
    const stale = await create({ playOn: { resultId: old.id, tick: 10 } });
    expect(stale.code).toBe(JOIN_ERROR.forbidden);
    expect(stale.message).toMatch(/version .* cannot be played on/);
  });
});
