/**
 * Every patch a client is sent decodes, to what the node may know, and none outgrows a bound
 * (issue 11 item 2). @colyseus/schema 3.0.76 wrote a 255-byte string with length 0 (the rest of
 * that patch misread), and its encodeView truncated past the 64 KB encode buffer: in l09 a
 * node's state and the god's view grew all game, until patches were unparseable JSON.
 *
 * Every level, played to its end at test speed in a full team room, every seat handed to the
 * level's bots (they act all game, so a Lamport peer's history grows as fast as it can), a real
 * colyseus.js client on each seat and a projector on the god's view decoding every patch: no
 * decode error or warning, at paused moments each seat's decoded view equals nodeView's and the
 * projector's god's view equals one projected from scratch, and no patch or full state is larger
 * than PATCH_BYTES_MAX.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { matchMaker } from "@colyseus/core";
import type { Room } from "colyseus.js";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { ObserverState } from "../../server/schema/level-state.js";
import { projectObserver } from "../../server/schema/project.js";
import { decodedPriv, privFromNodeView } from "../support/wire-view.js";
import { collect, startRoomServer, until, waitFor, type RoomServer } from "./room-helpers.js";

/** The bound stated for every patch and full state a client receives: half the encode buffer. */
const PATCH_BYTES_MAX = 32 * 1024;
/** Ticks per 100 ms interval: l09 (2,250 ticks) in about 6 s. */
const SPEED = 40;

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
});
afterAll(async () => {
  await rs?.close();
});

interface Watched {
  room: Room;
  /** Bytes of every state and patch message decoded (its payload, after the protocol code). */
  sizes: number[];
  errors: unknown[];
}

/** Records what a client decodes, and every exception the decoder throws. */
function watch(room: Room): Watched {
  const watched: Watched = { room, sizes: [], errors: [] };
  // Replies and welcomes are not what this test reads (and unread types would warn).
  room.onMessage("*", () => {});
  const serializer = (room as any).serializer as { patch(bytes: Uint8Array, it: { offset: number }): unknown; setState(bytes: Uint8Array, it: { offset: number }): unknown };
  for (const method of ["patch", "setState"] as const) {
    const original = serializer[method].bind(serializer);
    serializer[method] = (bytes, it) => {
      watched.sizes.push(bytes.length - it.offset);
      try {
        return original(bytes, it);
      } catch (error) {
        watched.errors.push(error);
        return undefined;
      }
    };
  }
  return watched;
}

describe("patches of whole games", () => {
  beforeAll(() => {
    // The decoder reports what it cannot place on the console; so would the encoder's overflow.
    vi.spyOn(console, "warn");
    vi.spyOn(console, "error");
  });

  // Every shipped level: a new level is held to the same bound the day it lands.
  const levelIds = loadLevels().map((l) => l.id);
  it.each(levelIds)("%s: every seat and the projector decode every patch, each within the bound", async (levelId) => {
    const level = rs.levels.find((l) => l.id === levelId)!;
    expect(level, `levels/${levelId}.json`).toBeDefined();
    const warnsBefore = vi.mocked(console.warn).mock.calls.length + vi.mocked(console.error).mock.calls.length;

    const host = await rs.client().create(LEVEL_ROOM_NAME, { levelId, mode: "team", nickname: "p0", speed: SPEED, seed: 11 });
    const code = host.roomId;
    const welcomes = new Map<Room, any[]>([[host, collect(host, "welcome")]]);
    const seated: Room[] = [host];
    for (let i = 1; i < level.seats.max; i++) {
      const room = await rs.client().joinById(code, { nickname: `p${i}` });
      welcomes.set(room, collect(room, "welcome"));
      seated.push(room);
    }
    const nodeOf = new Map<Room, string>();
    for (const room of seated) nodeOf.set(room, (await waitFor(() => welcomes.get(room)![0], 5000, "a welcome")).node as string);
    const key = (welcomes.get(host)![0].projectorCode as string).slice(code.length + 1);
    const projector = await rs.client().joinById(code, { spectate: true, watch: key });
    const watched = [...seated, projector].map(watch);
    const debriefs = collect(host, "debrief");

    host.send("control", { kind: "start", seq: 1 });
    await until(host, () => (host.state as any).phase === "running", 5000, "running");
    // Every seat to the level's bots: they play all game, as fast as the game goes.
    const serverRoom = matchMaker.getLocalRoomById(code) as any;
    const session = serverRoom.session;
    for (const node of nodeOf.values()) session.submit(node, "$control", { controller: "bot" });

    // Paused moments: every client has decoded the last patch; compare with the server's truth.
    let seq = 2;
    let compared = 0;
    for (const fraction of [0.3, 0.6, 0.9]) {
      const mark = Math.floor(level.durationTicks * fraction);
      await waitFor(() => (session.world.tick >= mark ? true : undefined), 60_000, `tick ${mark}`);
      host.send("control", { kind: "pause", seq: seq++ });
      await waitFor(() => (session.paused ? true : undefined), 5000, "the pause");
      const tick = session.world.tick;
      for (const w of watched) await until(w.room, () => (w.room.state as any).tick === tick && (w.room.state as any).paused === true, 5000, `tick ${tick} decoded`);
      for (const room of seated) {
        const node = nodeOf.get(room)!;
        expect(decodedPriv(room.state as any, node), `${levelId} ${node} at tick ${tick}`).toEqual(privFromNodeView(session, node));
        compared++;
      }
      const truth = new ObserverState();
      projectObserver(session.world, truth);
      expect((projector.state as any).observer.toJSON(), `${levelId} god's view at tick ${tick}`).toEqual(truth.toJSON());
      host.send("control", { kind: "resume", seq: seq++ });
    }
    await waitFor(() => debriefs[0], 120_000, "the end");
    await until(projector, () => (projector.state as any).phase === "ended", 5000, "the end on the projector");

    const sizes = watched.flatMap((w) => w.sizes);
    const largest = Math.max(...sizes);
    console.info(`${levelId}: ${sizes.length} states and patches decoded, largest ${largest} bytes; ${compared} views compared`);
    expect(watched.flatMap((w) => w.errors)).toEqual([]);
    const warnings = [...vi.mocked(console.warn).mock.calls, ...vi.mocked(console.error).mock.calls].map((args) => args.map(String).join(" "));
    expect(warnings.length - warnsBefore, `decoder or encoder warnings: ${warnings.slice(0, 5).join(" / ")}`).toBe(0);
    expect(largest).toBeLessThanOrEqual(PATCH_BYTES_MAX);
    expect(compared).toBe(3 * seated.length);
    for (const room of [...seated, projector]) await room.leave();
  }, 180_000);
});
