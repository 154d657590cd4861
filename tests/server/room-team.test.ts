/**
 * Team games: the creator gets the join code, a second player joins by code on another node,
 * the creator starts, both play to the end, one result per seat, both replaying to the stored
 * hash. Plus the lobby rules (taken seats, full rooms, facilitator-only commands) and what a
 * spectator sees.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { replay } from "../../shared/sim/replay.js";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { JOIN_CODE_PATTERN } from "../../server/rooms/join-code.js";
import { JOIN_ERROR } from "../../server/rooms/join-options.js";
import { collect, playHello, startRoomServer, until, waitFor, type RoomServer, joinError } from "./room-helpers.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
});
afterAll(async () => {
  await rs?.close();
});

describe("team l00-hello-network", () => {
  it("two players on different nodes, joined by code, play to the end; one result per seat", async () => {
    const alice = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "alice", speed: 20, seed: 99 });
    const aliceWelcome = collect(alice, "welcome");
    await waitFor(() => aliceWelcome[0], 5000, "welcome");
    const code = aliceWelcome[0].joinCode as string;
    expect(code).toMatch(JOIN_CODE_PATTERN);
    expect(alice.roomId).toBe(code);
    expect(aliceWelcome[0]).toMatchObject({ node: "N1", facilitator: true, mode: "team" });

    // The seat alice holds cannot be taken; a free one can, by code.
    expect(await joinError(rs.client().joinById(code, { nickname: "eve", seat: "N1" }))).toMatchObject({ code: JOIN_ERROR.seatTaken });
    expect((await joinError(rs.client().joinById(code, { nickname: "\u0007bell" }))).code).toBe(JOIN_ERROR.badOptions);
    const bob = await rs.client().joinById(code, { nickname: "bob" });
    const bobWelcome = collect(bob, "welcome");
    await waitFor(() => bobWelcome[0], 5000, "bob's welcome");
    expect(bobWelcome[0]).toMatchObject({ node: "N2", facilitator: false });
    // Both seats taken: a third player is told to spectate.
    const full = await joinError(rs.client().joinById(code, { nickname: "carol" }));
    expect(full.code).toBe(JOIN_ERROR.seatTaken);
    expect(full.message).toMatch(/To watch instead, ask the facilitator for the projector code/);

    // The lobby waits for the facilitator; bob may not start it.
    await until(alice, () => (alice.state as any).seats.get("N2")?.nickname === "bob", 5000, "bob in alice's seats");
    expect((alice.state as any).phase).toBe("lobby");
    const bobRefused = collect(bob, "refused");
    bob.send("control", { kind: "ready", ready: true, seq: 1 });
    bob.send("control", { kind: "start", seq: 2 });
    await waitFor(() => bobRefused[0], 5000, "bob's refusal");
    expect(bobRefused[0]).toMatchObject({ seq: 2, code: "not-facilitator" });
    await until(alice, () => (alice.state as any).seats.get("N2")?.ready === true, 5000, "bob ready");

    alice.send("control", { kind: "autopilot", chore: "auto-retry", on: true, seq: 1 }); // refused: not started
    alice.send("control", { kind: "start", seq: 2 });
    await until(alice, () => (alice.state as any).phase === "running", 5000, "running");
    alice.send("control", { kind: "autopilot", chore: "auto-retry", on: true, seq: 3 });
    playHello(alice, "N1", "sender");
    playHello(bob, "N2", "receiver");

    const aliceDebrief = collect(alice, "debrief");
    const bobDebrief = collect(bob, "debrief");
    const a = await waitFor(() => aliceDebrief[0], 30_000, "alice's debrief");
    const b = await waitFor(() => bobDebrief[0], 30_000, "bob's debrief");
    expect(a.hash).toBe(b.hash);
    expect(a.resultId).not.toBe(b.resultId);
    const storedA = (await rs.store.getResult(a.resultId))!;
    const storedB = (await rs.store.getResult(b.resultId))!;
    expect(storedA).toMatchObject({ seatNode: "N1", nickname: "alice", mode: "team" });
    expect(storedB).toMatchObject({ seatNode: "N2", nickname: "bob", mode: "team" });
    const controls = (storedA.inputs as { node: string; action: string }[]).filter((i) => i.action === "$control").map((i) => i.node);
    expect(controls.sort()).toEqual(["N1", "N2"]);
    // Both players really acted.
    const actors = new Set((storedA.inputs as { node: string; action: string }[]).filter((i) => !i.action.startsWith("$")).map((i) => i.node));
    expect([...actors].sort()).toEqual(["N1", "N2"]);
    const level = rs.levels.find((l) => l.id === "l00-hello-network")!;
    const again = replay(level, TEST_CATALOG, storedA.seed, storedA.inputs as any, storedA.playMode);
    expect(again.hash).toBe(storedA.hash);
    expect(computeVerdict(again.world).score).toBe(storedA.score);
    await alice.leave();
    await bob.leave();
  });

  it("a spectator sees the god's view but no player's private view; solo games refuse spectators", async () => {
    const solo = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "solo" });
    // A solo room holds one client: the matchmaker refuses anyone else before the room is asked.
    expect((await joinError(rs.client().joinById(solo.roomId, { spectate: true }))).code).toBe(4212);
    await solo.leave();

    const host = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "host", spectate: true });
    const player = await rs.client().joinById(host.roomId, { nickname: "pat" });
    host.send("control", { kind: "start" });
    await until(host, () => (host.state as any).phase === "running" && (host.state as any).observer?.nodes?.includes("N2"), 5000, "observer view");
    const seen = (host.state as any).toJSON();
    expect(JSON.parse(seen.observer.nodes).map((n: { id: string }) => n.id)).toEqual(["N1", "N2"]);
    expect(seen.seats.N1.priv).toBeUndefined();
    expect(seen.seats.N2.priv).toBeUndefined();
    expect(seen.facilitator).toBe(host.sessionId);
    expect(seen.spectators).toBe(1);
    // The facilitator pauses the clock and injects a fault.
    const accepted = collect(host, "accepted");
    host.send("control", { kind: "pause", seq: 1 });
    await until(host, () => (host.state as any).paused === true, 5000, "paused");
    const pausedTick = (host.state as any).tick;
    await new Promise((r) => setTimeout(r, 400));
    expect((host.state as any).tick).toBe(pausedTick);
    host.send("control", { kind: "resume", seq: 2 });
    host.send("control", { kind: "fault", fault: { kind: "partition", atTick: 0, untilTick: 50, groups: [["N1"], ["N2"]] }, seq: 3 });
    await waitFor(() => (accepted.length >= 3 ? true : undefined), 5000, "three accepted");
    expect(accepted.map((a) => a.seq)).toEqual([1, 2, 3]);
    await until(host, () => (host.state as any).observer.activeFaults.includes("partition"), 5000, "the fault");
    await player.leave();
    await host.leave();
  });
});
