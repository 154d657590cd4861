/**
 * A refused create must leave nothing running. Colyseus starts a room's patch timer before
 * onCreate runs; when onCreate refused (or was still awaiting), that timer projected a session
 * that did not exist, and the TypeError ended the process ~100 ms later, with every game in it.
 * Here: 50 malformed creates against a server in its own process, which must still be alive and
 * play a whole game; and, in process, creates whose onCreate is slowed by a slow presence.
 */
import { Client } from "colyseus.js";
import { matchMaker } from "@colyseus/core";
import { afterAll, describe, expect, it, vi } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { JOIN_CODE_PATTERN, joinCodeInUse } from "../../server/rooms/join-code.js";
import { LevelRoom } from "../../server/rooms/LevelRoom.js";
import { collect, playHello, sleep, startRoomServer, until, waitFor } from "./room-helpers.js";
import { startServerChild, type ServerChild } from "./server-child.js";

const LEVEL_ID = "l00-hello-network";

/** Bodies the create endpoint must refuse: no level, unknown level, bad seeds/speeds/modes, restoreId. */
const MALFORMED: string[] = [
  "{}",
  "null",
  "[]",
  '"level"',
  "{not json",
  JSON.stringify({ levelId: "no-such-level" }),
  JSON.stringify({ levelId: 42 }),
  JSON.stringify({ levelId: LEVEL_ID, seed: -1 }),
  JSON.stringify({ levelId: LEVEL_ID, seed: 1.5 }),
  JSON.stringify({ levelId: LEVEL_ID, seed: { x: 1 } }),
  JSON.stringify({ levelId: LEVEL_ID, seed: "" }),
  JSON.stringify({ levelId: LEVEL_ID, speed: 100_000 }),
  JSON.stringify({ levelId: LEVEL_ID, speed: -1 }),
  JSON.stringify({ levelId: LEVEL_ID, mode: "duel" }),
  JSON.stringify({ levelId: LEVEL_ID, playMode: 3 }),
  JSON.stringify({ levelId: LEVEL_ID, listed: "yes" }),
  JSON.stringify({ restoreId: "ABCDEF" }),
  JSON.stringify({ restoreId: "ABCDEF", levelId: LEVEL_ID }),
  JSON.stringify({ levelId: LEVEL_ID, seed: 2 ** 40 }),
];

const children: ServerChild[] = [];
afterAll(async () => {
  for (const child of children) await child.stop();
});

async function postCreate(url: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/matchmake/create/${LEVEL_ROOM_NAME}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  return { status: res.status, text: await res.text() };
}

/** A solo l00 game at test speed, from create to debrief, through real sockets. */
async function playSoloGame(client: Client): Promise<{ resultId: string }> {
  const room = await client.create(LEVEL_ROOM_NAME, { levelId: LEVEL_ID, mode: "solo", nickname: "after", seed: 7, speed: 20 });
  const debriefs = collect(room, "debrief");
  await until(room, () => (room.state as any).phase === "running", 5000, "running");
  room.send("control", { kind: "autopilot", chore: "auto-retry", on: true, seq: 1000 });
  playHello(room, "N1", "sender");
  const debrief = await waitFor(() => debriefs[0], 30_000, "the debrief");
  await room.leave();
  return debrief;
}

describe("refused creates", () => {
  it("50 malformed creates leave the process alive, and a normal game then plays to its end", async () => {
    const server = await startServerChild();
    children.push(server);
    // A game already running must survive the refusals too.
    const bystander = await new Client(`ws://127.0.0.1:${server.port}`).create(LEVEL_ROOM_NAME, { levelId: LEVEL_ID, mode: "team", nickname: "bystander" });
    for (let i = 0; i < 50; i++) {
      const { status, text } = await postCreate(server.url, MALFORMED[i % MALFORMED.length]!);
      // Colyseus answers a refusal with 200 and { code, error }.
      const refused = status >= 400 || /"error"/.test(text);
      expect(refused, `create #${i} with ${MALFORMED[i % MALFORMED.length]} answered ${status} ${text}`).toBe(true);
    }
    // The crash came ~100 ms after the refusal, from a patch timer: give every timer its chance.
    await sleep(1500);
    expect(server.alive(), `the server process died:\n${server.output().slice(-2000)}`).toBe(true);
    const tick = (bystander.state as any).tick as number;
    bystander.send("control", { kind: "start" });
    await until(bystander, () => (bystander.state as any).tick > tick + 3, 5000, "the bystander's game to run");
    const debrief = await playSoloGame(new Client(`ws://127.0.0.1:${server.port}`));
    expect(debrief.resultId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(server.alive()).toBe(true);
    await bystander.leave();
  }, 90_000);

  it("a create whose onCreate is slow (a slow presence) neither crashes nor leaks, refused or not", async () => {
    const rs = await startRoomServer();
    const presence = matchMaker.presence;
    const sismember = presence.sismember.bind(presence);
    // Each join-code lookup takes 300 ms: six patch intervals pass inside onCreate.
    presence.sismember = async (key: string, member: string) => {
      await sleep(300);
      return sismember(key, member);
    };
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on("uncaughtException", onCrash);
    process.on("unhandledRejection", onCrash);
    try {
      const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: LEVEL_ID, mode: "team", nickname: "slow" });
      await until(room, () => (room.state as any).seats?.get("N1")?.nickname === "slow", 5000, "the slow room's state");
      // A create whose player options are refused (at the WebSocket join, after the slow onCreate).
      const refused = await rs.client().create(LEVEL_ROOM_NAME, { levelId: LEVEL_ID, mode: "team", nickname: "x", seat: 5 }).then(
        () => "joined",
        (error: { code?: number }) => error.code,
      );
      expect(refused).not.toBe("joined");
      await sleep(1000);
      expect(crashes).toEqual([]);
      await room.leave();
    } finally {
      presence.sismember = sismember;
      process.off("uncaughtException", onCrash);
      process.off("unhandledRejection", onCrash);
      await rs.close();
    }
  }, 30_000);

  it("a create that fails after taking a join code gives the code back and leaves no room", async () => {
    const rs = await startRoomServer();
    const presence = matchMaker.presence;
    const setMetadata = LevelRoom.prototype.setMetadata;
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    LevelRoom.prototype.setMetadata = () => Promise.reject(new Error("the driver is down"));
    try {
      // Which codes the create leases, as it takes them.
      const taken: string[] = [];
      const hincrbyex = presence.hincrbyex.bind(presence);
      vi.spyOn(presence, "hincrbyex").mockImplementation(async (key, field, value, seconds) => {
        const result = await hincrbyex(key, field, value, seconds);
        if (value === 1 && result === 1) taken.push(key.slice(-6));
        return result;
      });
      const outcome = await rs.client().create(LEVEL_ROOM_NAME, { levelId: LEVEL_ID, mode: "team", nickname: "late" }).then(
        () => "created",
        (error: { message?: string }) => error.message,
      );
      expect(outcome).toContain("the driver is down");
      expect(taken).toHaveLength(1);
      expect(taken[0]).toMatch(JOIN_CODE_PATTERN);
      expect(await joinCodeInUse(presence, taken[0]!)).toBe(false);
      expect(await matchMaker.query({ name: LEVEL_ROOM_NAME })).toEqual([]);
    } finally {
      LevelRoom.prototype.setMetadata = setMetadata;
      vi.restoreAllMocks();
      errors.mockRestore();
      await rs.close();
    }
  });
});
