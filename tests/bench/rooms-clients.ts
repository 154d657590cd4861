/**
 * The client side of rooms.bench.ts, in its own process so the server is measured alone.
 * Driven over IPC: "start" { port, roomName, rooms, clientsPerRoom, createOptions, mode } joins
 * every client and answers "joined"; "measure" starts recording; "stop" answers "stats" with
 * patch intervals (ms), patch sizes (bytes) and full-state sizes (bytes); "leave" disconnects.
 */
import { Client, type Room } from "colyseus.js";

const ROOM_STATE = 14;
const ROOM_STATE_PATCH = 15;
const JOIN_CONCURRENCY = 16;

interface StartCommand {
  type: "start";
  port: number;
  roomName: string;
  rooms: number;
  clientsPerRoom: number;
  createOptions: Record<string, unknown>;
  /**
   * "level": team rooms joined by code, started by the creator, autopilot chores on.
   * "workshop": one workshop (a console and rooms x clientsPerRoom students joined by its code);
   * the console starts it, every student follows its seat pass into its team's game, autopilot
   * on; its console stays connected (the live view of every team) until "leave" ends the teams.
   */
  kind: "level" | "bare" | "workshop";
  seats: string[];
  chores: string[];
}

const rooms: Room[] = [];
/** The workshop's console, if this phase runs one: it ends every team on "leave". */
let consoleRoom: Room | null = null;
let recording = false;
const intervalsMs: number[] = [];
const patchBytes: number[] = [];
const fullStateBytes: number[] = [];

function watch(room: Room): void {
  let lastMs = 0;
  const ws = (room.connection as any).transport.ws as { on(event: "message", cb: (data: ArrayBuffer | Buffer) => void): void };
  ws.on("message", (data: ArrayBuffer | Buffer) => {
    // colyseus.js sets binaryType "arraybuffer": read the protocol code from a byte view.
    const code = new Uint8Array(data instanceof ArrayBuffer ? data : data.buffer, data instanceof ArrayBuffer ? 0 : data.byteOffset, 1)[0];
    if (code === ROOM_STATE) fullStateBytes.push(data.byteLength);
    if (code !== ROOM_STATE_PATCH) return;
    const nowMs = performance.now();
    if (recording) {
      if (lastMs > 0) intervalsMs.push(nowMs - lastMs);
      patchBytes.push(data.byteLength);
    }
    lastMs = nowMs;
  });
  room.onMessage("*", () => {});
}

async function joinRoomGroup(client: Client, cmd: StartCommand): Promise<void> {
  const first = await client.create(cmd.roomName, { ...cmd.createOptions, nickname: "bench0", seat: cmd.seats[0] });
  watch(first);
  rooms.push(first);
  const others: Room[] = [];
  for (let i = 1; i < cmd.clientsPerRoom; i++) {
    const room = await client.joinById(first.roomId, { nickname: `bench${i}`, seat: cmd.seats[i] });
    watch(room);
    rooms.push(room);
    others.push(room);
  }
  if (cmd.kind === "level") {
    first.send("control", { kind: "start" });
    for (const room of [first, ...others]) for (const chore of cmd.chores) room.send("control", { kind: "autopilot", chore, on: true });
  }
}

/** Runs `task` over 0..count-1 with a few joins in flight at once. */
async function inParallel(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: JOIN_CONCURRENCY }, worker));
}

async function startWorkshop(cmd: StartCommand): Promise<void> {
  const client = new Client(`ws://127.0.0.1:${cmd.port}`);
  const console_ = await client.create("workshop", { ...cmd.createOptions, teamSize: cmd.clientsPerRoom, facilitate: true });
  consoleRoom = console_;
  console_.onMessage("*", () => {});
  const code = await new Promise<string>((resolve) => console_.onMessage("welcome", (w: { code: string }) => resolve(w.code)));
  const students = cmd.rooms * cmd.clientsPerRoom;
  const passes: Promise<{ code: string; pass: string }>[] = [];
  const lobby: Room[] = [];
  await inParallel(students, async (i) => {
    const room = await client.joinById(code, { nickname: `student ${i + 1}` });
    room.onMessage("*", () => {});
    passes[i] = new Promise((resolve) => room.onMessage("team", resolve));
    lobby.push(room);
  });
  console_.send("command", { kind: "start" });
  const tickets = await Promise.all(passes);
  await inParallel(students, async (i) => {
    const game = await client.joinById(tickets[i]!.code, { nickname: `student ${i + 1}`, pass: tickets[i]!.pass });
    watch(game);
    rooms.push(game);
    for (const chore of cmd.chores) game.send("control", { kind: "autopilot", chore, on: true });
  });
  rooms.push(...lobby);
}

/** Ends every team of the workshop (their rooms would play on without anyone), then leaves it. */
async function endWorkshop(): Promise<void> {
  const console_ = consoleRoom;
  consoleRoom = null;
  if (!console_) return;
  const ended = new Promise<void>((resolve) => console_.onMessage("view", (v: { phase: string }) => v.phase === "ended" && resolve()));
  console_.send("command", { kind: "end", team: null });
  await Promise.race([ended, new Promise((r) => setTimeout(r, 60_000))]);
  await console_.leave().catch(() => undefined);
}

async function start(cmd: StartCommand): Promise<void> {
  if (cmd.kind === "workshop") return startWorkshop(cmd);
  const client = new Client(`ws://127.0.0.1:${cmd.port}`);
  let next = 0;
  const worker = async () => {
    while (next < cmd.rooms) {
      next++;
      await joinRoomGroup(client, cmd);
    }
  };
  await Promise.all(Array.from({ length: JOIN_CONCURRENCY }, worker));
}

process.on("message", (raw: unknown) => {
  const msg = raw as { type: string };
  void (async () => {
    switch (msg.type) {
      case "start":
        intervalsMs.length = 0;
        patchBytes.length = 0;
        fullStateBytes.length = 0;
        await start(msg as StartCommand);
        process.send!({ type: "joined", clients: rooms.length });
        break;
      case "measure":
        recording = true;
        break;
      case "stop":
        recording = false;
        process.send!({ type: "stats", intervalsMs, patchBytes, fullStateBytes });
        break;
      case "leave":
        await endWorkshop();
        await Promise.all(rooms.splice(0).map((r) => r.leave().catch(() => undefined)));
        process.send!({ type: "left" });
        break;
      case "exit":
        process.exit(0);
    }
  })().catch((error: unknown) => {
    process.send!({ type: "error", message: error instanceof Error ? error.message : String(error) });
  });
});
