/**
 * Visibility, field by field: a player's decoded state holds the public facts, its own node's
 * private view, and nothing private of any other node; no god's view before the end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { playHello, startRoomServer, until, type RoomServer } from "./room-helpers.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
});
afterAll(async () => {
  await rs?.close();
});

const PUBLIC_ROOT = ["levelId", "levelVersion", "mode", "playMode", "phase", "paused", "tick", "durationTicks", "ticksPerSecond", "pace", "score", "incident", "seats", "spectators", "facilitator"].sort();
const PUBLIC_SEAT = ["node", "role", "label", "status", "nickname", "controller", "ready"].sort();
const PRIVATE_FIELDS = ["status", "controller", "state", "stateTotals", "durableFields", "clockAnchorTick", "wallAtAnchorTicks", "uptimeAtAnchorTicks", "timers", "awaiting", "lastHeard", "requests", "inbox", "knobs", "captions"].sort();

/** Every string anywhere in a decoded state, JSON texts included as they are (not escaped). */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

describe("visibility", () => {
  it("client A sees its own node's private view and nothing private of node B", async () => {
    const a = await rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "alice", seed: 3, speed: 4 });
    const b = await rs.client().joinById(a.roomId, { nickname: "bob" });
    a.send("control", { kind: "start" });
    // Alice sends notes, so both nodes get inbox cards (bob leaves his unhandled).
    playHello(a, "N1", "sender");
    // Wait until both private views have content that differs (notes flowing both ways).
    const privOf = (room: typeof a, node: string) => (room.state as any).seats.get(node)?.priv;
    await until(a, () => (privOf(a, "N1")?.inbox?.size ?? 0) > 0 && (a.state as any).tick > 100, 20_000, "A's inbox");
    await until(b, () => (privOf(b, "N2")?.inbox?.size ?? 0) > 0, 20_000, "B's inbox");

    for (const [me, mine, other] of [[a, "N1", "N2"], [b, "N2", "N1"]] as const) {
      const json = (me.state as any).toJSON();
      expect(Object.keys(json).sort()).toEqual(PUBLIC_ROOT); // no "observer" before the end
      expect(Object.keys(json.seats[other]).sort()).toEqual(PUBLIC_SEAT); // no "priv" for the other node
      expect(Object.keys(json.seats[mine]).sort()).toEqual([...PUBLIC_SEAT, "priv"].sort());
      expect(Object.keys(json.seats[mine].priv).sort()).toEqual(PRIVATE_FIELDS);
      // Nothing from the other node's private view appears anywhere in my decoded state.
      const theirs = (other === "N2" ? b : a).state as any;
      const theirPriv = theirs.seats.get(other).priv;
      const mineStrings = stringsIn(json);
      const seen = (text: string) => mineStrings.some((s) => s.includes(text));
      for (const field of ["state", "timers", "awaiting", "requests"]) {
        const value = theirPriv[field] as string;
        if (value.length > 4) expect(seen(value), `${mine}'s state must not contain ${other}.priv.${field}`).toBe(false);
      }
      for (const item of theirPriv.inbox.values() as Iterable<string>) {
        expect(seen(item), `${mine}'s state must not contain an inbox entry of ${other}`).toBe(false);
        expect(seen(JSON.stringify(JSON.parse(item).event)), `${mine}'s state must not contain an inbox event of ${other}`).toBe(false);
      }
      // The decoded instance agrees with its JSON: the other seat's priv was never sent.
      expect((me.state as any).seats.get(other).priv).toBeUndefined();
      expect((me.state as any).observer).toBeUndefined();
    }
    // The sender's node state is its own: the receiver's fields are there but empty.
    expect(JSON.parse(privOf(a, "N1").state).pending).toBeDefined();
    expect(JSON.parse(privOf(b, "N2").state).processed).toBeDefined();
    await a.leave();
    await b.leave();
  });
});
