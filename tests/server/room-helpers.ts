/**
 * Shared by the room tests: a real server (Express + Colyseus on 127.0.0.1, ephemeral port) with
 * the level room, colyseus.js clients, and waiting helpers (the client-side waitForNextPatch of
 * @colyseus/testing never resolves with colyseus.js 0.16: poll state changes instead).
 */
import { Client, type Room } from "colyseus.js";
import { startGameServer, type RunningGameServer } from "../../server/app.js";
import type { MatchmakeLimitOptions } from "../../server/http/matchmake-limits.js";
import { loadLevels } from "../../server/level-files.js";
import { defineRooms, type RoomsConfig } from "../../server/rooms/define-rooms.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import type { Store } from "../../server/store/store.js";
import type { Level } from "../../shared/level/level.js";

export interface RoomServer {
  server: RunningGameServer;
  store: Store;
  levels: Level[];
  client(): Client;
  close(): Promise<void>;
}

export async function startRoomServer(
  options: { store?: Store; levels?: Level[]; rooms?: RoomsConfig; redisUrl?: string; port?: number; publicAddress?: string; matchmakeLimits?: Partial<MatchmakeLimitOptions> } = {},
): Promise<RoomServer> {
  const store = options.store ?? openSqliteStore({ path: ":memory:" });
  const levels = options.levels ?? loadLevels();
  const server = await startGameServer({
    port: options.port ?? 0,
    host: "127.0.0.1",
    store,
    levels,
    defineRooms: (gameServer, limits, upkeep) => defineRooms(gameServer, { store, levels, limits, upkeep }, { testSpeedAllowed: true, ...options.rooms }),
    // Tests create many rooms from one address: generous unless the test is
    // about the limits (room-limits.test.ts).
    matchmakeLimits: options.matchmakeLimits ?? { createsPerMinute: 10_000, joinsPerMinute: 10_000 },
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.publicAddress ? { publicAddress: options.publicAddress } : {}),
  });
  return {
    server,
    store,
    levels,
    client: () => new Client(`ws://127.0.0.1:${server.port}`),
    close: async () => {
      await server.close();
      if (!options.store) await store.close();
    },
  };
}

/** Resolves when `cond()` holds, checking after every state change (and every 50 ms). */
export async function until(room: Room, cond: () => boolean, timeoutMs = 10_000, what = "a condition"): Promise<void> {
  const startMs = Date.now();
  while (!cond()) {
    if (Date.now() - startMs > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 50);
      room.onStateChange.once(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Collects every message of one type a room receives. */
export function collect<T = any>(room: Room, type: string): T[] {
  const seen: T[] = [];
  room.onMessage(type, (message: T) => seen.push(message));
  return seen;
}

export async function waitFor<T>(get: () => T | undefined, timeoutMs = 10_000, what = "a value"): Promise<T> {
  const startMs = Date.now();
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() - startMs > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The decoded private view of my own node, parsed. */
export function myPriv(room: Room, node: string): { state: Record<string, any>; inbox: { seq: number; handled: boolean; event: any }[]; controller: any } | null {
  const priv = (room.state as any)?.seats?.get(node)?.priv;
  if (!priv || !priv.state) return null;
  return {
    state: JSON.parse(priv.state),
    controller: priv.controller ? JSON.parse(priv.controller) : null,
    inbox: [...priv.inbox.values()].map((text: string) => JSON.parse(text)).sort((x: { seq: number }, y: { seq: number }) => x.seq - y.seq),
  };
}

/**
 * A decent human for l00-hello-network, reading only its own private view: as the sender, send
 * every new note once (auto-retry does the rest) and confirm it once acked; as the receiver,
 * process each new note once and ack every copy.
 */
export function playHello(room: Room, node: string, role: "sender" | "receiver"): () => void {
  const done = new Set<string>();
  let seq = 0;
  const act = (key: string, action: string, params: object) => {
    if (done.has(key)) return;
    done.add(key);
    room.send("act", { action, params, seq: seq++ });
  };
  const onChange = () => {
    const priv = myPriv(room, node);
    if (!priv || (room.state as any).phase !== "running") return;
    if (role === "sender") {
      for (const p of priv.state.pending ?? []) {
        if (p.acked) act(`confirm:${p.seq}`, "confirm", { seq: p.seq });
        else if (p.attempts === 0) act(`send:${p.seq}`, "sendNote", { seq: p.seq });
      }
    } else {
      const processed = new Set<number>(priv.state.processed ?? []);
      for (const r of priv.state.received ?? []) {
        if (!processed.has(r.seq)) act(`process:${r.seq}`, "process", { msgId: r.msgId });
        else act(`ack:${r.msgId}`, "ack", { msgId: r.msgId });
      }
    }
  };
  room.onStateChange(onChange);
  room.onMessage("accepted", () => {});
  return onChange;
}

/** A class as a teacher would have made it (POST /api/classes): joins with its code are allowed. */
export async function createTestClass(store: Store, code: string): Promise<void> {
  await store.createClass({ code, name: `Class ${code}`, teacherSecretHash: "0".repeat(64), createdAt: new Date().toISOString() });
}

/** The error a join (or create) is refused with; fails the test when it is not refused. */
export async function joinError(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: number; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error("the join was expected to fail");
}

/** The last message of a type, as it arrives. */
export function latest<T = any>(room: Room, type: string): { value: T | undefined } {
  const box: { value: T | undefined } = { value: undefined };
  room.onMessage(type, (message: T) => {
    box.value = message;
  });
  return box;
}

/** Sends a workshop console command and waits for its reply (replies: the console's collected "reply" messages). */
export async function command(consoleRoom: Room, replies: any[], body: Record<string, unknown>): Promise<{ ok: boolean; message: string }> {
  const before = replies.length;
  consoleRoom.send("command", body);
  return waitFor(() => replies[before], 8000, `the reply to ${JSON.stringify(body)}`);
}
