/**
 * Request bodies above a few KB are refused with 413 from their headers, before the body is
 * read: Colyseus buffers /matchmake bodies whole, without a limit. Raw sockets, so the test
 * controls when (and whether) the body is sent.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REQUEST_BODY_BYTES_MAX } from "../../server/http/body-limit.js";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { createTestClass, startRoomServer, type RoomServer } from "./room-helpers.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
  await createTestClass(rs.store, "MATH-7B");
});
afterAll(async () => {
  await rs?.close();
});

const BIG_BYTES = 1_500_000;

/**
 * Sends the request head, then, unless the server has already answered within `waitMs`, the
 * body. Resolves with what the server sent and how many body bytes went out before it answered.
 */
function rawPost(port: number, path: string, headers: Record<string, string>, body: Buffer, waitMs = 500): Promise<{ response: string; bodyBytesSent: number }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let response = "";
    let bodyBytesSent = 0;
    socket.on("data", (chunk) => (response += String(chunk)));
    socket.on("error", () => {}); // a reset after the answer is fine
    socket.on("close", () => resolve({ response, bodyBytesSent }));
    socket.on("connect", () => {
      const head = [`POST ${path} HTTP/1.1`, "Host: 127.0.0.1", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
      socket.write(head);
      setTimeout(() => {
        if (response === "" && !socket.destroyed) {
          bodyBytesSent = body.length;
          socket.write(body);
        }
      }, waitMs);
      setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer in 10 s; got ${JSON.stringify(response.slice(0, 200))}`));
      }, 10_000).unref();
    });
  });
}

const bigJson = () => Buffer.from(JSON.stringify({ levelId: "l00-hello-network", pad: "x".repeat(BIG_BYTES) }));

describe("request body limit", () => {
  it("answers a 1.5 MB /matchmake create with 413 before the body is sent", async () => {
    const body = bigJson();
    const { response, bodyBytesSent } = await rawPost(rs.server.port, `/matchmake/create/${LEVEL_ROOM_NAME}`, { "Content-Type": "application/json", "Content-Length": String(body.length) }, body);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toContain(`at most ${REQUEST_BODY_BYTES_MAX}`);
    expect(bodyBytesSent).toBe(0);
  });

  it("answers a 1.5 MB POST to the API with 413 before the body is sent", async () => {
    const body = bigJson();
    const { response, bodyBytesSent } = await rawPost(rs.server.port, "/api/levels", { "Content-Type": "application/json", "Content-Length": String(body.length) }, body);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(bodyBytesSent).toBe(0);
  });

  it("answers a body of undeclared length (chunked) with 411 before reading it", async () => {
    const chunk = Buffer.from("x".repeat(60_000));
    const body = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n0\r\n\r\n")]);
    const { response, bodyBytesSent } = await rawPost(rs.server.port, `/matchmake/create/${LEVEL_ROOM_NAME}`, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, body);
    expect(response).toMatch(/^HTTP\/1\.1 411 /);
    expect(bodyBytesSent).toBe(0);
  });

  it("a 1.5 MB body sent at once gets a 413 (or a reset), and the server still matchmakes", async () => {
    const body = bigJson();
    const { response } = await rawPost(rs.server.port, `/matchmake/create/${LEVEL_ROOM_NAME}`, { "Content-Type": "application/json", "Content-Length": String(body.length) }, body, 0);
    if (response !== "") expect(response).toMatch(/^HTTP\/1\.1 413 /);
    const room = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "honest" });
    expect(room.roomId).toMatch(/^[A-Z0-9]{6}$/);
    await room.leave();
  });

  it("still accepts a normal matchmaking body", async () => {
    const res = await fetch(`${rs.server.url}/matchmake/create/${LEVEL_ROOM_NAME}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ levelId: "l00-hello-network", mode: "team", nickname: "a".repeat(20), classCode: "MATH-7B" }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { room?: { roomId?: string } }).room?.roomId).toMatch(/^[A-Z0-9]{6}$/);
  });
});
