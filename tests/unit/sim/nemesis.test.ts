/**
 * The nemesis' budget and the level's limits (shared/sim/nemesis.ts): decided by the engine on
 * the input log, so the same faults are refused live and in a replay; and their score
 * (shared/checks/nemesis-score.ts) from hand-built finished games.
 */
import { describe, expect, it } from "vitest";
import { advanceTo, createWorld } from "../../../shared/sim/world.js";
import { submitInput, FACILITATOR } from "../../../shared/sim/inputs.js";
import { replay } from "../../../shared/sim/replay.js";
import { gameHash } from "../../../shared/sim/state-hash.js";
import { checkNemesisFault, NEMESIS, nemesisBudget, nemesisLimits, nemesisMoves } from "../../../shared/sim/nemesis.js";
import { MISSED_GOAL_POINTS, NEMESIS_AFTERMATH_TICKS, nemesisMarks, nemesisScore } from "../../../shared/checks/nemesis-score.js";
import type { FaultSpec } from "../../../shared/level/faults.js";
import type { InputRecord } from "../../../shared/sim/world-types.js";
import { heartbeatLevel } from "../../support/test-levels.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

const level = heartbeatLevel(3, { durationTicks: 1200 });
const split: FaultSpec = { kind: "partition", atTick: 0, untilTick: 100, groups: [["N1"], ["N2", "N3"]] };
const crash: FaultSpec = { kind: "crash", atTick: 0, node: "N2", recoverAtTick: 50 };
const jump: FaultSpec = { kind: "clock-step", atTick: 0, node: "N3", stepTicks: 30 };

const declare = (tick: number, points: number): InputRecord => ({ tick, node: FACILITATOR, action: "$nemesis", params: { points } });
const thrown = (tick: number, fault: FaultSpec, by = "Mo"): InputRecord => ({ tick, node: NEMESIS, action: "$fault", params: { fault, by } });

describe("the nemesis' budget and limits", () => {
  it("the level's limits come from its length", () => {
    expect(nemesisLimits({ durationTicks: 1200 })).toEqual({ faultTicksMax: 200, activeMax: 2, quietEndTicks: 120, clockStepTicksMax: 100 });
    expect(nemesisLimits({ durationTicks: 6000 }).faultTicksMax).toBe(300);
    expect(nemesisLimits({ durationTicks: 120 }).faultTicksMax).toBe(50);
  });

  it("refuses every fault when no nemesis was declared, and reads the last declaration", () => {
    expect(checkNemesisFault(level, [], 10, split)).toEqual({ ok: false, error: expect.stringMatching(/No nemesis plays/) });
    expect(nemesisBudget([declare(0, 5), declare(10, 7)])).toBe(7);
    expect(nemesisBudget([{ ...declare(0, 5), refused: "no" }])).toBeNull();
  });

  it("charges by kind and refuses over budget, in words", () => {
    const log = [declare(0, 4), thrown(10, split)];
    expect(nemesisMoves(log).map((m) => [m.tick, m.cost, m.endTick, m.by])).toEqual([[10, 3, 110, "Mo"]]);
    expect(checkNemesisFault(level, log, 200, jump)).toEqual({ ok: true, value: 1 });
    const over = checkNemesisFault(level, log, 200, crash);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error).toBe("Over budget: a crash costs 3 points and 1 of your 4 are left.");
    // A refused throw costs nothing.
    expect(nemesisMoves([...log, { ...thrown(20, crash), refused: "over" }])).toHaveLength(1);
  });

  it("keeps to the level's limits: no heal, no drift, starts now, ends by itself, not too long, not at the end, two at once", () => {
    const log = [declare(0, 100)];
    const no = (fault: FaultSpec, tick = 10, inputs = log): string => {
      const r = checkNemesisFault(level, inputs, tick, fault);
      return r.ok ? "allowed" : r.error;
    };
    expect(no({ kind: "heal", atTick: 0 })).toMatch(/cannot heal/);
    expect(no({ kind: "clock-drift", atTick: 0, node: "N1", driftPpm: 500 })).toMatch(/cannot make a clock drift/);
    expect(no({ ...split, atTick: 5, untilTick: 105 })).toMatch(/starts now/);
    expect(no({ kind: "partition", atTick: 0, groups: [["N1"], ["N2"]] })).toMatch(/must end by itself: give it untilTick/);
    expect(no({ kind: "crash", atTick: 0, node: "N1" })).toMatch(/recoverAtTick/);
    expect(no({ ...split, untilTick: 201 })).toBe("Too long: a nemesis fault lasts at most 20 s in this level; this one lasts 20.1 s.");
    expect(no({ ...jump, stepTicks: -150 })).toMatch(/Too big a jump/);
    expect(no(split, 1000)).toMatch(/Too late: the last 12 s/);
    expect(no(split, 980)).toBe("allowed");
    const two = [...log, thrown(10, split), thrown(12, crash)];
    expect(no(jump, 20, two)).toMatch(/at most 2 nemesis faults act at once, and 2 do now/);
    // The crash is over at 62: one acts, another may go.
    expect(no(jump, 62, two)).toBe("allowed");
  });

  it("is decided by the engine on the log, the same live and in a replay", () => {
    const world = createWorld(level, TEST_CATALOG, 5);
    submitInput(world, FACILITATOR, "$nemesis", { points: 4 });
    advanceTo(world, 30);
    expect(submitInput(world, NEMESIS, "$fault", { fault: split, by: "Mo" }).ok).toBe(true);
    expect(world.faults.at(-1)).toMatchObject({ kind: "partition", atTick: 30, untilTick: 130 });
    advanceTo(world, 40);
    const refused = submitInput(world, NEMESIS, "$fault", { fault: crash, by: "Mo" });
    expect(refused).toEqual({ ok: false, error: { code: "rule", message: "Over budget: a crash costs 3 points and 1 of your 4 are left." } });
    expect(submitInput(world, NEMESIS, "$fault", { fault: { kind: "heal", atTick: 0 } }).ok).toBe(false);
    expect(submitInput(world, NEMESIS, "$knob", {}).ok).toBe(false);
    expect(submitInput(world, FACILITATOR, "$nemesis", { points: -1 }).ok).toBe(false);
    advanceTo(world, level.durationTicks);
    const again = replay(level, TEST_CATALOG, 5, world.inputs);
    expect(gameHash(again.world)).toBe(gameHash(world));
    expect(nemesisMoves(again.world.inputs)).toHaveLength(1);
  });
});

describe("the nemesis' score", () => {
  const scoring = { ...level.scoring, perViolation: 500 };
  const v = (check: string, tick: number) => ({ check, tick, message: `${check} broke`, evidence: [] });
  const goals = [
    { id: "up", title: "Stay up", met: false },
    { id: "fast", title: "Be fast", met: true },
  ];

  it("is null when no nemesis played", () => {
    expect(nemesisScore({ level: { scoring }, inputs: [], violations: [v("x", 5)], goals })).toBeNull();
  });

  it("counts violations while a fault acts or in its aftermath, and the goals missed", () => {
    const inputs = [declare(0, 10), thrown(100, split, "Mo"), thrown(500, jump, "Zed")];
    const score = nemesisScore({
      level: { scoring },
      inputs,
      violations: [v("before", 90), v("during", 150), v("aftermath", 200 + NEMESIS_AFTERMATH_TICKS), v("too-late", 201 + NEMESIS_AFTERMATH_TICKS), v("after-jump", 550)],
      goals,
    })!;
    expect(score.violations.map((x) => [x.check, x.move])).toEqual([["during", 0], ["aftermath", 0], ["after-jump", 1]]);
    expect(score.missedGoals).toEqual([{ id: "up", title: "Stay up" }]);
    expect(score.points).toBe(3 * 500 + MISSED_GOAL_POINTS);
    expect([score.budget, score.spent]).toEqual([10, 4]);
    const marks = nemesisMarks(score);
    expect(marks).toEqual([
      { fromTick: 100, toTick: 200, tone: "bad", label: "nemesis Mo: split N1 | N2 N3 for 10 s (3 pts)" },
      { node: "N3", fromTick: 500, toTick: 500, tone: "bad", label: "nemesis Zed: N3's clock jumps 3 s (1 pt)" },
    ]);
  });

  it("a nemesis who threw nothing caused no missed goal and no violation", () => {
    const score = nemesisScore({ level: { scoring }, inputs: [declare(0, 10)], violations: [v("x", 5)], goals })!;
    expect(score).toMatchObject({ points: 0, spent: 0, violations: [], missedGoals: [] });
  });
});
