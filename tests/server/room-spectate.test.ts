/**
 * The god's view (every node's private state, the packets in flight and when they land) is for
 * the facilitator and the projector they open with the projector code from their welcome: not
 * for anyone with the join code, and never for a seated player's second connection. After the
 * end everybody sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { JOIN_ERROR } from "../../server/rooms/join-options.js";
import { collect, playHello, startRoomServer, until, waitFor, type RoomServer } from "./room-helpers.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
});
afterAll(async () => {
  await rs?.close();
});

async function joinError(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: number }).code;
  }
  throw new Error("the join was expected to fail");
}

describe("watching a team game", () => {
  it("only the projector code opens the god's view; the join code or a player's second connection does not", async () => {
    const host = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "host", speed: 10, seed: 4 });
    const hostWelcome = collect(host, "welcome");
    const code = host.roomId;
    const projector = (await waitFor(() => hostWelcome[0], 5000, "the host's welcome")).projectorCode as string;
    expect(projector).toMatch(new RegExp(`^${code}-[A-Z0-9]{10}$`));
    const key = projector.slice(code.length + 1);

    const bob = await rs.client().joinById(code, { nickname: "bob" });
    const bobWelcome = collect(bob, "welcome");
    expect((await waitFor(() => bobWelcome[0], 5000, "bob's welcome")).projectorCode).toBeNull();

    // In the lobby and while running: no god's view without the key, or with a wrong one.
    expect(await joinError(rs.client().joinById(code, { spectate: true }))).toBe(JOIN_ERROR.forbidden);
    host.send("control", { kind: "start" });
    await until(host, () => (host.state as any).phase === "running", 5000, "running");
    playHello(host, "N1", "sender");
    expect(await joinError(rs.client().joinById(code, { spectate: true }))).toBe(JOIN_ERROR.forbidden);
    expect(await joinError(rs.client().joinById(code, { spectate: true, watch: "ABCDEFGHJK" }))).toBe(JOIN_ERROR.forbidden);
    expect(await joinError(rs.client().joinById(code, { spectate: true, watch: code }))).toBe(JOIN_ERROR.forbidden);
    // Bob, seated, tries a second connection as a spectator: refused, and his seat is untouched.
    expect(await joinError(rs.client().joinById(code, { nickname: "bob", spectate: true }))).toBe(JOIN_ERROR.forbidden);
    expect((bob.state as any).observer).toBeUndefined();
    // The key only makes sense to a spectator.
    expect(await joinError(rs.client().joinById(code, { nickname: "eve", watch: key }))).toBe(JOIN_ERROR.badOptions);

    // The projector, with the key (in any case, as typed): the god's view, and no seat.
    const screen = await rs.client().joinById(code, { spectate: true, watch: key.toLowerCase() });
    await until(screen, () => typeof (screen.state as any).observer?.nodes === "string", 5000, "the god's view on the projector");
    expect(JSON.parse((screen.state as any).observer.nodes).map((n: { id: string }) => n.id)).toEqual(["N1", "N2"]);
    expect((bob.state as any).observer).toBeUndefined();
    expect((host.state as any).observer).toBeUndefined();

    // After the end, everybody sees it.
    const debriefs = collect(bob, "debrief");
    await waitFor(() => debriefs[0], 60_000, "the end");
    await until(bob, () => typeof (bob.state as any).observer?.nodes === "string", 5000, "the god's view for a player after the end");
    await screen.leave();
    await bob.leave();
    await host.leave();
  }, 90_000);
});
