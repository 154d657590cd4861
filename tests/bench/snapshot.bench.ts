/**
 * Saving a running game's snapshot (issue 11 item 5): a game whose input log has grown to about
 * 1.5 MB is saved once per game-second. Figure: one such save to SQLite with the log kept as rows
 * appended once (what the store does), when 10 inputs are new since the last save. Baseline, in
 * the same run: the same snapshot written the way the store did before, the whole log serialised
 * and written as one row (40-115 ms on the main thread in the hardening report).
 */
import Database from "better-sqlite3";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import { newResumeSecret, type LiveGame } from "../../server/store/store.js";
import { median, timeMs, type BenchResult } from "./bench.js";

const LOG_BYTES = 1_500_000;
const NEW_PER_SAVE = 10;
const SAVES = 30;
const TARGET_RATIO = 10;

function input(i: number): unknown {
  return { tick: i, node: `N${(i % 5) + 1}`, action: "sendNote", params: { to: "N2", seq: i, text: "a note of some length, as players type" } };
}

function game(inputs: unknown[]): LiveGame {
  return {
    roomId: "BENCH1",
    gameId: "bench-game",
    levelId: "l09-order-events-without-wall-clocks",
    levelVersion: 1,
    seed: 7,
    mode: "team",
    playMode: "free",
    inputs,
    tick: inputs.length,
    speedTicks: 1,
    listed: false,
    paused: false,
    board: null,
    seats: [{ node: "N1", nickname: "bench", classCode: null, resumeSecret: newResumeSecret() }],
  };
}

export async function run(): Promise<BenchResult[]> {
  const perInput = JSON.stringify(input(0)).length + 1;
  const inputs = Array.from({ length: Math.ceil(LOG_BYTES / perInput) }, (_, i) => input(i));

  const store = openSqliteStore({ path: ":memory:" });
  await store.saveLiveGame(game(inputs));
  const appendMs: number[] = [];
  for (let s = 0; s < SAVES; s++) {
    for (let k = 0; k < NEW_PER_SAVE; k++) inputs.push(input(inputs.length));
    const snapshot = game(inputs.slice());
    const start = process.hrtime.bigint();
    await store.saveLiveGame(snapshot);
    appendMs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  await store.close();

  // The old way: the whole log as one JSON text in the snapshot's row, rewritten every save.
  const db = new Database(":memory:");
  db.exec(`CREATE TABLE live_games (room_id TEXT PRIMARY KEY, inputs_json TEXT NOT NULL, seats_json TEXT NOT NULL)`);
  const write = db.prepare(`INSERT OR REPLACE INTO live_games (room_id, inputs_json, seats_json) VALUES (?, ?, ?)`);
  const wholeMs: number[] = [];
  for (let s = 0; s < SAVES; s++) {
    for (let k = 0; k < NEW_PER_SAVE; k++) inputs.push(input(inputs.length));
    const snapshot = game(inputs.slice());
    wholeMs.push(timeMs(() => write.run(snapshot.roomId, JSON.stringify(snapshot.inputs), JSON.stringify(snapshot.seats))));
  }
  db.close();

  const figure = median(appendMs);
  const baseline = median(wholeMs);
  const ratio = baseline / figure;
  return [
    {
      name: `snapshot save, ${(LOG_BYTES / 1e6).toFixed(1)} MB log, ${NEW_PER_SAVE} new inputs (median of ${SAVES})`,
      figure,
      unit: "ms",
      baselineName: "the whole log rewritten as one row",
      baselineFigure: baseline,
      ratio,
      smallerIsBetter: true,
      target: `at least ${TARGET_RATIO}x faster than rewriting the whole log`,
      met: ratio >= TARGET_RATIO,
    },
  ];
}
