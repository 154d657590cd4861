// The debrief's models on real l00 games: the sliced replay reproduces the server's hash,
// the spotlight names the proving events, the ghost diff, and the metrics strip.
import { describe, expect, it } from "vitest";
import { computeVerdict, type Verdict } from "../../../shared/checks/verdict.js";
import { replay } from "../../../shared/sim/replay.js";
import { gameHash } from "../../../shared/sim/state-hash.js";
import { buildDebrief } from "../../../shared/view/debrief-model.js";
import { ghostDiff, ghostInputs, ghostReplay, sentBy } from "../../../shared/view/debrief-ghost.js";
import { latencyStats } from "../../../shared/view/debrief-metrics.js";
import { parseInputLog, replaySliced, runSliced } from "../../../shared/view/debrief-replay.js";
import { loadLevel, playHonestSender, playRecklessSender } from "./debrief-fixtures.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

const level = loadLevel("l00-hello-network");
const SEED = 7;

describe("sliced replay", () => {
  it("gives the server's hash whatever the slice size, and reports progress", () => {
    const played = playHonestSender(level, SEED);
    const stored = gameHash(played);
    for (const slice of [1, 7, 100, 5000]) {
      expect(runSliced(replaySliced(level, TEST_CATALOG, SEED, played.inputs, "guided", slice)).hash).toBe(stored);
    }
    const ticks = [...replaySliced(level, TEST_CATALOG, SEED, played.inputs, "guided", 200)].map((p) => p.tick);
    expect(ticks).toEqual([200, 400, 600, 800]);
  });

  it("reproduces a Free-mode game with violations", () => {
    const played = playRecklessSender(level, SEED);
    expect(runSliced(replaySliced(level, TEST_CATALOG, SEED, played.inputs, "free", 50)).hash).toBe(gameHash(played));
  });

  it("refuses an input log that is not one", () => {
    expect(parseInputLog({}).ok).toBe(false);
    expect(parseInputLog([{ tick: -1, node: "N1", action: "x" }]).ok).toBe(false);
    expect(parseInputLog([{ tick: 3, node: "N1", action: "x" }])).toEqual({ ok: true, value: [{ tick: 3, node: "N1", action: "x", params: null }] });
  });
});

describe("debrief model", () => {
  it("spotlights the first violation with its proving events, title and plain words", () => {
    const played = playRecklessSender(level, SEED);
    const model = buildDebrief(played, "N1", gameHash(played));
    expect(model.hashMatches).toBe(true);
    const incident = model.spotlights[0]!;
    expect(incident.check).toBe("hello/ok-means-done");
    expect(incident.title).toBe("An OK means it happened");
    expect(incident.explain).toContain("A send is not a delivery");
    expect(incident.indices).toEqual(played.violations[0]!.evidence);
    expect(incident.evidence.map((e) => e.node)).toEqual(["N1", "N1"]);
    expect(incident.evidence[1]!.text).toContain("answers");
    expect(model.verdict.stars).toBe(0);
  });

  it("flags a hash that differs from the stored one", () => {
    const played = playHonestSender(level, SEED);
    expect(buildDebrief(played, "N1", "0000000000000000").hashMatches).toBe(false);
  });

  it("counts the strip's numbers from the trace", () => {
    const played = playHonestSender(level, SEED);
    const model = buildDebrief(played, "N1", gameHash(played));
    const v = computeVerdict(played);
    expect(model.metrics.messages).toBe(v.metrics.messages);
    expect(model.metrics.yourMessages).toBe(played.trace.filter((e) => e.kind === "send" && e.node === "N1").length);
    expect(model.metrics.yourMessages).toBeLessThan(v.metrics.seatMessages);
    expect(model.metrics.dropped).toBe(v.metrics.dropped);
    expect(model.metrics.served).toBe(v.metrics.served);
    expect(model.metrics.latency.count).toBeGreaterThan(0);
    // Every send is drawn: one arrow per copy.
    expect(model.spaceTime.arrows.length).toBe(v.metrics.messages + v.metrics.duplicated);
  });

  it("computes latency with integer arithmetic and a nearest-rank p95", () => {
    expect(latencyStats([])).toEqual({ count: 0, meanTicks: 0, p95Ticks: 0, maxTicks: 0 });
    expect(latencyStats([5, 1, 3])).toEqual({ count: 3, meanTicks: 3, p95Ticks: 5, maxTicks: 5 });
    const many = Array.from({ length: 20 }, (_, k) => k + 1);
    expect(latencyStats(many).p95Ticks).toBe(19);
  });
});

describe("ghost replay", () => {
  it("removes only the seat's inputs, its hand-over included", () => {
    const inputs = [
      { tick: 0, node: "N1", action: "$control", params: { controller: "human" } },
      { tick: 0, node: "N2", action: "$control", params: { controller: "human" } },
      { tick: 5, node: "$facilitator", action: "$fault", params: {} },
      { tick: 9, node: "N1", action: "sendNote", params: { seq: 1 } },
    ];
    expect(ghostInputs(inputs, "N1").map((i) => i.node)).toEqual(["N2", "$facilitator"]);
  });

  it("replays the same seed with the level's bot in the seat: the bot breaks no rule", () => {
    const played = playRecklessSender(level, SEED);
    const ghost = ghostReplay(level, TEST_CATALOG, SEED, played.inputs, "free", "N1");
    expect(ghost.verdict.violations).toEqual([]);
    // With no inputs at all it is exactly the all-bots game of that seed.
    expect(ghost.hash).toBe(replay(level, TEST_CATALOG, SEED, [], "free").hash);
    const diff = ghostDiff(computeVerdict(played), ghost.verdict, [sentBy(played.trace, "N1"), sentBy(ghost.world.trace, "N1")]);
    expect(diff.rows.find((r) => r.id === "seatMessages")!.label).toBe("Messages your node sent");
    const byId = Object.fromEntries(diff.rows.map((r) => [r.id, r]));
    expect(byId.violations).toMatchObject({ you: played.violations.length, ghost: 0, verdict: "worse" });
    expect(byId.stars!.verdict).toBe("worse");
    expect(diff.summary).toContain("the incident was a choice");
  });

  it("says better, same or worse from the player's side of each number", () => {
    const base: Verdict = {
      passed: true,
      stars: 2,
      score: 900,
      violations: [],
      goals: [{ id: "g", title: "g", met: true, detail: "" }],
      metrics: { requests: 10, served: 9, errors: 1, redirects: 0, lateTicks: 0, seatMessages: 30, messages: 60, delivered: 50, dropped: 10, duplicated: 2 },
    };
    const you: Verdict = { ...base, score: 1000, metrics: { ...base.metrics, seatMessages: 34 } };
    const diff = ghostDiff(you, base);
    const byId = Object.fromEntries(diff.rows.map((r) => [r.id, r]));
    expect(byId.score).toMatchObject({ delta: 100, verdict: "better" });
    expect(byId.seatMessages).toMatchObject({ delta: 4, verdict: "worse" });
    expect(byId.stars!.verdict).toBe("same");
    expect(diff.summary).toBe("You beat the by-the-book bot by 100 points on the same storm.");
    // No redirects on either side: no row of zeros.
    expect(byId.redirects).toBeUndefined();
  });

  it("shows redirects apart from errors, as neither better nor worse", () => {
    const base: Verdict = {
      passed: true,
      stars: 3,
      score: 900,
      violations: [],
      goals: [],
      metrics: { requests: 10, served: 3, errors: 1, redirects: 6, lateTicks: 0, seatMessages: 30, messages: 60, delivered: 50, dropped: 10, duplicated: 2 },
    };
    const you: Verdict = { ...base, metrics: { ...base.metrics, redirects: 4 } };
    const byId = Object.fromEntries(ghostDiff(you, base).rows.map((r) => [r.id, r]));
    expect(byId.redirects).toMatchObject({ you: 4, ghost: 6, delta: -2, higherIsBetter: null, verdict: "neutral" });
    expect(byId.errors).toMatchObject({ you: 1, ghost: 1, verdict: "same" });
  });
});
