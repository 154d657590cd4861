/**
 * `npm run verify`: re-run every stored result with replay() and compare the hash, score, stars
 * and message count with what was stored. Prints each mismatch; exits 1 if there is any, 0 when
 * every result that can be checked agrees. Results of a level version this server no longer has
 * cannot be replayed: they are listed as unverifiable (exit 0, unless --strict).
 *
 * Reads the same environment as the server: DATABASE_URL (PostgreSQL) or DATA_DIR (SQLite).
 * SQLite runs in WAL mode, so this can run while the server is up.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { computeVerdict } from "../../shared/checks/verdict.js";
import type { Level } from "../../shared/level/level.js";
import { replay } from "../../shared/sim/replay.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { loadLevels, withVariants } from "../level-files.js";
import { describeStore, openStore } from "../store/open-store.js";
import { ALL_RESULTS_LIMIT_MAX, type Store, type StoredResult } from "../store/store.js";
import { CATALOG } from "../../shared/protocols/catalog.js";

export interface Mismatch {
  resultId: string;
  levelId: string;
  nickname: string;
  /** Which stored fields disagree with the replay: "hash: stored abc, replayed def". */
  differences: string[];
}

export interface VerifyReport {
  checked: number;
  mismatches: Mismatch[];
  /** Results that could not be replayed (unknown level or version, broken input log). */
  unverifiable: { resultId: string; reason: string }[];
}

export async function verifyResults(store: Store, levels: readonly Level[], onProgress?: (checked: number) => void): Promise<VerifyReport> {
  const report: VerifyReport = { checked: 0, mismatches: [], unverifiable: [] };
  let afterId: string | undefined;
  for (;;) {
    const page = await store.allResults({ limit: ALL_RESULTS_LIMIT_MAX, ...(afterId ? { afterId } : {}) });
    if (page.length === 0) break;
    for (const result of page) {
      verifyOne(result, levels, report);
      report.checked++;
    }
    onProgress?.(report.checked);
    afterId = page[page.length - 1]!.id;
  }
  return report;
}

function verifyOne(result: StoredResult, levels: readonly Level[], report: VerifyReport): void {
  const level = levels.find((l) => l.id === result.levelId);
  if (!level) {
    report.unverifiable.push({ resultId: result.id, reason: `level ${result.levelId} is not in levels/` });
    return;
  }
  if (level.version !== result.levelVersion) {
    report.unverifiable.push({ resultId: result.id, reason: `stored for ${result.levelId} v${result.levelVersion}, levels/ has v${level.version}` });
    return;
  }
  let replayed: ReturnType<typeof replay>;
  try {
    replayed = replay(level, CATALOG, result.seed, result.inputs as InputRecord[], result.playMode);
  } catch (error) {
    report.unverifiable.push({ resultId: result.id, reason: `replay failed: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  const verdict = computeVerdict(replayed.world);
  const differences: string[] = [];
  const compare = (field: string, stored: unknown, again: unknown) => {
    if (stored !== again) differences.push(`${field}: stored ${String(stored)}, replayed ${String(again)}`);
  };
  compare("hash", result.hash, replayed.hash);
  compare("score", result.score, verdict.score);
  compare("stars", result.stars, verdict.stars);
  compare("passed", result.passed, verdict.passed);
  compare("messages", result.messages, verdict.metrics.seatMessages);
  if (differences.length > 0) report.mismatches.push({ resultId: result.id, levelId: result.levelId, nickname: result.nickname, differences });
}

async function main(): Promise<void> {
  const strict = process.argv.includes("--strict");
  const levels = withVariants(loadLevels(path.join(fileURLToPath(new URL("../..", import.meta.url)), "levels")));
  console.log(`Verifying stored results in ${describeStore(process.env)} against ${levels.length} level(s)...`);
  const store = await openStore(process.env);
  let report: VerifyReport;
  try {
    report = await verifyResults(store, levels);
  } finally {
    await store.close();
  }
  for (const m of report.mismatches) console.log(`MISMATCH ${m.resultId} (${m.levelId}, ${m.nickname}): ${m.differences.join("; ")}`);
  for (const u of report.unverifiable) console.log(`unverifiable ${u.resultId}: ${u.reason}`);
  console.log(`${report.checked} result(s) checked: ${report.mismatches.length} mismatch(es), ${report.unverifiable.length} unverifiable.`);
  if (report.mismatches.length > 0) {
    console.log("A mismatch means the stored score is not what the game's own inputs produce: the shared/ rules changed without a level version bump, or the row was altered.");
    process.exitCode = 1;
  } else if (strict && report.unverifiable.length > 0) {
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`verify: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  });
}
