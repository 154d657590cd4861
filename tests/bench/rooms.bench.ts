/**
 * Room server benchmark: N level rooms of 5 nodes (l08-reach-consensus, or a generated 5-node
 * heartbeat level if l08 is missing), 4 clients each (4 human seats, every autopilot chore on),
 * 10 patches a second; then the same number of bare Colyseus rooms whose state has the same
 * full-state size, in the same run. Clients run in a child process on another core; the server
 * (this process) is pinned to one core when `taskset` exists.
 *
 * Figures: client-observed patch-interval p99, event-loop delay p99, median patch bytes,
 * full-state bytes on join, the share of a core spent in GC pauses, and the capacity ratio estimated from server CPU time per room
 * (rooms one core can carry = 1 / CPU share per room), level vs bare. Level and bare phases
 * alternate in pairs after a warm-up pair; each figure is the median over the pairs (the ratio:
 * the median pair's).
 *
 *   npx tsx tests/bench/rooms.bench.ts   (BENCH_ROOMS=150 BENCH_MEASURE_MS=6000 BENCH_ROOM_PAIRS=7
 *                                         BENCH_ROOM_WARMUP_PAIRS=1 BENCH_WARMUP_MS=3000 by default)
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startGameServer } from "../../server/app.js";
import { loadLevels } from "../../server/level-files.js";
import { defineRooms, LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import type { Level } from "../../shared/level/level.js";
import { heartbeatLevel } from "../support/test-levels.js";
import { median, type BenchResult } from "./bench.js";
import { BareRoom } from "./bare-room.js";
import { medianFigures, pinToCore, round, round3, runPhase, type PhaseFigures } from "./room-phases.js";

const ROOMS = Number(process.env.BENCH_ROOMS ?? 150);
const CLIENTS_PER_ROOM = 4;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 3000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 6000);
/**
 * Level/bare pairs counted. One pair's ratio moves by up to ±0.15 on these shared machines
 * (measured: 0.62-0.81 within one run), so the ratio is the median of seven (~4 minutes).
 */
const PAIRS = Number(process.env.BENCH_ROOM_PAIRS ?? 7);
const WARMUP_PAIRS = Number(process.env.BENCH_ROOM_WARMUP_PAIRS ?? 1);
const PATCH_P99_TARGET_MS = 120;
const CAPACITY_RATIO_TARGET = 0.75;
const PATCH_BYTES_TARGET = 600;
const TIMING = { warmupMs: WARMUP_MS, measureMs: MEASURE_MS };
const HERE = path.dirname(fileURLToPath(import.meta.url));
/**
 * The baseline is a bare room as Colyseus runs it (a timer of its own); the level rooms
 * share one ticker (server/rooms/room-ticker.ts), which saves them CPU (measured: the bare rooms
 * gain nothing from it). Set to 1 to put the bare rooms on that ticker too, for the like-for-like
 * ratio of the game's own cost.
 */
const BARE_SHARED_TICKER = process.env.BENCH_BARE_SHARED_TICKER === "1";

export async function run(): Promise<BenchResult[]> {
  const all = loadLevels();
  const l08 = all.find((l) => l.id === "l08-reach-consensus");
  const seats = ["N1", "N2", "N3", "N4", "N5"];
  const level: Level = l08 ?? heartbeatLevel(5, { seats: { nodes: seats, min: 1, max: 5 }, durationTicks: 6000 });
  const store = openSqliteStore({ path: ":memory:" });
  const server = await startGameServer({
    port: 0,
    host: "127.0.0.1",
    store,
    levels: [level],
    defineRooms: (gameServer) => {
      defineRooms(gameServer, { store, levels: [level] });
      gameServer.define("bare", BareRoom);
    },
    // Hundreds of rooms and clients from one address: matchmaking limits would cut them.
    matchmakeLimits: { createsPerMinute: 1_000_000, joinsPerMinute: 1_000_000 },
  });
  const pinned = pinToCore(process.pid, 0);
  const script = path.join(HERE, "rooms-clients.ts");
  const args = ["--import", "tsx", script];
  const child = pinned
    ? spawn("taskset", ["-c", "1", process.execPath, ...args], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
    : spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    // Level and bare phases alternate, PAIRS times: a shared machine's load moves both figures of
    // a pair alike, and the median pair is what we report.
    // The first WARMUP_PAIRS pairs are not counted: they compile the level room's code (the
    // simulation, bots, checkers, projection: much more than a bare room's), a one-time cost
    // of the process, not of a room. Measured: the level room's CPU fell 0.32 -> 0.27 -> 0.25
    // of a core over three pairs while the bare room's stayed within its noise.
    const pairs: { level: PhaseFigures; bare: PhaseFigures }[] = [];
    let padBytes = 0;
    for (let pair = 0; pair < WARMUP_PAIRS + PAIRS; pair++) {
      const levelRun = await runPhase(child, TIMING, {
        port: server.port,
        roomName: LEVEL_ROOM_NAME,
        rooms: ROOMS,
        clientsPerRoom: CLIENTS_PER_ROOM,
        createOptions: { levelId: level.id, mode: "team", seed: 1 },
        kind: "level",
        seats: level.seats.nodes.slice(0, CLIENTS_PER_ROOM),
        chores: level.autopilot,
      });
      // The bare state's strings make its full state as large as the level room's.
      if (pair === 0) padBytes = Math.max(0, levelRun.fullStateBytesMedian - 60);
      const bareRun = await runPhase(child, TIMING, {
        port: server.port,
        roomName: "bare",
        rooms: ROOMS,
        clientsPerRoom: CLIENTS_PER_ROOM,
        createOptions: { padBytes, sharedTicker: BARE_SHARED_TICKER },
        kind: "bare",
        seats: [],
        chores: [],
      });
      if (pair >= WARMUP_PAIRS) pairs.push({ level: levelRun, bare: bareRun });
      else console.log(`rooms.bench: warm-up pair (not counted): capacity ratio ${round(bareRun.cpuShare / levelRun.cpuShare)}`);
    }
    const what = `${ROOMS} rooms x ${CLIENTS_PER_ROOM} clients, ${level.id}, server ${pinned ? "pinned to 1 core" : "NOT pinned (no taskset)"}, median of ${PAIRS} level/bare pairs${BARE_SHARED_TICKER ? ", bare rooms on the shared ticker" : ""}`;
    // These machines are shared: a high load average means the absolute latencies are not ours alone.
    console.log(`rooms.bench: ${what}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
    for (const [i, { level: l, bare: b }] of pairs.entries()) {
      console.log(`  pair ${i + 1} level:`, JSON.stringify(l));
      console.log(`  pair ${i + 1} bare: `, JSON.stringify(b));
      console.log(`  pair ${i + 1} capacity ratio ${round(b.cpuShare / l.cpuShare)}`);
    }
    const mid = (pick: (p: { level: PhaseFigures; bare: PhaseFigures }) => number) => median(pairs.map(pick));
    const levelFigures: PhaseFigures = medianFigures(pairs.map((p) => p.level));
    const bareFigures: PhaseFigures = medianFigures(pairs.map((p) => p.bare));
    // Rooms one core could carry if CPU were the only limit; the ratio is the median pair's.
    const levelCapacity = ROOMS / Math.max(levelFigures.cpuShare, 1e-6);
    const bareCapacity = ROOMS / Math.max(bareFigures.cpuShare, 1e-6);
    const capacityRatio = mid((p) => p.bare.cpuShare / Math.max(p.level.cpuShare, 1e-6));
    return [
      {
        name: `patch-interval p99 (${what})`,
        figure: round(levelFigures.patchP99Ms),
        unit: "ms",
        baselineName: "bare Colyseus room, same state size",
        baselineFigure: round(bareFigures.patchP99Ms),
        ratio: round(bareFigures.patchP99Ms / levelFigures.patchP99Ms),
        smallerIsBetter: true,
        target: `<= ${PATCH_P99_TARGET_MS} ms`,
        met: levelFigures.patchP99Ms <= PATCH_P99_TARGET_MS,
      },
      {
        name: "estimated capacity (rooms per core, from server CPU per room)",
        figure: Math.round(levelCapacity),
        unit: "rooms",
        baselineName: "bare Colyseus room, same state size",
        baselineFigure: Math.round(bareCapacity),
        ratio: round(capacityRatio),
        target: `>= ${CAPACITY_RATIO_TARGET} of the bare room's`,
        met: capacityRatio >= CAPACITY_RATIO_TARGET,
      },
      {
        name: "bytes per patch (median, per client)",
        figure: levelFigures.patchBytesMedian,
        unit: "bytes",
        baselineName: "bare Colyseus room, same state size",
        baselineFigure: bareFigures.patchBytesMedian,
        ratio: round(bareFigures.patchBytesMedian / levelFigures.patchBytesMedian),
        smallerIsBetter: true,
        target: `<= ${PATCH_BYTES_TARGET} bytes`,
        met: levelFigures.patchBytesMedian <= PATCH_BYTES_TARGET,
      },
      {
        name: "full state on join (median)",
        figure: levelFigures.fullStateBytesMedian,
        unit: "bytes",
        baselineName: "bare Colyseus room (padded to the same size)",
        baselineFigure: bareFigures.fullStateBytesMedian,
        ratio: round(bareFigures.fullStateBytesMedian / levelFigures.fullStateBytesMedian),
        smallerIsBetter: true,
        target: "reported (no target)",
        met: true,
      },
      {
        name: "garbage-collection pauses (share of a core, server main thread)",
        figure: round3(levelFigures.gcPauseShare),
        unit: "of a core",
        baselineName: "bare Colyseus room, same state size",
        baselineFigure: round3(bareFigures.gcPauseShare),
        ratio: round(bareFigures.gcPauseShare / Math.max(levelFigures.gcPauseShare, 1e-6)),
        smallerIsBetter: true,
        target: "reported (no target): part of the capacity figure's CPU share",
        met: true,
      },
      {
        name: "event-loop delay p99 (server)",
        figure: round(levelFigures.loopDelayP99Ms),
        unit: "ms",
        baselineName: "bare Colyseus room, same state size",
        baselineFigure: round(bareFigures.loopDelayP99Ms),
        ratio: round(bareFigures.loopDelayP99Ms / levelFigures.loopDelayP99Ms),
        smallerIsBetter: true,
        target: "reported (no target)",
        met: true,
      },
    ];
  } finally {
    child.send({ type: "exit" });
    await server.close();
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = Date.now();
  run().then(
    (results) => {
      for (const r of results) console.log(`${r.met ? "MET " : "MISS"} ${r.name}: ${r.figure} ${r.unit} (baseline ${r.baselineName}: ${r.baselineFigure}; ratio ${r.ratio}; target ${r.target})`);
      console.log(`took ${Math.round((Date.now() - started) / 1000)} s`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
