/**
 * A solo game of each headline level played to the end through real sockets at test speed; the
 * stored result must equal a replay of its stored inputs (hash and score), and the debrief the
 * client receives must carry the same recipe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { replay } from "../../shared/sim/replay.js";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { collect, playHello, startRoomServer, until, waitFor, type RoomServer, createTestClass } from "./room-helpers.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
  await createTestClass(rs.store, "MATH-7B");
});
afterAll(async () => {
  await rs?.close();
});

describe("solo l00-hello-network", () => {
  it("plays to the end, stores one result that replays to the same hash and score", async () => {
    const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "  Ada  ", seed: 7, speed: 20, classCode: "math-7b" });
    const welcome = collect(room, "welcome");
    const debriefs = collect(room, "debrief");
    const refused = collect(room, "refused");
    await until(room, () => (room.state as any).phase === "running", 5000, "running");
    room.send("control", { kind: "autopilot", chore: "auto-retry", on: true, seq: 1000 });
    playHello(room, "N1", "sender");
    const debrief = await waitFor(() => debriefs[0], 30_000, "the debrief");
    expect(welcome[0]).toMatchObject({ node: "N1", spectator: false, mode: "solo", levelId: "l00-hello-network" });
    expect((room.state as any).phase).toBe("ended");
    expect(debrief.resultId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(debrief.seed).toBe(7);
    const stored = await rs.store.getResult(debrief.resultId);
    expect(stored).not.toBeNull();
    expect(stored!).toMatchObject({ levelId: "l00-hello-network", levelVersion: 2, seed: 7, mode: "solo", playMode: "guided", seatNode: "N1", nickname: "Ada", classCode: "MATH-7B" });
    expect(stored!.hash).toBe(debrief.hash);
    // The human did things: the log has the $control hand-over and real actions.
    const actions = (stored!.inputs as { action: string }[]).map((i) => i.action);
    expect(actions[0]).toBe("$control");
    expect(actions).toContain("sendNote");
    expect(actions).toContain("confirm");
    // Score never comes from a client: recompute it from the recipe.
    const level = rs.levels.find((l) => l.id === stored!.levelId)!;
    const again = replay(level, TEST_CATALOG, stored!.seed, stored!.inputs as any, stored!.playMode);
    expect(again.hash).toBe(stored!.hash);
    const verdict = computeVerdict(again.world);
    expect(verdict.score).toBe(stored!.score);
    expect(verdict.stars).toBe(stored!.stars);
    expect(verdict.metrics.seatMessages).toBe(stored!.messages);
    expect(stored!.stars).toBeGreaterThanOrEqual(1);
    // Everyone sees the god's view after the end.
    expect((room.state as any).observer?.nodes).toContain("N2");
    expect(refused.filter((r) => r.code !== "impossible")).toEqual([]);
    await room.leave();
  });
});

describe("solo pause", () => {
  it("the only player of a solo room can pause and resume the clock (a team player cannot)", async () => {
    const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "solo", speed: 5 });
    const accepted = collect(room, "accepted");
    const refused = collect(room, "refused");
    await until(room, () => (room.state as any).phase === "running", 5000, "running");
    room.send("control", { kind: "pause", seq: 1 });
    await until(room, () => (room.state as any).paused === true, 5000, "paused");
    const pausedTick = (room.state as any).tick;
    await new Promise((r) => setTimeout(r, 400));
    expect((room.state as any).tick).toBe(pausedTick);
    room.send("control", { kind: "resume", seq: 2 });
    await until(room, () => (room.state as any).paused === false && (room.state as any).tick > pausedTick, 5000, "resumed");
    expect(accepted.map((a) => a.seq)).toEqual([1, 2]);
    expect(refused).toEqual([]);
    await room.leave();

    const host = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "host", spectate: true });
    const player = await rs.client().joinById(host.roomId, { nickname: "pat" });
    const playerRefused = collect(player, "refused");
    host.send("control", { kind: "start" });
    await until(host, () => (host.state as any).phase === "running", 5000, "running");
    player.send("control", { kind: "pause", seq: 9 });
    await waitFor(() => playerRefused[0], 5000, "the refusal");
    expect(playerRefused[0]).toMatchObject({ seq: 9, code: "not-facilitator" });
    await player.leave();
    await host.leave();
  });
});

describe("knobs over the wire", () => {
  it("a player sets a knob of the level on their node within its limits; out of limits is refused in words", async () => {
    const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "tuner", speed: 2 });
    const accepted = collect(room, "accepted");
    const refused = collect(room, "refused");
    await until(room, () => (room.state as any).phase === "running", 5000, "running");
    const knobs = () => JSON.parse((room.state as any).seats.get("N1").priv.knobs);
    await until(room, () => knobs().retryTicks === 25, 5000, "the default");
    room.send("control", { kind: "knob", knob: "retryTicks", value: 60, seq: 1 });
    await until(room, () => knobs().retryTicks === 60, 5000, "the new value");
    room.send("control", { kind: "knob", knob: "retryTicks", value: 7, seq: 2 });
    room.send("control", { kind: "knob", knob: "retryTicks", value: "7", seq: 3 });
    await waitFor(() => refused[1], 5000, "two refusals");
    expect(accepted.map((a) => a.seq)).toEqual([1]);
    expect(refused[0]).toMatchObject({ seq: 2, message: "Retry after must be 0.5 s to 10 s in steps of 0.5 s (got 0.7 s)." });
    expect(refused[1]).toMatchObject({ seq: 3, code: "bad-message" });
    expect(knobs().retryTicks).toBe(60);
    await room.leave();
  });
});

/**
 * The other headline levels, level-agnostic: the player hands every chore to the autopilot and
 * tries the level's first action once (accepted or refused, it goes into the input log). The
 * files must exist: a missing headline level fails here rather than being skipped.
 */
describe.each(["l08-reach-consensus", "l09-order-events-without-wall-clocks", "l12-survive-a-partition"])("solo %s", (levelId) => {
  it("plays to the end at test speed; the stored result replays to the same hash and score", async () => {
    const level = rs.levels.find((l) => l.id === levelId);
    expect(level, `levels/${levelId}.json must exist and load`).toBeDefined();
    const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId, mode: "solo", nickname: "solo-bot", seed: 2024, speed: 50 });
    const debriefs = collect(room, "debrief");
    const replies = [...collect(room, "accepted"), ...collect(room, "refused")];
    const welcome = collect(room, "welcome");
    await until(room, () => (room.state as any).phase === "running", 5000, "running");
    let seq = 0;
    for (const chore of level!.autopilot) room.send("control", { kind: "autopilot", chore, on: true, seq: seq++ });
    room.send("act", { action: level!.actions[0], params: {}, seq: seq++ });
    const debrief = await waitFor(() => debriefs[0], 60_000, "the debrief");
    expect(welcome[0]?.node).toBe(level!.seats.nodes[0]);
    expect(replies.length).toBeGreaterThanOrEqual(0);
    const stored = (await rs.store.getResult(debrief.resultId))!;
    expect(stored).toMatchObject({ levelId, levelVersion: level!.version, seed: 2024, seatNode: level!.seats.nodes[0], mode: "solo" });
    const inputs = stored.inputs as { action: string }[];
    expect(inputs.filter((i) => i.action === "$autopilot")).toHaveLength(level!.autopilot.length);
    expect(inputs.some((i) => i.action === level!.actions[0])).toBe(true);
    const again = replay(level!, TEST_CATALOG, stored.seed, stored.inputs as any, stored.playMode);
    expect(again.hash).toBe(stored.hash);
    expect(again.hash).toBe(debrief.hash);
    expect(computeVerdict(again.world).score).toBe(stored.score);
    await room.leave();
  });
});
