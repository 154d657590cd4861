/** Settings that cannot work together are refused at start, by the real `npm start` entry point. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { deploymentProblem } from "../../server/deployment-check.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");

describe("deployment settings", () => {
  it("refuses REDIS_URL without DATABASE_URL (each process would keep its own SQLite file)", () => {
    expect(deploymentProblem({ REDIS_URL: "redis://127.0.0.1:6379" })).toMatch(/^REDIS_URL shares rooms .* Set DATABASE_URL to one PostgreSQL database/);
    expect(deploymentProblem({ REDIS_URL: "redis://127.0.0.1:6379", DATABASE_URL: "postgres://127.0.0.1/test" })).toBeNull();
    expect(deploymentProblem({})).toBeNull();
    expect(deploymentProblem({ REDIS_URL: "  " })).toBeNull();
  });

  it("npm start exits 1 with the reason before building or listening", async () => {
    const failure = await run(process.execPath, ["--import", "tsx", "server/main.ts"], { cwd: ROOT, env: { ...process.env, REDIS_URL: "redis://127.0.0.1:6379", DATABASE_URL: "", PORT: "0" } }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("Split Brain could not start: REDIS_URL shares rooms between several server processes");
  });
});
