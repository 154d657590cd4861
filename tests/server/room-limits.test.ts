/**
 * Limits beyond `act` (issue 11 item 4), over real HTTP and real WebSockets from one address:
 * - a join by a code that is live but locked answers exactly as one nobody uses;
 * - seat reservations never used free the room within seconds (Colyseus' default: 15 s);
 * - frames of an unknown protocol code count like any other: a flood of them is kicked, and
 *   its address may not matchmake again at once (only after the block);
 * - joins by code and room creations per address per minute: beyond, 429 with Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { CLOSE_FLOODING, SEAT_RESERVATION_SECONDS } from "../../server/rooms/LevelRoom.js";
import { NO_OPEN_GAME } from "../../server/http/matchmake-limits.js";
import { randomJoinCode } from "../../server/rooms/join-code.js";
import { sleep, startRoomServer, until, type RoomServer } from "./room-helpers.js";

const JOINS_PER_MINUTE = 40;
const CREATES_PER_MINUTE = 10;
const KICK_BLOCK_SECONDS = 3;

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer({ matchmakeLimits: { joinsPerMinute: JOINS_PER_MINUTE, createsPerMinute: CREATES_PER_MINUTE, kickBlockSeconds: KICK_BLOCK_SECONDS } });
});
afterAll(async () => {
  await rs?.close();
});

/** One matchmaking request, as a browser's colyseus.js sends it. */
async function matchmake(method: string, target: string, options: object): Promise<{ status: number; body: any; retryAfter: string | null }> {
  const res = await fetch(`${rs.server.url}/matchmake/${method}/${target}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(options) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, retryAfter: res.headers.get("retry-after") };
}

let joinsUsed = 0;
let createsUsed = 0;
const join = (code: string, options: object = { nickname: "guest" }) => {
  joinsUsed++;
  return matchmake("joinById", code, options);
};

describe("matchmaking limits", () => {
  it("a locked room's code answers like a code nobody uses", async () => {
    createsUsed++;
    const solo = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "solo", nickname: "solo" });
    await until(solo, () => (solo.state as any).phase === "running", 5000, "the solo game");
    const locked = await join(solo.roomId);
    let unused = randomJoinCode();
    while (unused === solo.roomId) unused = randomJoinCode();
    const missing = await join(unused);
    expect(locked.body).toEqual({ code: 4212, error: NO_OPEN_GAME });
    expect(missing.body).toEqual(locked.body);
    await solo.leave();
  });

  it("seat reservations never used free the room within seconds", async () => {
    createsUsed++;
    const host = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "host" });
    const code = host.roomId;
    // Reserve every remaining place (1 seat + 16 spectators) without ever connecting.
    let reserved = 0;
    for (;;) {
      const answer = await join(code, { nickname: `ghost${reserved}` });
      if (answer.body?.code === 4212) break;
      expect(answer.body?.sessionId, JSON.stringify(answer.body)).toBeTypeOf("string");
      reserved++;
      expect(reserved).toBeLessThan(30);
    }
    expect(reserved).toBe(17);
    // Locked now; free again once the reservations expire.
    await sleep(SEAT_RESERVATION_SECONDS * 1000 + 1500);
    const after = await join(code, { nickname: "latecomer" });
    expect(after.body?.sessionId, JSON.stringify(after.body)).toBeTypeOf("string");
    await host.leave();
  }, 20_000);

  it("a flood of frames of an unknown protocol code is kicked, and the address waits before joining again", async () => {
    createsUsed++;
    const host = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "host" });
    const code = host.roomId;
    joinsUsed++;
    const flooder = await rs.client().joinById(code, { nickname: "flooder" });
    const closed = new Promise<number>((resolve) => flooder.onLeave((closeCode) => resolve(closeCode)));
    const ws = (flooder.connection as any).transport.ws as { send(data: Uint8Array): void; readyState: number };
    // Code 99 is no Colyseus protocol code: Colyseus ignores such a frame, and counted nothing.
    for (let i = 0; i < 5000 && ws.readyState === 1; i++) {
      ws.send(new Uint8Array([99, 1, 2, 3]));
      if (i % 500 === 499) await sleep(5);
    }
    expect(await closed).toBe(CLOSE_FLOODING);
    // At once: refused, with how long to wait.
    const again = await join(code, { nickname: "flooder" });
    joinsUsed--; // refused for the block, before the join limit counts it
    expect(again.status).toBe(429);
    expect(Number(again.retryAfter)).toBeGreaterThanOrEqual(1);
    // After the block: welcome again.
    await sleep(KICK_BLOCK_SECONDS * 1000 + 500);
    const later = await join(code, { nickname: "flooder" });
    expect(later.body?.sessionId, JSON.stringify(later.body)).toBeTypeOf("string");
    await host.leave();
  }, 20_000);

  it("guessing join codes is cut at the per-minute limit", async () => {
    const answers: { status: number; body: any }[] = [];
    for (let i = 0; i < JOINS_PER_MINUTE + 5; i++) {
      const answer = await join(randomJoinCode());
      answers.push(answer);
      if (answer.status === 429) break;
    }
    const last = answers[answers.length - 1]!;
    expect(last.status).toBe(429);
    // Every join of this file counted (the one refused was the one past the limit).
    expect(joinsUsed).toBe(JOINS_PER_MINUTE + 1);
    for (const answer of answers.slice(0, -1)) expect(answer.body).toEqual({ code: 4212, error: NO_OPEN_GAME });
  });

  it("creating rooms is cut at the per-minute limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < CREATES_PER_MINUTE + 3; i++) {
      const answer = await matchmake("create", LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: `maker${i}` });
      statuses.push(answer.status === 429 ? 429 : answer.body?.sessionId ? 200 : -1);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(CREATES_PER_MINUTE - createsUsed);
    expect(statuses.slice(CREATES_PER_MINUTE - createsUsed).every((s) => s === 429)).toBe(true);
  });
});
