/**
 * Hostile input: wrong types, reserved actions, huge params, oversized frames, unknown message
 * types and floods. Each is refused (or, for floods and oversized frames, costs the sender its
 * connection) while the OTHER player's game goes on: ticks advance and their actions succeed.
 */
import type { Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { matchMaker } from "@colyseus/core";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { CLOSE_FLOODING, CLOSE_ROOM_FAILED } from "../../server/rooms/LevelRoom.js";
import { collect, startRoomServer, until, waitFor, type RoomServer } from "./room-helpers.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
});
afterAll(async () => {
  await rs?.close();
});

/** The honest player still plays: time moves for them and an action of theirs is accepted. */
async function stillPlays(honest: Room, seq: number): Promise<void> {
  const tick = (honest.state as any).tick as number;
  await until(honest, () => (honest.state as any).tick > tick + 2, 5000, "time to move on for the honest player");
  const accepted = collect(honest, "accepted");
  honest.send("control", { kind: "autopilot", chore: "auto-ack", on: true, seq });
  await waitFor(() => accepted.find((a) => a.seq === seq), 5000, "the honest action to be accepted");
}

function leaveCode(room: Room): Promise<number> {
  return new Promise((resolve) => room.onLeave((code) => resolve(code)));
}

describe("hostile input", () => {
  it("refuses malformed, reserved, oversized and unknown messages without closing anyone", async () => {
    const honest = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "honest", seat: "N2" });
    const mallory = await rs.client().joinById(honest.roomId, { nickname: "mallory" });
    honest.send("control", { kind: "start" });
    await until(honest, () => (honest.state as any).phase === "running", 5000, "running");
    const refused = collect(mallory, "refused");
    const bad: [string, unknown][] = [
      ["act", 42],
      ["act", "sendNote"],
      ["act", null],
      ["act", { action: 5, seq: 1 }],
      ["act", { action: "sendNote", params: "seq=1", seq: 2 }],
      ["act", { action: "sendNote", params: [1, 2], seq: 3 }],
      ["act", { action: "sendNote", params: { seq: "one" }, seq: 4 }],
      ["act", { action: "$control", params: { controller: "human" }, seq: 5 }],
      ["act", { action: "$fault", params: {}, seq: 6 }],
      ["act", { action: "x".repeat(500), seq: 7 }],
      ["act", { action: "sendNote", params: { pad: "x".repeat(5000) }, seq: 8 }],
      ["act", { action: "process", params: { msgId: 1 }, seq: 9 }], // a receiver's action on the sender's node
      ["act", { action: "sendNote", params: { seq: 1 }, seq: -5 }],
      ["control", { kind: "start", seq: 10 }],
      ["control", { kind: "fault", fault: { kind: "crash", node: "N2", atTick: 0 }, seq: 11 }],
      ["control", { kind: "autopilot", chore: 7, seq: 12 }],
      ["control", { kind: "teleport", seq: 13 }],
      ["hack", { seq: 14 }],
      ["__proto__", { seq: 15 }],
      ["constructor", {}],
    ];
    for (const [type, message] of bad) mallory.send(type, message);
    // 20 messages use up the burst: wait for a token to come back before the 21st.
    await new Promise((resolve) => setTimeout(resolve, 300));
    mallory.sendBytes("bytes!", new Uint8Array([1, 2, 3]));
    await waitFor(() => (refused.length >= bad.length + 1 ? true : undefined), 5000, `${bad.length + 1} refusals`);
    const codes = refused.map((r) => r.code);
    expect(codes.filter((c) => c === "bad-message").length).toBeGreaterThanOrEqual(8);
    expect(refused.find((r) => r.seq === 4)).toMatchObject({ code: "bad-params" });
    expect(refused.find((r) => r.seq === 5)).toMatchObject({ code: "reserved" });
    expect(refused.find((r) => r.seq === 8)).toMatchObject({ code: "too-large" });
    expect(refused.find((r) => r.seq === 9)).toMatchObject({ code: "not-enabled" });
    expect(refused.find((r) => r.seq === 10)).toMatchObject({ code: "not-facilitator" });
    expect(refused.find((r) => r.seq === 11)).toMatchObject({ code: "not-facilitator" });
    expect(refused.find((r) => r.seq === 14)).toMatchObject({ code: "unknown-type" });
    expect(codes.filter((c) => c === "unknown-type").length).toBe(4);
    for (const r of refused) expect(typeof r.message).toBe("string");
    // Mallory is still connected and can play; so is the honest player.
    const accepted = collect(mallory, "accepted");
    mallory.send("control", { kind: "autopilot", chore: "auto-retry", on: true, seq: 99 });
    await waitFor(() => accepted.find((a) => a.seq === 99), 5000, "mallory's legal action");
    await stillPlays(honest, 1);
    // Nothing mallory sent reached the input log except the legal toggle and the rule-checked tries.
    const room = rs.server.gameServer && (await import("@colyseus/core")).matchMaker.getLocalRoomById(honest.roomId);
    const inputs = (room as any).session.world.inputs as { action: string }[];
    expect(inputs.filter((i) => i.action === "$fault")).toEqual([]);
    await mallory.leave();
    await honest.leave();
  });

  it("closes only the sender of an oversized frame or a flood", async () => {
    const honest = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "honest", seat: "N2" });
    honest.send("control", { kind: "start" });
    await until(honest, () => (honest.state as any).phase === "running", 5000, "running");

    // A frame above the transport's maxPayload (16 KB): ws closes that socket (1009).
    const watch = (matchMaker.getLocalRoomById(honest.roomId) as any).session.watchKey as string;
    const big = await rs.client().joinById(honest.roomId, { nickname: "big", spectate: true, watch });
    const bigLeft = leaveCode(big);
    big.send("act", { action: "sendNote", params: { pad: "x".repeat(20_000) } });
    expect(await bigLeft).not.toBe(1000);
    await stillPlays(honest, 1);

    // A flood: the first messages pass, then "rate-limited", then the connection is closed.
    const flooder = await rs.client().joinById(honest.roomId, { nickname: "flood" });
    const refused = collect(flooder, "refused");
    const flooderLeft = leaveCode(flooder);
    for (let i = 0; i < 400; i++) flooder.send("act", { action: "sendNote", params: { seq: 0 }, seq: i });
    expect(await flooderLeft).toBe(CLOSE_FLOODING);
    expect(refused.some((r) => r.code === "rate-limited")).toBe(true);
    // The flooder's seat went back to a bot at once (no hold for a kicked client).
    await until(honest, () => (honest.state as any).seats.get("N1").status === "open", 5000, "the flooder's seat to open");
    expect((honest.state as any).seats.get("N1").controller).toBe("bot");
    await stillPlays(honest, 2);
    await honest.leave();
  });

  it("closes only the room whose tick throws, logs it once, and the process and the other rooms go on", async () => {
    const broken = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "honest", seat: "N2" });
    // Another room on the same shared ticker: it must not notice.
    const neighbour = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "neighbour", seat: "N2" });
    for (const room of [broken, neighbour]) {
      room.send("control", { kind: "start" });
      await until(room, () => (room.state as any).phase === "running", 5000, "running");
    }
    const brokenLeft = leaveCode(broken);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      // Every step of this one room's world fails from now on (a bug), in the shared ticker.
      const server = matchMaker.getLocalRoomById(broken.roomId) as any;
      server.session.advance = () => {
        throw new Error("a bug in one tick");
      };
      expect(await brokenLeft).toBe(CLOSE_ROOM_FAILED);
      await stillPlays(neighbour, 1);
      // Logged once with the room id, although the failing step would have run on every tick.
      const reports = errors.mock.calls.filter((args) => String(args[0]).includes(broken.roomId));
      expect(reports).toHaveLength(1);
      expect(String(reports[0]![0])).toContain("step threw");
      expect(reports[0]![1]).toMatchObject({ message: "a bug in one tick" });
      await waitFor(() => (matchMaker.getLocalRoomById(broken.roomId) ? undefined : true), 5000, "the broken room to be disposed");
    } finally {
      errors.mockRestore();
    }
    await neighbour.leave();
  });

  it("closes only the room whose message handler or patch throws", async () => {
    const byMessage = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "a", seat: "N2" });
    const byPatch = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "b", seat: "N2" });
    const neighbour = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "c", seat: "N2" });
    for (const room of [byMessage, byPatch, neighbour]) {
      room.send("control", { kind: "start" });
      await until(room, () => (room.state as any).phase === "running", 5000, "running");
    }
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const messageRoom = matchMaker.getLocalRoomById(byMessage.roomId) as any;
      messageRoom.session.act = () => {
        throw new Error("a bug in a handler");
      };
      const patchRoom = matchMaker.getLocalRoomById(byPatch.roomId) as any;
      patchRoom.projector.sync = () => {
        throw new Error("a bug in a projection");
      };
      const leftByMessage = leaveCode(byMessage);
      const leftByPatch = leaveCode(byPatch);
      const refused = collect(byMessage, "refused");
      byMessage.send("act", { action: "sendNote", params: { seq: 0 }, seq: 5 });
      expect(await leftByMessage).toBe(CLOSE_ROOM_FAILED);
      expect(await leftByPatch).toBe(CLOSE_ROOM_FAILED);
      expect(refused.find((r) => r.seq === 5)).toMatchObject({ code: "server-error" });
      await stillPlays(neighbour, 1);
      for (const [room, what] of [[byMessage, "a bug in a handler"], [byPatch, "a bug in a projection"]] as const) {
        const reports = errors.mock.calls.filter((args) => String(args[0]).includes(room.roomId));
        expect(reports).toHaveLength(1);
        expect(reports[0]![1]).toMatchObject({ message: what });
      }
    } finally {
      errors.mockRestore();
    }
    await neighbour.leave();
  });
});
