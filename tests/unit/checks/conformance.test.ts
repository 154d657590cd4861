/**
 * The conformance table's rules (shared/checks/conformance.ts): which runs a level gets, when a
 * mistake counts as caught, and when a row fails CI. The games themselves run in
 * `npm run conformance`; here each rule is checked on outcomes built by hand.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { conformanceRuns, isCaught, rowFailure, runInputs, summarize, type GameOutcome } from "../../../shared/checks/conformance.js";
import { parseLevel } from "../../../shared/level/parse-level.js";
import { CATALOG } from "../../../shared/protocols/catalog.js";
import { loadLevelFile, LEVELS_DIR } from "../../../server/level-files.js";

const l08 = loadLevelFile(join(LEVELS_DIR, "l08-reach-consensus.json"));
const l09 = loadLevelFile(join(LEVELS_DIR, "l09-order-events-without-wall-clocks.json"));
const game = (seed: number, stars: number, violations: string[] = []): GameOutcome => ({ seed, stars, violations, failedGoals: [] });

describe("conformanceRuns", () => {
  it("runs the correct bots once, then every named mistake from every seat whose role it can play", () => {
    const runs = conformanceRuns(l08, CATALOG);
    expect(runs[0]).toEqual({ policy: "correct", seat: null, kind: "correct" });
    expect(runs.filter((r) => r.policy === "forgetful").map((r) => r.seat)).toEqual(["N1", "N2", "N3", "N4", "N5"]);
    expect(runs.find((r) => r.policy === "eager")?.kind).toBe("liveness");
    expect(runs.some((r) => r.policy === "correct" && r.seat !== null)).toBe(false);
  });

  it("never puts a mistake in a seat no player can take (l09's archivist)", () => {
    expect(conformanceRuns(l09, CATALOG).some((r) => r.seat === "ARCHIVIST")).toBe(false);
  });

  it("puts the mistake in its seat with a control input at tick 0", () => {
    expect(runInputs({ policy: "figure8", seat: "N2", kind: "safety" })).toEqual([{ tick: 0, node: "N2", action: "$control", params: { controller: "bot", policy: "figure8" } }]);
    expect(runInputs({ policy: "correct", seat: null, kind: "correct" })).toEqual([]);
  });
});

describe("isCaught", () => {
  it("a safety mistake is caught by a safety violation, not by lost stars", () => {
    const run = { policy: "figure8", seat: "N1", kind: "safety" } as const;
    expect(isCaught(run, game(1, 3, ["raft/commit-rule: ..."]), game(1, 3))).toBe(true);
    expect(isCaught(run, game(1, 1), game(1, 3))).toBe(false);
  });
  it("a liveness mistake is caught when it earns fewer stars than the correct bots on the same seed", () => {
    const run = { policy: "eager", seat: "N1", kind: "liveness" } as const;
    expect(isCaught(run, game(1, 2), game(1, 3))).toBe(true);
    expect(isCaught(run, game(1, 2), game(1, 2))).toBe(false);
  });
});

describe("summarize and rowFailure", () => {
  const withFloor = { ...l08, mistakeFloors: { figure8: 0.9 } };
  it("counts catches, the first seed, and fails a row under the level's floor", () => {
    const run = { policy: "figure8", seat: "N3", kind: "safety" } as const;
    const games = [game(1, 3), game(2, 0, ["raft/commit-rule: N3 ..."]), game(3, 3)];
    const row = summarize(withFloor, run, games, new Map());
    expect(row).toMatchObject({ games: 3, caught: 1, firstSeed: 2, example: "raft/commit-rule: N3 ...", floor: 0.9 });
    expect(rowFailure(row)).toBe("figure8 from N3 caught on 33.3% of seeds, under the level's floor of 90%");
    expect(rowFailure(summarize(withFloor, run, [game(2, 0, ["x"])], new Map()))).toBeNull();
  });
  it("fails the correct run on any safety violation, naming the first seed", () => {
    const row = summarize(l08, { policy: "correct", seat: null, kind: "correct" }, [game(1, 3), game(7, 0, ["raft/vote-once: N2 ..."])], new Map());
    expect(rowFailure(row)).toBe("correct bots broke a safety rule on 1 of 2 seeds (first: seed 7: raft/vote-once: N2 ...)");
  });
});

describe("mistakeFloors in a level file", () => {
  const raw = () => JSON.parse(readFileSync(join(LEVELS_DIR, "l08-reach-consensus.json"), "utf8")) as Record<string, unknown>;
  it("accepts a floor for a named mistake", () => {
    const parsed = parseLevel({ ...raw(), mistakeFloors: { figure8: 0.5 } }, CATALOG);
    expect(parsed.ok && parsed.value.mistakeFloors).toEqual({ figure8: 0.5 });
  });
  it("refuses a policy that is not a named mistake, and a floor outside 0..1, naming the field", () => {
    const notMistake = parseLevel({ ...raw(), mistakeFloors: { correct: 0.5 } }, CATALOG);
    expect(!notMistake.ok && notMistake.error.path).toBe("mistakeFloors.correct");
    const tooHigh = parseLevel({ ...raw(), mistakeFloors: { figure8: 1.5 } }, CATALOG);
    expect(!tooHigh.ok && tooHigh.error.path).toBe("mistakeFloors.figure8");
  });
});
