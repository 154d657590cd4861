/**
 * Scale-out benchmark (`npm run bench scale`): 50 team rooms x 4 clients of l08-reach-consensus
 * (every autopilot chore on, 10 patches a second) over two server processes sharing Redis and
 * PostgreSQL, against the same load on one process with the same Redis and PostgreSQL, in one
 * run. The clients (tests/bench/rooms-clients.ts, one child process) create every room through
 * the first process's matchmaker; the placement spreads them, and each WebSocket goes to the
 * process that owns its room. Phases alternate (one, two, one, two, ...); each figure is the
 * median over the rounds.
 *
 * Figure: client-observed patch-interval p99 with two processes; baseline: with one.
 * Needs Redis at 127.0.0.1:6379 and PostgreSQL (TEST_DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432/test); says so and reports nothing without them.
 *
 *   BENCH_SCALE_ROOMS=50 BENCH_SCALE_ROUNDS=2 BENCH_WARMUP_MS=3000 BENCH_MEASURE_MS=6000
 */
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadLevels } from "../../server/level-files.js";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { ClusterPlace, freePort, PG_URL, postgresProblem, reachable, REDIS_PORT, ServerProcess } from "../server/scale-out-cluster.js";
import { median, type BenchResult } from "./bench.js";

const ROOMS = Number(process.env.BENCH_SCALE_ROOMS ?? 50);
const CLIENTS_PER_ROOM = 4;
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 2);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 3000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 6000);
/** Two processes' p99 may exceed one's by this share before the target counts as missed (noise). */
const NOISE_SHARE = 0.1;
const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Reply {
  type: string;
  [key: string]: unknown;
}

function request(child: ChildProcess, message: object, answer: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (raw: unknown) => {
      const reply = raw as Reply;
      if (reply.type === "error") {
        child.off("message", onMessage);
        reject(new Error(String(reply.message)));
      } else if (reply.type === answer) {
        child.off("message", onMessage);
        resolve(reply);
      }
    };
    child.on("message", onMessage);
    child.send(message);
  });
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (x: number) => Math.round(x * 10) / 10;

interface Phase {
  processes: number;
  patchP99Ms: number;
  roomsPerProcess: number[];
  clients: number;
}

async function runPhase(place: ClusterPlace, count: number, clients: ChildProcess, level: { id: string; seats: string[]; chores: string[] }): Promise<Phase> {
  const env = { REDIS_URL: place.redisUrl(), DATABASE_URL: PG_URL, TEST_PG_SCHEMA: place.schema };
  const servers: ServerProcess[] = [];
  for (let i = 0; i < count; i++) servers.push(new ServerProcess(`S${i}`, await freePort(), env));
  await Promise.all(servers.map((s) => s.start()));
  try {
    const joined = await request(
      clients,
      {
        type: "start",
        port: servers[0]!.port,
        roomName: LEVEL_ROOM_NAME,
        rooms: ROOMS,
        clientsPerRoom: CLIENTS_PER_ROOM,
        createOptions: { levelId: level.id, mode: "team", seed: 1 },
        kind: "level",
        seats: level.seats,
        chores: level.chores,
      },
      "joined",
    );
    const listings = await place.listings();
    const roomsPerProcess = servers.map((s) => listings.filter((l) => l.processId === s.processId).length);
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    clients.send({ type: "measure" });
    await new Promise((r) => setTimeout(r, MEASURE_MS));
    const stats = await request(clients, { type: "stop" }, "stats");
    await request(clients, { type: "leave" }, "left");
    return { processes: count, patchP99Ms: percentile(stats.intervalsMs as number[], 99), roomsPerProcess, clients: Number(joined.clients) };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

export async function run(): Promise<BenchResult[]> {
  const pgProblem = await postgresProblem();
  if (!(await reachable(REDIS_PORT)) || pgProblem) {
    console.log(`scale.bench: SKIPPED: needs Redis at 127.0.0.1:6379 and PostgreSQL at ${PG_URL}${pgProblem ? ` (${pgProblem})` : ""}.`);
    return [];
  }
  const l08 = loadLevels().find((l) => l.id === "l08-reach-consensus");
  if (!l08) throw new Error("scale.bench needs levels/l08-reach-consensus.json");
  const level = { id: l08.id, seats: l08.seats.nodes.slice(0, CLIENTS_PER_ROOM), chores: [...l08.autopilot] };
  const place = await ClusterPlace.open();
  const clients = spawn(process.execPath, ["--import", "tsx", path.join(HERE, "rooms-clients.ts")], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const one: Phase[] = [];
  const two: Phase[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      one.push(await runPhase(place, 1, clients, level));
      console.log(`  round ${r + 1} one process: `, JSON.stringify(one.at(-1)));
      two.push(await runPhase(place, 2, clients, level));
      console.log(`  round ${r + 1} two processes:`, JSON.stringify(two.at(-1)));
    }
  } finally {
    clients.send({ type: "exit" });
    await place.close();
  }
  const oneP99 = median(one.map((p) => p.patchP99Ms));
  const twoP99 = median(two.map((p) => p.patchP99Ms));
  const what = `${ROOMS} rooms x ${CLIENTS_PER_ROOM} clients, ${level.id}, Redis + PostgreSQL, median of ${ROUNDS} rounds`;
  console.log(`scale.bench: ${what}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
  return [
    {
      name: `patch-interval p99 over two processes (${what})`,
      figure: round(twoP99),
      unit: "ms",
      baselineName: "the same load on one process",
      baselineFigure: round(oneP99),
      ratio: Math.round((oneP99 / twoP99) * 1000) / 1000,
      smallerIsBetter: true,
      target: `two processes' p99 no worse than one's (within ${NOISE_SHARE * 100}% noise)`,
      met: twoP99 <= oneP99 * (1 + NOISE_SHARE),
    },
  ];
}
