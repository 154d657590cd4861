// Leaderboard boards and classes through real rooms (issue 11 item 7): a board's seed comes from
// the server's secret, a chosen seed is on no board, an unknown class is refused at create and at
// join, and the browser's player id reaches the stored result.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { JOIN_ERROR } from "../../server/rooms/join-options.js";
import { boardSeed, classBoard, weekBoard } from "../../server/rooms/board.js";
import { collect, createTestClass, playHello, startRoomServer, until, waitFor, type RoomServer } from "./room-helpers.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
  await createTestClass(rs.store, "PHYS-3B");
});
afterAll(async () => {
  await rs?.close();
});

const PLAYER_ID = "ada-browser-0123456789";

async function playSolo(options: Record<string, unknown>) {
  const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "Ada", speed: 20, ...options });
  const debriefs = collect(room, "debrief");
  await until(room, () => (room.state as any).phase === "running", 5000, "running");
  room.send("control", { kind: "autopilot", chore: "auto-retry", on: true, seq: 1000 });
  playHello(room, "N1", "sender");
  const debrief = await waitFor(() => debriefs[0], 30_000, "the debrief");
  await room.leave();
  return { debrief, stored: (await rs.store.getResult(debrief.resultId))! };
}

describe("boards", () => {
  it("plays this week's board on a seed derived from the server's secret, revealed in the debrief", async () => {
    const secret = await rs.store.serverSecret();
    const { debrief, stored } = await playSolo({ playerId: PLAYER_ID });
    const week = weekBoard(new Date());
    expect(stored).toMatchObject({ board: week, playerId: PLAYER_ID, classCode: null });
    expect(debrief.seed).toBe(boardSeed(secret, week, "l00-hello-network"));
    const board = await rs.store.leaderboard("l00-hello-network", { board: week, limit: 10 });
    expect(board.map((r) => r.resultId)).toContain(stored.id);
  });

  it("plays a class's board on the class's own seed", async () => {
    const secret = await rs.store.serverSecret();
    const { debrief, stored } = await playSolo({ classCode: "phys-3b" });
    expect(stored).toMatchObject({ board: classBoard("PHYS-3B"), classCode: "PHYS-3B", playerId: null });
    expect(debrief.seed).toBe(boardSeed(secret, "class-PHYS-3B", "l00-hello-network"));
  });

  it("puts a game on a chosen seed on no board", async () => {
    const { stored } = await playSolo({ seed: 5 });
    expect(stored.board).toBeNull();
  });

  it("refuses an unknown class at create and at join, and a malformed player id", async () => {
    await expect(rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "Ada", classCode: "NOPE-1" })).rejects.toMatchObject({
      code: JOIN_ERROR.unknownClass,
      message: expect.stringMatching(/no class NOPE-1.*teacher/),
    });
    const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "Host" });
    await expect(rs.client().joinById(room.roomId, { nickname: "Bea", classCode: "NOPE-2" })).rejects.toMatchObject({ code: JOIN_ERROR.unknownClass });
    await expect(rs.client().joinById(room.roomId, { nickname: "Bea", playerId: "short" })).rejects.toMatchObject({ code: JOIN_ERROR.badOptions, message: expect.stringMatching(/playerId/) });
    const ok = await rs.client().joinById(room.roomId, { nickname: "Bea", classCode: "PHYS-3B", playerId: PLAYER_ID });
    await ok.leave();
    await room.leave();
  });
});
