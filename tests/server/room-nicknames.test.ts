/**
 * One nickname must not pass for another on the shared screen or a leaderboard (issue 11 item
 * 7): `alice` + U+200B and a Cyrillic `а` in `alice` were accepted. Through a real join: such
 * names are refused with a sentence, and a full-width `ａｌｉｃｅ` is kept as `alice` (NFKC).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { JOIN_ERROR } from "../../server/rooms/join-options.js";
import { startRoomServer, until, type RoomServer } from "./room-helpers.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
});
afterAll(async () => {
  await rs?.close();
});

async function refusal(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; message: string };
  }
  throw new Error("the join was expected to fail");
}

describe("nicknames", () => {
  it("refuses invisible characters and mixed alphabets, and keeps the NFKC form", async () => {
    const host = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "alice" });
    for (const [nickname, words] of [
      ["alice\u200b", /invisible/],
      ["\u0430lice", /mixes alphabets/],
      ["bob\u2800", /invisible/],
    ] as const) {
      const refused = await refusal(rs.client().joinById(host.roomId, { nickname }));
      expect(refused.code, JSON.stringify(nickname)).toBe(JOIN_ERROR.badOptions);
      expect(refused.message).toMatch(words);
    }
    const wide = await rs.client().joinById(host.roomId, { nickname: "ｂｏｂ" });
    await until(host, () => (host.state as any).seats.get("N2")?.nickname === "bob", 5000, "bob, in NFKC form");
    await wide.leave();
    await host.leave();
  });
});
