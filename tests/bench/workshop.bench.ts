/**
 * A 200-student workshop on one server process (issue 16): 50 teams of 4 students on l08, each
 * student's page in its team's game with every autopilot chore on, the facilitator's console
 * connected to the workshop (which reads every team's status each second and sends the live
 * view), against, in the same run:
 *   - 50 bare Colyseus rooms of 4 clients each, the same state size (the issue's baseline for
 *     the patch-interval p99: within 1.2x);
 *   - the same 50 team rooms of 4 clients without a workshop (what the console's live view adds
 *     to the game rooms' CPU: under 5%).
 * Phases rotate (workshop, teams, bare) after a warm-up round; each figure is the median round.
 * Clients run in a child process on the other core (rooms-clients.ts); the server is pinned.
 *
 *   npx tsx tests/bench/workshop.bench.ts   (BENCH_WORKSHOP_TEAMS=50 BENCH_WORKSHOP_ROUNDS=3)
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startGameServer } from "../../server/app.js";
import { loadLevels } from "../../server/level-files.js";
import { defineRooms, LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import { median, type BenchResult } from "./bench.js";
import { BareRoom } from "./bare-room.js";
import { medianFigures, pinToCore, round, runPhase, type PhaseFigures } from "./room-phases.js";

const TEAMS = Number(process.env.BENCH_WORKSHOP_TEAMS ?? 50);
const TEAM_SIZE = 4;
const ROUNDS = Number(process.env.BENCH_WORKSHOP_ROUNDS ?? 3);
const TIMING = { warmupMs: Number(process.env.BENCH_WARMUP_MS ?? 3000), measureMs: Number(process.env.BENCH_MEASURE_MS ?? 6000) };
const P99_RATIO_TARGET = 1.2;
const CONSOLE_CPU_TARGET = 0.05;
const HERE = path.dirname(fileURLToPath(import.meta.url));

export async function run(): Promise<BenchResult[]> {
  const level = loadLevels().find((l) => l.id === "l08-reach-consensus");
  if (!level) throw new Error("workshop.bench needs levels/l08-reach-consensus.json");
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
    // Two hundred students from one address: the matchmaking limits would cut them.
    matchmakeLimits: { createsPerMinute: 1_000_000, joinsPerMinute: 1_000_000 },
  });
  const pinned = pinToCore(process.pid, 0);
  const args = ["--import", "tsx", path.join(HERE, "rooms-clients.ts")];
  const child = pinned
    ? spawn("taskset", ["-c", "1", process.execPath, ...args], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
    : spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const seats = level.seats.nodes.slice(0, TEAM_SIZE);
  const common = { port: server.port, rooms: TEAMS, clientsPerRoom: TEAM_SIZE, chores: level.autopilot };
  try {
    const rounds: { workshop: PhaseFigures; teams: PhaseFigures; bare: PhaseFigures }[] = [];
    let padBytes = 0;
    for (let round_ = 0; round_ <= ROUNDS; round_++) {
      const workshop = await runPhase(child, TIMING, { ...common, roomName: "workshop", createOptions: { levelId: level.id }, kind: "workshop", seats: [] });
      const teams = await runPhase(child, TIMING, { ...common, roomName: LEVEL_ROOM_NAME, createOptions: { levelId: level.id, mode: "team", seed: 1 }, kind: "level", seats });
      if (round_ === 0) padBytes = Math.max(0, teams.fullStateBytesMedian - 60);
      const bare = await runPhase(child, TIMING, { ...common, roomName: "bare", createOptions: { padBytes }, kind: "bare", seats: [], chores: [] });
      // The first round compiles the game's code in this process: not counted (see rooms.bench.ts).
      if (round_ > 0) rounds.push({ workshop, teams, bare });
    }
    const what = `${TEAMS} teams x ${TEAM_SIZE} students on ${level.id}, server ${pinned ? "pinned to 1 core" : "NOT pinned (no taskset)"}, median of ${ROUNDS} rounds`;
    console.log(`workshop.bench: ${what}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
    for (const [i, r] of rounds.entries()) console.log(`  round ${i + 1}:`, JSON.stringify({ workshopP99: r.workshop.patchP99Ms, bareP99: r.bare.patchP99Ms, workshopCpu: r.workshop.cpuShare, teamsCpu: r.teams.cpuShare, clients: r.workshop.clients }));
    const w = medianFigures(rounds.map((r) => r.workshop));
    const b = medianFigures(rounds.map((r) => r.bare));
    const t = medianFigures(rounds.map((r) => r.teams));
    const consoleCost = median(rounds.map((r) => (r.workshop.cpuShare - r.teams.cpuShare) / Math.max(r.teams.cpuShare, 1e-6)));
    return [
      {
        name: `patch-interval p99, every student's game (${what})`,
        figure: round(w.patchP99Ms),
        unit: "ms",
        baselineName: `${TEAMS} bare Colyseus rooms x ${TEAM_SIZE} clients, same state size`,
        baselineFigure: round(b.patchP99Ms),
        ratio: round(w.patchP99Ms / b.patchP99Ms),
        smallerIsBetter: true,
        target: `<= ${P99_RATIO_TARGET}x the bare rooms'`,
        met: w.patchP99Ms <= P99_RATIO_TARGET * b.patchP99Ms,
      },
      {
        name: "the workshop's live console view: server CPU it adds to the game rooms",
        figure: round(w.cpuShare),
        unit: "of a core",
        baselineName: `the same ${TEAMS} team rooms without a workshop`,
        baselineFigure: round(t.cpuShare),
        ratio: round(1 + consoleCost),
        smallerIsBetter: true,
        target: `< ${CONSOLE_CPU_TARGET * 100}% more (measured ${(consoleCost * 100).toFixed(1)}%)`,
        met: consoleCost < CONSOLE_CPU_TARGET,
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
