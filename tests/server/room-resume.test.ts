/**
 * A game in progress survives a server restart: the room writes its snapshot (inputs, tick,
 * seats with their resume secrets) to the store; a new server on the same store rebuilds the
 * world by replaying the inputs up to the stored tick, holds every seat, and gives each back to
 * whoever presents its resume secret. The clock resumes where it stood, the game plays to its
 * end, the stored result replays to its hash, and the snapshot is then forgotten.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import { afterAll, describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { GameSession } from "../../server/rooms/game-session.js";
import { JOIN_ERROR, parsePlayerOptions, parseRoomOptions } from "../../server/rooms/join-options.js";
import { CLOSE_SERVER_RESTART } from "../../server/rooms/LevelRoom.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import { RESUME_SECRET_PATTERN, newResumeSecret, type LiveGame, type Store } from "../../server/store/store.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { replay } from "../../shared/sim/replay.js";
import { collect, playHello, startRoomServer, waitFor, createTestClass } from "./room-helpers.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "split-brain-resume-"));
const file = path.join(dataDir, "split-brain.sqlite");
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const LEVEL_ID = "l00-hello-network";
const levels = loadLevels();
const level = levels.find((l) => l.id === LEVEL_ID)!;

/** Polls the store's games in progress until `cond` holds (true) or time runs out (false). */
async function pollLive(store: Store, cond: (games: LiveGame[]) => boolean, timeoutMs = 5000): Promise<boolean> {
  const startMs = Date.now();
  while (Date.now() - startMs < timeoutMs) {
    if (cond(await store.liveGames())) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return cond(await store.liveGames());
}

function sessionOf(roomId: string): GameSession {
  return (matchMaker.getLocalRoomById(roomId) as unknown as { session: GameSession }).session;
}

describe("a game in progress across a server restart", () => {
  it("comes back: same seat by resume secret, clock from the stored tick, inputs kept, played to an end that replays", async () => {
    const store1 = openSqliteStore({ path: file });
    const first = await startRoomServer({ store: store1 });
    await createTestClass(store1, "MATH-7B");
    const port = first.server.port;
    const client = first.client();
    const room = await client.create(LEVEL_ROOM_NAME, { levelId: LEVEL_ID, mode: "solo", nickname: "phoenix", classCode: "math-7b", speed: 10, seed: 11 });
    const welcomes = collect(room, "welcome");
    const accepted = collect(room, "accepted");
    room.send("control", { kind: "autopilot", chore: "auto-retry", on: true, seq: 900 });
    playHello(room, "N1", "sender");
    const welcome = await waitFor(() => welcomes[0], 5000, "the welcome");
    expect(welcome.resume).toMatch(RESUME_SECRET_PATTERN);
    // A few actions in, well before the end (900 ticks).
    await waitFor(() => (accepted.length >= 3 && (room.state as any).tick >= 100 ? true : undefined), 10_000, "a few accepted actions");
    const session1 = sessionOf(room.roomId);
    expect(session1.world.inputs.some((i) => i.node === "N1" && i.action === "sendNote")).toBe(true);
    // Written while running (at the start, then as the game goes), not only on shutdown.
    const written = await pollLive(store1, (games) => games.some((g) => g.roomId === room.roomId && g.tick > 0 && g.inputs.length > 0));
    expect(written).toBe(true);
    const left = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));

    // Stop the server (rooms, sockets, HTTP) and the store, as `npm start` does on SIGTERM.
    await first.close();
    await store1.close();
    expect(await left).toBe(CLOSE_SERVER_RESTART); // not "consented": the client tries to come back
    const store2 = openSqliteStore({ path: file });
    const [saved] = await store2.liveGames();
    expect(saved).toMatchObject({ roomId: room.roomId, levelId: LEVEL_ID, seed: 11, speedTicks: 10, seats: [{ node: "N1", nickname: "phoenix", classCode: "MATH-7B", resumeSecret: welcome.resume }] });
    expect(saved!.tick).toBeGreaterThanOrEqual(100);
    expect(saved!.inputs.length).toBeGreaterThanOrEqual(3);

    // A new server on the same store and port: the game is back under the same code.
    const second = await startRoomServer({ store: store2, port });
    try {
      const session2 = sessionOf(room.roomId);
      expect(session2.world.tick).toBeGreaterThanOrEqual(saved!.tick);
      expect(session2.seats.seat("N1")).toMatchObject({ status: "held", nickname: "phoenix" });
      expect(session2.world.nodes.N1!.controller.kind).toBe("bot"); // the bot runs it meanwhile

      // The old reconnection token is worthless now; a wrong secret is refused, clearly.
      await expect(client.reconnect(room.reconnectionToken)).rejects.toThrow();
      await expect(client.joinById(room.roomId, { resume: newResumeSecret() })).rejects.toMatchObject({ code: JOIN_ERROR.forbidden, message: expect.stringMatching(/resume secret does not match/) });
      await expect(client.joinById(room.roomId, { resume: "not-a-secret" })).rejects.toMatchObject({ code: JOIN_ERROR.badOptions, message: expect.stringMatching(/resume/) });

      // The right secret, on the same colyseus.js client: the fallback room-client.ts takes.
      const back = await client.joinById(room.roomId, { resume: welcome.resume, nickname: "phoenix" });
      const welcomesBack = collect(back, "welcome");
      const debriefs = collect(back, "debrief");
      const ticks: number[] = [];
      back.onStateChange((state: any) => ticks.push(state.tick));
      expect(await waitFor(() => welcomesBack[0], 5000, "the welcome back")).toMatchObject({ node: "N1", resume: welcome.resume, joinCode: room.roomId });
      expect(session2.seats.seat("N1")).toMatchObject({ status: "human", sessionId: back.sessionId });
      expect(session2.world.nodes.N1!.controller).toEqual({ kind: "human", autopilot: ["auto-retry"] });
      // The clock did not jump back to 0: the first state this client sees is past the stored tick.
      await waitFor(() => ticks[0], 5000, "a patch");
      expect(ticks[0]).toBeGreaterThanOrEqual(saved!.tick);
      // Used once, the secret takes nothing more (the seat is taken; a solo room is also full).
      await expect(second.client().joinById(room.roomId, { resume: welcome.resume })).rejects.toThrow();

      playHello(back, "N1", "sender")();
      const debrief = await waitFor(() => debriefs[0], 30_000, "the debrief");
      // Everything played before the restart is in the game's log, in order, then the hand-overs.
      expect(debrief.inputs.slice(0, saved!.inputs.length)).toEqual(saved!.inputs);
      const controls = (debrief.inputs as InputRecord[]).slice(saved!.inputs.length).filter((i) => i.action === "$control").map((i) => (i.params as { controller: string }).controller);
      expect(controls.slice(0, 2)).toEqual(["bot", "human"]);
      // The stored result is the whole game, and it replays to its hash.
      const result = await store2.getResult(debrief.resultId);
      expect(result).toMatchObject({ nickname: "phoenix", classCode: "MATH-7B", seed: 11, hash: debrief.hash });
      expect(replay(level, TEST_CATALOG, result!.seed, result!.inputs as InputRecord[], result!.playMode).hash).toBe(result!.hash);
      // Ended: nothing is left to resume (deleted right after the results were stored).
      expect(await pollLive(store2, (games) => games.length === 0)).toBe(true);
      await back.leave();
    } finally {
      await second.close();
      await store2.close();
    }
  });
});

describe("forgetting a game in progress", () => {
  it("when its only player leaves", async () => {
    const rs = await startRoomServer();
    try {
      const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: LEVEL_ID, mode: "solo", nickname: "quitter", speed: 2 });
      expect(await pollLive(rs.store, (games) => games.some((g) => g.roomId === room.roomId))).toBe(true);
      await room.leave();
      expect(await pollLive(rs.store, (games) => games.length === 0)).toBe(true);
    } finally {
      await rs.close();
    }
  });

  it("when nobody comes back within the restart hold", async () => {
    const store1 = openSqliteStore({ path: path.join(dataDir, "hold.sqlite") });
    const first = await startRoomServer({ store: store1 });
    const room = await first.client().create(LEVEL_ROOM_NAME, { levelId: LEVEL_ID, mode: "solo", nickname: "absent", speed: 2 });
    expect(await pollLive(store1, (games) => games.length === 1)).toBe(true);
    await first.close();
    const second = await startRoomServer({ store: store1, rooms: { restoreHoldSeconds: 1 } });
    try {
      expect(matchMaker.getLocalRoomById(room.roomId)).toBeDefined();
      expect(await pollLive(store1, (games) => games.length === 0, 5000)).toBe(true);
      expect(matchMaker.getLocalRoomById(room.roomId)).toBeUndefined();
    } finally {
      await second.close();
      await store1.close();
    }
  });
});

describe("GameSession.restore (no sockets)", () => {
  it("replays to the stored tick, holds the seat, and gives it only to the right secret, once", () => {
    const store = openSqliteStore({ path: ":memory:" });
    const options = parseRoomOptions({ levelId: LEVEL_ID, mode: "team", seed: 3 }, { levels, testSpeedAllowed: true, serverSecret: "test" });
    if (!options.ok) throw new Error(options.error.message);
    const live1 = new GameSession(options.value, store);
    expect(live1.join("ada", { nickname: "ada", classCode: null, spectate: false, seat: "N2" }).ok).toBe(true);
    expect(live1.start("ada").ok).toBe(true);
    live1.advance(40);
    expect(live1.setAutopilot("ada", "auto-retry", true).ok).toBe(true);
    live1.advance(25);
    const snapshot = live1.liveGame("ROOM42");
    const secret = snapshot.seats[0]!.resumeSecret;
    expect(snapshot).toMatchObject({ roomId: "ROOM42", tick: 65, mode: "team", seats: [{ node: "N2", nickname: "ada" }] });

    const restored = GameSession.restore(options.value, store, snapshot);
    expect(restored.world.tick).toBe(65);
    expect(restored.phase).toBe("running");
    // Same world: the replayed prefix of the log is the live one.
    expect(restored.world.inputs.slice(0, snapshot.inputs.length)).toEqual(snapshot.inputs);
    expect(restored.world.nodes.N2!.controller.kind).toBe("bot");

    const as = (resume: string) => {
      const parsed = parsePlayerOptions({ resume });
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.value;
    };
    expect(restored.checkJoin(as(newResumeSecret()))).toMatchObject({ ok: false, error: { code: JOIN_ERROR.forbidden } });
    expect(restored.join("bo", as(newResumeSecret())).ok).toBe(false);
    const back = restored.join("ada-again", as(secret));
    expect(back).toMatchObject({ ok: true, value: { node: "N2", nickname: "ada" } });
    // The chores the player had handed to the autopilot come back with the seat.
    expect(restored.world.nodes.N2!.controller).toEqual({ kind: "human", autopilot: ["auto-retry"] });
    // Never twice.
    expect(restored.join("thief", as(secret))).toMatchObject({ ok: false, error: { code: JOIN_ERROR.forbidden } });
    expect(restored.seats.seat("N2")!.sessionId).toBe("ada-again");
    void store.close();
  });

  it("opens seats nobody reclaimed when the restart hold runs out", () => {
    const store = openSqliteStore({ path: ":memory:" });
    const options = parseRoomOptions({ levelId: LEVEL_ID, mode: "solo", seed: 4 }, { levels, testSpeedAllowed: true, serverSecret: "test" });
    if (!options.ok) throw new Error(options.error.message);
    const live = new GameSession(options.value, store);
    live.join("p", { nickname: "p", classCode: null, spectate: false, seat: null });
    live.advance(10);
    const snapshot = live.liveGame("ROOM43");
    const restored = GameSession.restore(options.value, store, snapshot);
    restored.expireRestoredSeats();
    expect(restored.seats.seat("N1")!.status).toBe("open");
    expect(restored.liveGame("ROOM43").seats).toEqual([]);
    const resume = snapshot.seats[0]!.resumeSecret;
    expect(restored.checkJoin({ nickname: "", classCode: null, spectate: false, seat: null, resume })).toMatchObject({ ok: false, error: { code: JOIN_ERROR.forbidden } });
    void store.close();
  });
});
