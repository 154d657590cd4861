/**
 * `npm run verify`: an honest stored result replays clean; a tampered score or hash is reported
 * and makes the command exit 1.
 */
import { execFile } from "node:child_process";
import { newResultOf } from "../../server/store/result-of-game.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { replay } from "../../shared/sim/replay.js";
import { submitInput } from "../../shared/sim/inputs.js";
import { createWorld, advanceTo } from "../../shared/sim/world.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import { loadLevels } from "../../server/level-files.js";
import { verifyResults } from "../../server/cli/verify-results.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import type { NewResult } from "../../server/store/store.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const levels = loadLevels();
const level = levels.find((l) => l.id === "l00-hello-network")!;
const dataDir = mkdtempSync(path.join(tmpdir(), "split-brain-verify-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function honestResult(): NewResult {
  const world = createWorld(level, TEST_CATALOG, 11, { mode: "guided" });
  submitInput(world, "N2", "$control", { controller: "human", autopilot: ["auto-ack"] });
  advanceTo(world, level.durationTicks);
  const verdict = computeVerdict(world);
  expect(replay(level, TEST_CATALOG, 11, world.inputs).hash).toBe(gameHash(world));
  return newResultOf(world, verdict, gameHash(world), { mode: "solo", seatNode: "N2", nickname: "honest", classCode: null });
}

describe("verify-results", () => {
  it("passes honest results and reports tampered ones; the command exits 1 on a mismatch", async () => {
    const file = path.join(dataDir, "split-brain.sqlite");
    const store = openSqliteStore({ path: file });
    const honest = honestResult();
    await store.saveResult(honest);
    let report = await verifyResults(store, levels);
    expect(report).toEqual({ checked: 1, mismatches: [], unverifiable: [] });

    const cheat = await store.saveResult({ ...honest, nickname: "cheat", score: honest.score + 1000 });
    await store.saveResult({ ...honest, nickname: "old", levelVersion: level.version + 1 });
    report = await verifyResults(store, levels);
    expect(report.checked).toBe(3);
    expect(report.mismatches).toEqual([{ resultId: cheat.id, levelId: level.id, nickname: "cheat", differences: [`score: stored ${honest.score + 1000}, replayed ${honest.score}`] }]);
    expect(report.unverifiable).toHaveLength(1);
    await store.close();

    const run = promisify(execFile);
    const cli = run("npx", ["tsx", "server/cli/verify-results.ts"], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" } });
    await expect(cli).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining(`MISMATCH ${cheat.id}`) });
  });
});
