/**
 * A dropped connection: the seat is held and the level's correct bot runs the node meanwhile
 * ("$control" bot in the input log); reconnecting within the hold gives back the same seat,
 * the same private view and the player's autopilot chores. After the hold, the bot keeps it.
 */
import { matchMaker } from "@colyseus/core";
import type { Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import type { GameSession } from "../../server/rooms/game-session.js";
import { collect, sleep, startRoomServer, until, waitFor, type RoomServer } from "./room-helpers.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer({ rooms: { holdSeconds: 2 } });
});
afterAll(async () => {
  await rs?.close();
});

function sessionOf(roomId: string): GameSession {
  return (matchMaker.getLocalRoomById(roomId) as unknown as { session: GameSession }).session;
}

function dropSocket(room: Room): void {
  (room.connection as any).transport.ws.close();
}

async function startSolo(nickname: string): Promise<Room> {
  const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname });
  const accepted = collect(room, "accepted");
  room.send("control", { kind: "autopilot", chore: "auto-retry", on: true, seq: 1 });
  await waitFor(() => accepted[0], 5000, "the autopilot toggle");
  return room;
}

describe("reconnection", () => {
  it("within the hold: a bot runs the node meanwhile, then the same seat, view and chores come back", async () => {
    const room = await startSolo("dropper");
    const session = sessionOf(room.roomId);
    const token = room.reconnectionToken;
    dropSocket(room);
    await waitFor(() => (session.seats.seat("N1")!.status === "held" ? true : undefined), 5000, "the seat to be held");
    expect(session.world.nodes.N1!.controller).toEqual({ kind: "bot", policy: "correct" });
    const heldAtTick = session.world.tick;
    await sleep(500);
    expect(session.world.tick).toBeGreaterThan(heldAtTick); // the game went on, run by the bot

    const back = await rs.client().reconnect(token);
    const welcome = collect(back, "welcome");
    expect(back.sessionId).toBe(room.sessionId);
    await waitFor(() => welcome[0], 5000, "the welcome back");
    expect(welcome[0]).toMatchObject({ node: "N1", sessionId: room.sessionId });
    expect(session.seats.seat("N1")!.status).toBe("human");
    expect(session.world.nodes.N1!.controller).toEqual({ kind: "human", autopilot: ["auto-retry"] });
    // The StateView came along: the private view keeps arriving on the new socket.
    const tick = (back.state as any).tick;
    await until(back, () => (back.state as any).tick > tick && JSON.parse((back.state as any).seats.get("N1").priv.controller).kind === "human", 5000, "private view after reconnecting");
    const controls = session.world.inputs.filter((i) => i.action === "$control").map((i) => (i.params as { controller: string }).controller);
    expect(controls).toEqual(["human", "bot", "human"]);
    await back.leave();
  });

  it("after the hold: the bot keeps the node and the token no longer works", async () => {
    const room = await startSolo("gone");
    const session = sessionOf(room.roomId);
    const token = room.reconnectionToken;
    dropSocket(room);
    await waitFor(() => (session.seats.seat("N1")!.status === "open" ? true : undefined), 6000, "the hold to run out");
    expect(session.world.nodes.N1!.controller.kind).toBe("bot");
    await expect(rs.client().reconnect(token)).rejects.toThrow();
  });
});
