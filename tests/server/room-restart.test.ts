/**
 * Results survive a server restart: play a solo game to the end on a server whose store is an
 * SQLite file, stop the server and close the store, start a new server on the same file, and
 * read the result back through the leaderboard and the results API.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import { afterAll, describe, expect, it } from "vitest";
import type { LiveGame } from "../../server/store/store.js";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import { collect, playHello, startRoomServer, waitFor } from "./room-helpers.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "split-brain-restart-"));
const file = path.join(dataDir, "split-brain.sqlite");
const crashFile = path.join(dataDir, "crashed.sqlite");
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("server restart", () => {
  it("keeps finished results (SQLite WAL file)", async () => {
    const store1 = openSqliteStore({ path: file });
    const first = await startRoomServer({ store: store1 });
    const room = await first.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "survivor", speed: 40 });
    const debriefs = collect(room, "debrief");
    room.send("control", { kind: "autopilot", chore: "auto-retry", on: true });
    playHello(room, "N1", "sender");
    const debrief = await waitFor(() => debriefs[0], 30_000, "the debrief");
    const secret = await store1.serverSecret();
    await room.leave();
    await first.close();
    await store1.close();

    const store2 = openSqliteStore({ path: file });
    const second = await startRoomServer({ store: store2 });
    try {
      const board = (await (await fetch(`${second.server.url}/api/leaderboards/l00-hello-network`)).json()) as { rows: { nickname: string; score: number }[] };
      expect(board.rows).toEqual([expect.objectContaining({ nickname: "survivor", score: debrief.verdict.score })]);
      const result = (await (await fetch(`${second.server.url}/api/results/${debrief.resultId}`)).json()) as { hash: string; seed: number };
      // This week's board's seed, from the secret kept in the store: the same after the restart.
      expect(result).toMatchObject({ hash: debrief.hash, seed: debrief.seed });
      expect(await store2.serverSecret()).toBe(secret);
    } finally {
      await second.close();
      await store2.close();
    }
  });

  it("does not bring back (nor store twice) a game whose results were stored before a crash", async () => {
    const store1 = openSqliteStore({ path: crashFile });
    const first = await startRoomServer({ store: store1 });
    const room = await first.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "twice", speed: 40, seed: 9 });
    const debriefs = collect(room, "debrief");
    room.send("control", { kind: "autopilot", chore: "auto-retry", on: true });
    playHello(room, "N1", "sender");
    // The snapshot the room keeps while the game runs.
    let snapshot: LiveGame | undefined;
    const watch = setInterval(() => void store1.liveGames().then((games) => (snapshot = games[0] ?? snapshot)), 20);
    const debrief = await waitFor(() => debriefs[0], 30_000, "the debrief").finally(() => clearInterval(watch));
    expect(snapshot, "a snapshot of the running game").toBeDefined();
    expect(await store1.liveGames()).toEqual([]);
    await room.leave();
    await first.close();
    // The crash of the old two-write end: results stored, the snapshot never deleted.
    await store1.saveLiveGame(snapshot!);
    await store1.close();

    const store2 = openSqliteStore({ path: crashFile });
    const second = await startRoomServer({ store: store2 });
    try {
      expect(matchMaker.getLocalRoomById(snapshot!.roomId)).toBeUndefined();
      expect(await store2.liveGames()).toEqual([]);
      const results = await store2.allResults({ limit: 10 });
      expect(results.map((r) => r.id)).toEqual([debrief.resultId]);
    } finally {
      await second.close();
      await store2.close();
    }
  });
});
