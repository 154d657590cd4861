/**
 * l00 Hello, Network: correct bots always pass; each named mistake is caught by the check the
 * lesson predicts; a scripted human wins; Guided refuses what Free lets the checker catch.
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { computeVerdict } from "../../shared/checks/verdict.js";
import type { HelloState } from "../../shared/protocols/hello/index.js";
import { submitInput } from "../../shared/sim/inputs.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import type { NodeView } from "../../shared/view/node-view.js";
import { playScripted, type Decision } from "../support/play.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const level = loadLevels().find((l) => l.id === "l00-hello-network")!;
const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);
const seatAs = (node: string, policy: string) => [{ tick: 0, node, action: "$control", params: { controller: "bot", policy } }];

function outcomes(inputs: ReturnType<typeof seatAs> | []) {
  return SEEDS.map((seed) => ({ seed, verdict: computeVerdict(replay(level, TEST_CATALOG, seed, inputs).world) }));
}

describe("l00 with correct bots", () => {
  const runs = outcomes([]);

  it("never violates safety and always meets the liveness goal (200 seeds)", () => {
    for (const { seed, verdict } of runs) {
      expect(verdict.violations, `seed ${seed}`).toEqual([]);
      expect(verdict.goals.find((g) => g.id === "delivered")!.met, `seed ${seed}`).toBe(true);
      expect(verdict.passed, `seed ${seed}`).toBe(true);
    }
  });

  it("earns three stars on the large majority of seeds", () => {
    const threeStars = runs.filter((r) => r.verdict.stars === 3).length;
    console.log(`l00 correct bots: 3 stars on ${threeStars}/200 seeds`);
    expect(threeStars).toBeGreaterThanOrEqual(180);
  });
});

describe("l00 mistakes are caught", () => {
  it.each([
    ["N2", "no-dedupe", "hello/processed-once", 180],
    ["N1", "early-ok", "hello/ok-means-done", 200],
  ])("%s=%s is flagged by %s", (node, policy, check, minCaught) => {
    const runs = outcomes(seatAs(node, policy));
    const caught = runs.filter((r) => r.verdict.violations.some((v) => v.check === check));
    console.log(`l00 ${node}=${policy}: ${check} on ${caught.length}/200 seeds`);
    expect(caught.length).toBeGreaterThanOrEqual(minCaught);
    for (const r of caught) {
      const v = r.verdict.violations.find((x) => x.check === check)!;
      expect(v.evidence.length).toBeGreaterThanOrEqual(2);
      expect(r.verdict.stars).toBe(0);
    }
  });

  it("N1=no-retry is safe but fails the delivery goal on a lossy link", () => {
    const runs = outcomes(seatAs("N1", "no-retry"));
    const failed = runs.filter((r) => !r.verdict.goals.find((g) => g.id === "delivered")!.met);
    console.log(`l00 N1=no-retry: delivery goal missed on ${failed.length}/200 seeds`);
    expect(runs.every((r) => r.verdict.violations.length === 0)).toBe(true);
    expect(failed.length).toBeGreaterThanOrEqual(150);
  });

  it("pins seed 3 for no-dedupe: note #11 is processed twice at tick 649", () => {
    const { world } = replay(level, TEST_CATALOG, 3, seatAs("N2", "no-dedupe"));
    const first = world.violations[0]!;
    expect(first).toMatchObject({ check: "hello/processed-once", tick: 649, message: "N2 processed note #11 twice" });
    const [a, b] = first.evidence.map((i) => world.trace.at(i)!);
    expect(a).toMatchObject({ kind: "note", name: "processed", node: "N2", data: { seq: 11 } });
    expect(b).toMatchObject({ kind: "note", name: "processed", node: "N2", data: { seq: 11 } });
  });
});

/** A careful sender: send, resend when the retry timer has fired, confirm only after the ack. */
function carefulSender(view: NodeView): Decision[] {
  const state = view.state as HelloState;
  const timers = new Set(view.timers.map((t) => t.name));
  return state.pending.flatMap((p): Decision[] => {
    if (p.acked) return [{ action: "confirm", params: { seq: p.seq } }];
    if (p.attempts === 0 || !timers.has(`retry:${p.seq}`)) return [{ action: "sendNote", params: { seq: p.seq } }];
    return [];
  });
}

/** A careful receiver: process new notes once, acknowledge every copy. */
function carefulReceiver(view: NodeView): Decision[] {
  const processed = new Set((view.state as HelloState).processed);
  const out: Decision[] = [];
  for (const entry of view.inbox) {
    if (entry.handled || entry.event.kind !== "message" || entry.event.type !== "note") continue;
    const seq = (entry.event.payload as { seq: number }).seq;
    if (!processed.has(seq)) {
      out.push({ action: "process", params: { msgId: entry.event.msgId } });
      processed.add(seq);
    }
    out.push({ action: "ack", params: { msgId: entry.event.msgId } });
  }
  return out;
}

describe("a human can win", () => {
  it.each([
    ["N1", carefulSender],
    ["N2", carefulReceiver],
  ] as const)("as %s: three stars on seed 3, and the input log replays to the same hash", (seat, player) => {
    const world = playScripted(level, 3, seat, player);
    const verdict = computeVerdict(world);
    expect(verdict.violations).toEqual([]);
    expect(verdict.stars).toBe(3);
    expect(world.inputs.length).toBeGreaterThan(10);
    const again = replay(level, TEST_CATALOG, 3, world.inputs);
    expect(again.hash).toBe(gameHash(world));
    expect(computeVerdict(again.world).score).toBe(verdict.score);
  });
});

describe("Guided and Free mode", () => {
  function senderWithPendingNote(mode: "guided" | "free") {
    const world = createWorld(level, TEST_CATALOG, 3, { mode });
    submitInput(world, "N1", "$control", { controller: "human" });
    advanceTo(world, 80);
    const note = (world.nodes.N1!.state as HelloState).pending[0]!;
    expect(submitInput(world, "N1", "sendNote", { seq: note.seq }).ok).toBe(true);
    return { world, seq: note.seq };
  }

  it("Guided refuses a confirm before the ack, naming the rule", () => {
    const { world, seq } = senderWithPendingNote("guided");
    const result = submitInput(world, "N1", "confirm", { seq });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("rule");
    expect(result.error.message).toMatch(/No ack for note #1 yet/);
    expect(result.error.rule).toMatch(/Only an ack proves the note arrived/);
  });

  it("Free allows it, and the checker catches the consequence", () => {
    const { world, seq } = senderWithPendingNote("free");
    expect(submitInput(world, "N1", "confirm", { seq }).ok).toBe(true);
    advanceTo(world, level.durationTicks);
    const verdict = computeVerdict(world);
    expect(verdict.violations.map((v) => v.check)).toContain("hello/ok-means-done");
    expect(verdict.stars).toBe(0);
  });

  it("refuses the impossible in both modes and bad params with a readable error", () => {
    const world = createWorld(level, TEST_CATALOG, 3, { mode: "free" });
    submitInput(world, "N1", "$control", { controller: "human" });
    const bad = submitInput(world, "N1", "confirm", { seq: "one" });
    expect(bad.ok || bad.error).toMatchObject({ code: "bad-params", message: "seq must be a whole number from 0 to 1000000" });
    const missing = submitInput(world, "N1", "confirm", { seq: 42 });
    expect(missing.ok || missing.error).toMatchObject({ code: "impossible" });
    const wrongRole = submitInput(world, "N1", "process", { msgId: 1 });
    expect(wrongRole.ok || wrongRole.error).toMatchObject({ code: "not-enabled" });
    const botNode = submitInput(world, "N2", "ack", { msgId: 1 });
    expect(botNode.ok || botNode.error).toMatchObject({ code: "not-yours" });
  });
});
