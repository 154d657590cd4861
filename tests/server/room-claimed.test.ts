/**
 * A process taken for dead while it was only stalled: another process claimed one of its saved
 * games (Store.claimLiveGame) and runs it now. The stalled process's next save finds the game
 * no longer its own: it closes its copy like a server restart (4503, so the players' pages look
 * for the game again and find the new owner), leaves the saved game and its join code alone,
 * and writes nothing more.
 */
import { matchMaker } from "@colyseus/core";
import { describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { joinCodeInUse } from "../../server/rooms/join-code.js";
import { CLOSE_SERVER_RESTART } from "../../server/rooms/LevelRoom.js";
import { startRoomServer, waitFor } from "./room-helpers.js";

describe("a game claimed by another process", () => {
  it("is closed here with 4503, and its snapshot and code are left to the new owner", async () => {
    const rs = await startRoomServer();
    const errors: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(" "));
    try {
      const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "stalled", speed: 2 });
      room.onMessage("*", () => undefined);
      room.send("control", { kind: "start" });
      const left = new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
      const self = rs.server.upkeep.processId;
      // Saved with this process as its owner (the game runs from its first tick).
      let owned = false;
      for (let i = 0; i < 100 && !owned; i++) {
        owned = (await rs.store.orphanedLiveGames(60_000, self)).some((o) => o.game.roomId === room.roomId && o.owner === self);
        if (!owned) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(owned).toBe(true);
      // Another process claims it (it took this one for dead).
      await rs.store.heartbeat("other-process");
      expect(await rs.store.claimLiveGame(room.roomId, self, "other-process")).toBe(true);
      expect(await left).toBe(CLOSE_SERVER_RESTART);
      await waitFor(() => (matchMaker.getLocalRoomById(room.roomId) ? undefined : true), 5000, "the room closed here");
      const [saved] = await rs.store.liveGames();
      expect(saved?.roomId).toBe(room.roomId);
      expect(await rs.store.orphanedLiveGames(60_000)).toEqual([]);
      expect(await joinCodeInUse(matchMaker.presence, room.roomId)).toBe(true);
      expect(errors.some((e) => /another process has claimed this game/.test(e))).toBe(true);
    } finally {
      console.error = consoleError;
      await rs.close();
    }
  });
});
