/**
 * l02 Fallacy Gauntlet: correct bots clear every round; each named mistake loses exactly its
 * round (and with it the third star); a scripted human at S, choosing from the offers legalActions
 * lists, wins three stars and replays to the same hash. (The 200-seed sweep is `npm run
 * conformance -- --level l02-fallacy-gauntlet`.)
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { CARDS, CORRECT_SETTINGS } from "../../shared/protocols/fallacy-gauntlet/cards.js";
import { ROUNDS, roundStart, scheduleOf, TRAFFIC_FROM, TRAFFIC_TO } from "../../shared/protocols/fallacy-gauntlet/schedule.js";
import type { GauntletState, Settings } from "../../shared/protocols/fallacy-gauntlet/state.js";
import { submitInput } from "../../shared/sim/inputs.js";
import { legalActions } from "../../shared/sim/legal-actions.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import type { Mode } from "../../shared/sim/world-types.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const level = loadLevels().find((l) => l.id === "l02-fallacy-gauntlet")!;
const seatAs = (policy: string) => [{ tick: 0, node: "S", action: "$control", params: { controller: "bot", policy } }];
const verdictOf = (seed: number, inputs: ReturnType<typeof seatAs> | []) => computeVerdict(replay(level, TEST_CATALOG, seed, inputs, "free").world);
const ROUND_GOALS = ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"];

describe("l02 with correct bots", () => {
  it("clears all eight rounds and the bonus on 60 seeds: three stars", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const verdict = verdictOf(seed, []);
      expect(verdict.goals.filter((g) => !g.met), `seed ${seed}`).toEqual([]);
      expect(verdict.stars, `seed ${seed}`).toBe(3);
    }
  });
});

describe("l02 mistakes: each loses its own round, and only that", () => {
  it.each([
    ["retry-no-key", "r1", /charged [2-9] times/],
    ["sequential-calls", "r2", /delivered after/],
    ["full-records", "r3", /dropped/],
    ["accept-unsigned", "r4", /sent by EVIL/],
    ["fixed-address", "r5", /of \d+ requests after the move/],
    ["ignore-feed", "r6", /failed to decode/],
    ["no-batching", "r7", /coins; the budget is 20/],
    ["whole-payload", "r8", /never arrived; \d+ fragments were dropped/],
    ["exact-count", "bonus", /no staleness bound/],
  ])("S=%s fails %s", (policy, goal, detail) => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const verdict = verdictOf(seed, seatAs(policy));
      const missed = verdict.goals.filter((g) => !g.met).map((g) => g.id);
      expect(missed, `seed ${seed}`).toEqual([goal, "all"]);
      expect(verdict.goals.find((g) => g.id === goal)!.detail).toMatch(detail);
      expect(verdict.stars).toBe(2);
    }
  });
});

/** The rounds' workloads and phases agree with the protocol's schedule and cards. */
describe("l02's file agrees with its protocol", () => {
  const schedule = scheduleOf(level.protocolOptions);
  it("each round's phase opens on its card's assumption, at its start, enabling its own setting", () => {
    ROUNDS.forEach((round, i) => {
      const phase = level.phases[i]!;
      expect(phase.atTick).toBe(roundStart(schedule, round));
      expect(phase.enable).toEqual([round === "bonus" ? "answer" : round]);
      if (round !== "bonus") expect(phase.title).toContain(CARDS[round].assumption);
    });
  });

  it("each round's traffic runs inside its own round", () => {
    const byWorkload: Record<string, (typeof ROUNDS)[number]> = { order: "reliable", page: "latency", record: "bandwidth", stock: "topology", forward: "cost", ship: "homogeneous", shop: "bonus" };
    for (const w of level.workload) {
      const start = roundStart(schedule, byWorkload[w.id]!);
      expect(w.startTick, w.id).toBeGreaterThanOrEqual(start);
      expect(w.endTick, w.id).toBeLessThanOrEqual(w.id === "shop" ? level.durationTicks : start + TRAFFIC_TO);
      if (w.id !== "shop") expect(w.startTick, w.id).toBe(start + TRAFFIC_FROM);
    }
  });
});

/**
 * A human at S who, at each card, picks a setting from the offers legalActions lists (`choose`
 * says which), and answers the bonus once a count report is in.
 */
function playGauntlet(seed: number, choose: Partial<Settings>, mode: Mode = "guided", answer = "bound") {
  const world = createWorld(level, TEST_CATALOG, seed, { mode });
  const control = submitInput(world, "S", "$control", { controller: "human" });
  if (!control.ok) throw new Error(control.error.message);
  const bonusAt = roundStart(scheduleOf(level.protocolOptions), "bonus");
  for (let tick = 0; tick < level.durationTicks; tick++) {
    advanceTo(world, tick);
    const s = world.nodes.S!.state as GauntletState;
    for (const offer of legalActions(world, "S")) {
      const round = offer.action as keyof Settings;
      const want = offer.action === "answer" ? (tick >= bonusAt + 60 && s.countReport ? answer : null) : choose[round];
      const have = offer.action === "answer" ? s.answer : s.settings[round];
      if (want === undefined || want === null || have === want || offer.params.setting !== want && offer.params.answer !== want) continue;
      const result = submitInput(world, "S", offer.action, offer.params);
      if (!result.ok) throw new Error(`tick ${tick}: ${offer.action} refused: ${result.error.message}`);
    }
  }
  advanceTo(world, level.durationTicks);
  return world;
}

describe("a human at S", () => {
  it("choosing by the book on each card wins three stars on seed 7, and the input log replays to the same hash", () => {
    const world = playGauntlet(7, CORRECT_SETTINGS);
    const verdict = computeVerdict(world);
    expect(verdict.goals.filter((g) => !g.met)).toEqual([]);
    expect(verdict.stars).toBe(3);
    expect(world.inputs.length).toBe(10); // the seat, eight settings, one answer
    const again = replay(level, TEST_CATALOG, 7, world.inputs);
    expect(again.hash).toBe(gameHash(world));
    expect(computeVerdict(again.world).score).toBe(verdict.score);
  });

  it("the other by-the-book options clear their rounds too (asking Payments for the status, parallel without cache, accept both versions, the LAN route, unknown)", () => {
    const world = playGauntlet(8, { ...CORRECT_SETTINGS, reliable: "query", latency: "parallel", admin: "both", homogeneous: "lan" }, "guided", "unknown");
    expect(computeVerdict(world).stars).toBe(3);
    // Asking for the status really happened, and a charged order was never charged again.
    expect([...world.trace].filter((e) => e.kind === "send" && e.type === "status").length).toBeGreaterThan(0);
  });

  it("choosing nothing leaves every fallacy in place: no round cleared", () => {
    const verdict = computeVerdict(playGauntlet(7, {}));
    expect(verdict.goals.filter((g) => ROUND_GOALS.includes(g.id) && g.met)).toEqual([]);
    expect(verdict.stars).toBe(0);
  });

  it("in Free mode, giving up on a timeout and batching everything at the end lose their rounds", () => {
    const verdict = computeVerdict(playGauntlet(7, { ...CORRECT_SETTINGS, reliable: "give-up", cost: "batch-all" }, "free"));
    const missed = verdict.goals.filter((g) => !g.met).map((g) => g.id);
    expect(missed).toEqual(["r1", "r7", "all"]);
    expect(verdict.goals.find((g) => g.id === "r1")!.detail).toMatch(/reported failed, but Payments charged it/);
    expect(verdict.goals.find((g) => g.id === "r7")!.detail).toMatch(/waited .* the limit is 3.0 s/);
  });
});

describe("Guided mode and phases", () => {
  it("refuses a fallacy's setting, quoting why it fails, and offers a round's setting only during its round", () => {
    const world = createWorld(level, TEST_CATALOG, 3, { mode: "guided" });
    submitInput(world, "S", "$control", { controller: "human" });
    advanceTo(world, 60);
    const refused = submitInput(world, "S", "reliable", { setting: "retry" });
    expect(refused.ok || refused.error).toMatchObject({ code: "rule", message: expect.stringMatching(/charges the customer twice/) });
    const early = submitInput(world, "S", "latency", { setting: "parallel" });
    expect(early.ok || early.error).toMatchObject({ code: "not-enabled" });
    expect(legalActions(world, "S").map((o) => o.params.setting)).toEqual(["wait", "retry", "retry-key", "query", "give-up"]);
  });

  it("refuses a bare count as the bonus answer", () => {
    const world = createWorld(level, TEST_CATALOG, 3, { mode: "guided" });
    submitInput(world, "S", "$control", { controller: "human" });
    advanceTo(world, roundStart(scheduleOf(level.protocolOptions), "bonus") + 60);
    const exact = submitInput(world, "S", "answer", { answer: "exact" });
    expect(exact.ok || exact.error).toMatchObject({ code: "rule", message: expect.stringMatching(/staleness bound/) });
  });
});
