/**
 * Log noise as an attack: a refused join or a malformed frame used to print dozens of lines
 * (stack traces, whole client objects). Each is now one line naming the room and the address,
 * and a burst of them is cut to a few lines plus a count. Read from a server process's output.
 */
import { Client, type Room } from "colyseus.js";
import { afterAll, describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { EVENT_LOG_LINES_PER_WINDOW, EventLog } from "../../server/event-log.js";
import { sleep, waitFor } from "./room-helpers.js";
import { startServerChild, type ServerChild } from "./server-child.js";

let server: ServerChild;
afterAll(async () => {
  await server?.stop();
});

/** ROOM_DATA (13), the type "act" as a msgpack fixstr, then 0xc1: a byte msgpack never uses. */
const MALFORMED_FRAME = new Uint8Array([13, 0xa3, 0x61, 0x63, 0x74, 0xc1, 0xc1]);

function linesSince(offset: number): string[] {
  return server
    .output()
    .slice(offset)
    .split("\n")
    .filter((line) => line.trim() !== "");
}

async function refusedJoin(client: Client, roomId: string): Promise<void> {
  const outcome = await client.joinById(roomId, { nickname: "" }).then(
    (room: Room) => room.leave().then(() => "joined"),
    () => "refused",
  );
  expect(outcome).toBe("refused");
}

function leaveCode(room: Room): Promise<number> {
  return new Promise((resolve) => room.onLeave((code) => resolve(code)));
}

describe("log noise", () => {
  it("one line per refused join and per malformed frame, with the room and the address; bursts are cut", async () => {
    server = await startServerChild();
    const client = new Client(`ws://127.0.0.1:${server.port}`);
    const host = await client.create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "host" });
    await sleep(300);

    let offset = server.output().length;
    await refusedJoin(client, host.roomId);
    await sleep(300);
    const joinLines = linesSince(offset);
    expect(joinLines, joinLines.join("\n")).toHaveLength(1);
    expect(joinLines[0]).toContain(host.roomId);
    expect(joinLines[0]).toContain("127.0.0.1");
    expect(joinLines[0]).toMatch(/join/i);

    offset = server.output().length;
    const mallory = await client.joinById(host.roomId, { nickname: "mallory" });
    const left = leaveCode(mallory);
    (mallory as any).connection.send(MALFORMED_FRAME);
    await left;
    await sleep(300);
    const frameLines = linesSince(offset);
    expect(frameLines, frameLines.join("\n")).toHaveLength(1);
    expect(frameLines[0]).toContain(host.roomId);
    expect(frameLines[0]).toContain("127.0.0.1");

    // A burst: 3x the lines a window allows. The log keeps at most that many, and says how many it left out.
    offset = server.output().length;
    const burst = EVENT_LOG_LINES_PER_WINDOW * 3;
    for (let i = 0; i < burst; i++) await refusedJoin(client, host.roomId);
    await sleep(300);
    const burstLines = linesSince(offset);
    expect(burstLines.length, burstLines.join("\n")).toBeGreaterThan(0);
    expect(burstLines.length, burstLines.join("\n")).toBeLessThanOrEqual(EVENT_LOG_LINES_PER_WINDOW);
    expect(server.alive()).toBe(true);
    await host.leave();
  }, 60_000);

  it("a cut burst is counted, and the count is printed when the next window opens", () => {
    const lines: string[] = [];
    let nowMs = 0;
    const log = new EventLog((line) => lines.push(line), 3, 1000, () => nowMs);
    for (let i = 0; i < 10; i++) log.log(`event ${i}\n    at a stack frame`);
    expect(lines).toEqual(["event 0", "event 1", "event 2"]);
    nowMs = 1000;
    log.log("later");
    expect(lines.slice(3)).toEqual(["(7 more such events in 1 s were not logged)", "later"]);
  });
});
