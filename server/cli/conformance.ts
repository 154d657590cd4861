/**
 * `npm run conformance [-- --seeds 200] [--level l08-reach-consensus] [--json FILE]`: the
 * conformance table of every level (shared/checks/conformance.ts). Correct bots over N seeds
 * (safety violations, failed goals, stars), then every named mistake from every seat a player can
 * take (catch rate, first seed that catches it). Exits 1 when a correct bot breaks a safety rule or
 * a mistake is caught on fewer seeds than its level's floor. Games run on every core (child
 * processes); each game is a pure replay, so the table is the same on any machine.
 */
import { availableParallelism } from "node:os";
import { writeFileSync } from "node:fs";
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { conformanceRuns, outcomeOf, rowFailure, runInputs, summarize, type ConformanceRow, type GameOutcome } from "../../shared/checks/conformance.js";
import { CATALOG } from "../../shared/protocols/catalog.js";
import { replay } from "../../shared/sim/replay.js";
import { loadLevels } from "../level-files.js";

interface Job {
  level: string;
  run: number;
  seeds: number[];
}

const USAGE = "usage: npm run conformance -- [--seeds N] [--first-seed N] [--level ID] [--json FILE]";

function parseArgs(argv: readonly string[]): { seeds: number; firstSeed: number; level: string | null; json: string | null } {
  const out = { seeds: 200, firstSeed: 1, level: null as string | null, json: null as string | null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (flag === "--seeds" || flag === "--first-seed") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error(`${flag} must be a whole number from 1 to 1000000\n${USAGE}`);
      if (flag === "--seeds") out.seeds = n;
      else out.firstSeed = n;
    } else if (flag === "--level") out.level = value;
    else if (flag === "--json") out.json = value;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
    i++;
  }
  return out;
}

let workerLevels: ReturnType<typeof loadLevels> | null = null;

/** One game per seed of one run, in a worker (which reads the level files once). */
function play(job: Job): GameOutcome[] {
  workerLevels ??= loadLevels();
  const level = workerLevels.find((l) => l.id === job.level)!;
  const run = conformanceRuns(level, CATALOG)[job.run]!;
  return job.seeds.map((seed) => outcomeOf(seed, computeVerdict(replay(level, CATALOG, seed, runInputs(run), "free").world)));
}

// The same file is the worker: a child process (tsx's loader reaches forked children, not
// worker threads, on Node 20) that plays the jobs it is sent until told to stop.
if (process.env.CONFORMANCE_WORKER === "1") {
  process.on("message", (job: Job | "stop") => {
    if (job === "stop") process.exit(0);
    process.send!({ job, games: play(job) });
  });
} else {
  await main();
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`conformance: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const levels = loadLevels().filter((l) => args.level === null || l.id === args.level);
  if (levels.length === 0) {
    process.stderr.write(`conformance: no level ${args.level}\n`);
    process.exit(2);
  }
  const seeds = Array.from({ length: args.seeds }, (_, k) => args.firstSeed + k);
  const CHUNK = 25;
  const jobs: Job[] = [];
  for (const level of levels) {
    conformanceRuns(level, CATALOG).forEach((_, run) => {
      for (let k = 0; k < seeds.length; k += CHUNK) jobs.push({ level: level.id, run, seeds: seeds.slice(k, k + CHUNK) });
    });
  }
  const results = new Map<string, GameOutcome[]>();
  const started = Date.now();
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    const queue = [...jobs];
    const workers = Math.max(1, Math.min(availableParallelism(), queue.length));
    let running = workers;
    for (let w = 0; w < workers; w++) {
      const worker = fork(fileURLToPath(import.meta.url), [], { execArgv: ["--import", "tsx"], env: { ...process.env, CONFORMANCE_WORKER: "1" } });
      worker.on("error", reject);
      const next = () => worker.send(queue.shift() ?? "stop");
      worker.on("message", (message) => {
        const { job, games } = message as { job: Job; games: GameOutcome[] };
        const key = `${job.level}#${job.run}`;
        results.set(key, [...(results.get(key) ?? []), ...games]);
        done++;
        if (process.stderr.isTTY || done % 20 === 0 || done === jobs.length) process.stderr.write(`\r${done}/${jobs.length} batches of ${CHUNK} games (${((Date.now() - started) / 1000).toFixed(0)} s)${done === jobs.length ? "\n" : ""}`);
        next();
      });
      worker.on("exit", (code) => {
        if (code !== 0) reject(new Error(`a conformance worker exited with code ${code}`));
        if (--running === 0) resolve();
      });
      next();
    }
  });

  const rows: (ConformanceRow & { level: string })[] = [];
  const failures: string[] = [];
  for (const level of levels) {
    const runs = conformanceRuns(level, CATALOG);
    const correct = new Map((results.get(`${level.id}#0`) ?? []).map((g) => [g.seed, g]));
    runs.forEach((run, k) => {
      const games = (results.get(`${level.id}#${k}`) ?? []).sort((a, b) => a.seed - b.seed);
      const row = { level: level.id, ...summarize(level, run, games, correct) };
      rows.push(row);
      const failure = rowFailure(row);
      if (failure) failures.push(`${level.id}: ${failure}`);
    });
  }
  process.stdout.write(formatTable(rows, args.seeds, args.firstSeed) + "\n");
  if (args.json) writeFileSync(args.json, JSON.stringify({ seeds: args.seeds, firstSeed: args.firstSeed, rows }, null, 2));
  if (failures.length > 0) {
    process.stdout.write(`\nFAILED\n${failures.map((f) => `  ${f}`).join("\n")}\n`);
    process.exit(1);
  }
  process.stdout.write(`\nOK: no correct bot broke a safety rule; every mistake was caught at or above its level's floor.\n`);
}

function formatTable(rows: readonly (ConformanceRow & { level: string })[], seeds: number, firstSeed: number): string {
  const pct = (n: number, d: number) => (d === 0 ? "-" : `${((n / d) * 100).toFixed(1)}%`);
  const header = ["level", "bot", "seat", "kind", "caught", "floor", "first seed", "stars", "violations", "goals missed (seeds)"];
  const body = rows.map((r) => [
    r.level,
    r.policy,
    r.seat ?? "all",
    r.kind,
    r.kind === "correct" ? "-" : pct(r.caught, r.games),
    r.floor === null ? "-" : `${(r.floor * 100).toFixed(0)}%`,
    r.firstSeed === null ? "-" : String(r.firstSeed),
    r.meanStars.toFixed(2),
    `${r.violating}/${r.games}`,
    Object.entries(r.failedGoals).map(([g, n]) => `${g} ${n}`).join(", ") || "-",
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd();
  return [`Conformance over ${seeds} seeds (${firstSeed}..${firstSeed + seeds - 1})`, line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}
