/**
 * Parallel seats over real sockets: three players gather in one room of l02 (a level of one
 * seat, seats.parallel 8), the creator starts, and each player gets a game of their own (same
 * level version and seed, on the room's board), plays it, and gets their own result; the room
 * shows how far each player is. A dropped connection comes back to its own gauntlet.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "colyseus.js";
import { JOIN_ERROR } from "../../server/rooms/join-options.js";
import { PARALLEL_ROOM_NAME, type ParallelView } from "../../server/rooms/ParallelRoom.js";
import { weekBoard } from "../../server/rooms/board.js";
import { collect, joinError, sleep, startRoomServer, until, waitFor, type RoomServer, latest } from "./room-helpers.js";

const LEVEL = "l02-fallacy-gauntlet";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
});
afterAll(async () => {
  await rs?.close();
});

const playerId = (name: string) => `${name}-browser-`.padEnd(22, "0");

describe("parallel seats", () => {
  it("refuses a level without parallel seats, and spectators", async () => {
    expect((await joinError(rs.client().create(PARALLEL_ROOM_NAME, { levelId: "l00-hello-network", nickname: "ana" }))).message).toMatch(/no parallel seats/);
    const room = await rs.client().create(PARALLEL_ROOM_NAME, { levelId: LEVEL, nickname: "ana" });
    expect((await joinError(rs.client().joinById(room.roomId, { spectate: true }))).code).toBe(JOIN_ERROR.forbidden);
    await room.leave();
  });

  it("three players in one room: a game each, started together, a result each on one board, and a dropped player back in their own game", async () => {
    const names = ["ana", "ben", "cleo"];
    const halls: Room[] = [await rs.client().create(PARALLEL_ROOM_NAME, { levelId: LEVEL, nickname: "ana", playerId: playerId("ana"), speed: 25 })];
    const code = halls[0]!.roomId;
    for (const nickname of names.slice(1)) halls.push(await rs.client().joinById(code, { nickname, playerId: playerId(nickname) }));
    const games = halls.map((h) => collect<{ code: string; pass: string }>(h, "game"));
    const views = halls.map((h) => latest<ParallelView>(h, "view"));
    const replies = halls.map((h) => collect<{ seq: number; ok: boolean; message: string }>(h, "reply"));
    await waitFor(() => (views[2]!.value?.players.length === 3 ? true : undefined), 5000, "three players in the room's view");
    expect(views[2]!.value).toMatchObject({ levelId: LEVEL, phase: "lobby", playersMax: 8 });
    expect(views[2]!.value!.players.map((p) => [p.nickname, p.facilitator])).toEqual([["ana", true], ["ben", false], ["cleo", false]]);

    // Only the creator starts.
    halls[1]!.send("control", { kind: "start", seq: 1 });
    expect((await waitFor(() => replies[1]![0], 5000, "ben's refusal")).message).toMatch(/Only the facilitator/);

    halls[0]!.send("control", { kind: "start", seq: 2 });
    const passes = await Promise.all(games.map((g, i) => waitFor(() => g[0], 8000, `${names[i]}'s game`)));
    expect(new Set(passes.map((p) => p.code)).size).toBe(3);
    // Nobody gets into another's game without its pass, nor after the start into the room.
    expect((await joinError(rs.client().joinById(passes[0]!.code, { nickname: "mallory" }))).code).toBe(JOIN_ERROR.forbidden);
    expect((await joinError(rs.client().joinById(code, { nickname: "late" }))).code).toBe(JOIN_ERROR.gameOver);

    const rooms = await Promise.all(passes.map((p, i) => rs.client().joinById(p.code, { nickname: names[i], pass: p.pass, playerId: playerId(names[i]!) })));
    const debriefs = rooms.map((r) => collect(r, "debrief"));
    expect((await waitFor(() => replies[0]!.find((r) => r.seq === 2), 15_000, "the start's reply")).ok).toBe(true);
    for (const room of rooms) await until(room, () => (room.state as any).phase === "running", 8000, "a running game");
    // Each plays seat S of their own game, started together: by the time all run, each is a human's.
    for (const [i, room] of rooms.entries()) expect((room.state as any).seats.get("S")).toMatchObject({ nickname: names[i], status: "human", controller: "human" });

    // Ana chooses in round 1; the others leave S as it is: their games differ by her choice only.
    await until(rooms[0]!, () => (rooms[0]!.state as any).tick > 60, 8000, "round 1");
    rooms[0]!.send("act", { action: "reliable", params: { setting: "retry-key" }, seq: 7 });

    // Ben drops mid-game and comes back with his connection's token: his own gauntlet, his seat.
    const token = rooms[1]!.reconnectionToken;
    (rooms[1]!.connection as any).transport.ws.close();
    await sleep(300);
    const back = await rs.client().reconnect(token);
    const benDebriefs = collect(back, "debrief");
    expect(back.roomId).toBe(passes[1]!.code);
    await until(back, () => (back.state as any)?.seats?.get("S")?.status === "human", 5000, "ben's seat his again");

    // Cleo's page reloads: she comes back to the room with her game's pass, and is sent her game
    // again; she is still one player (no new place), and a made-up pass opens nothing.
    (halls[2]!.connection as any).transport.ws.close();
    const cleoAgain = await rs.client().joinById(code, { nickname: "cleo", pass: passes[2]!.pass });
    const cleoGames = collect<{ code: string; pass: string }>(cleoAgain, "game");
    const cleoViews = latest<ParallelView>(cleoAgain, "view");
    expect((await waitFor(() => cleoGames[0], 5000, "cleo's game again")).code).toBe(passes[2]!.code);
    expect((await joinError(rs.client().joinById(code, { nickname: "mallory", pass: "C".repeat(22) }))).code).toBe(JOIN_ERROR.gameOver);
    halls[2] = cleoAgain;
    views[2] = cleoViews;

    // The room shows how far each player is, live.
    await waitFor(() => (views[0]!.value?.phase === "running" && views[0]!.value.players.every((p) => p.game && p.game.tick > 0) ? true : undefined), 8000, "progress of every game");
    expect(views[0]!.value!.players.map((p) => p.nickname)).toEqual(names);

    const ends = await Promise.all([0, 1, 2].map((i) => waitFor(() => (i === 1 ? benDebriefs[0] : debriefs[i]![0]), 60_000, `${names[i]}'s debrief`)));
    for (const d of ends) expect(d).toMatchObject({ levelId: LEVEL, seed: ends[0].seed, mode: "team" });
    expect(ends[0].inputs.some((i: any) => i.action === "reliable")).toBe(true);
    expect(ends[2].inputs.some((i: any) => i.action === "reliable")).toBe(false);
    // Ben's game logged his drop and return; the others did not.
    const controls = (d: any) => d.inputs.filter((i: any) => i.action === "$control").map((i: any) => i.params.controller);
    expect(controls(ends[1])).toEqual(["human", "bot", "human"]);
    expect(controls(ends[2])).toEqual(["human"]);

    // A result each, on the room's board (this week's, as a team room's), one board for all three.
    const week = weekBoard(new Date());
    const stored = await Promise.all(ends.map(async (d) => (await rs.store.getResult(d.resultId))!));
    expect(new Set(stored.map((r) => r.id)).size).toBe(3);
    for (const [i, r] of stored.entries()) expect(r).toMatchObject({ board: week, nickname: names[i], seatNode: "S", playerId: playerId(names[i]!) });
    const board = await rs.store.leaderboard(LEVEL, { board: week, limit: 10 });
    expect(board.map((row) => row.resultId).sort()).toEqual(stored.map((r) => r.id).sort());

    // The room ends with its last game, every player's result in its view.
    await waitFor(() => (views[2]!.value?.phase === "ended" ? true : undefined), 8000, "the room's end");
    expect(views[2]!.value!.players.map((p) => p.game?.result?.resultId)).toEqual(stored.map((r) => r.id));
    for (const room of [...rooms.filter((_, i) => i !== 1), back, ...halls]) await room.leave().catch(() => undefined);
  }, 90_000);
});
