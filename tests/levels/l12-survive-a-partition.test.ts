/**
 * l12 "Survive a Partition" end to end: correct bots on 200 seeds (safety, stars), each named
 * mistake caught by the check the chapter predicts (catch rates printed, seeds pinned), the
 * hard one-way-cut variant, Guided vs Free mode, and a scripted human who wins three stars.
 */
import { describe, expect, it } from "vitest";
import { computeVerdict } from "../../shared/checks/verdict.js";
import type { Level } from "../../shared/level/level.js";
import { submitInput } from "../../shared/sim/inputs.js";
import { replay } from "../../shared/sim/replay.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import type { InputRecord, World } from "../../shared/sim/world-types.js";
import { nodeView } from "../../shared/view/node-view.js";
import { loadLevelFile, LEVELS_DIR } from "../../server/level-files.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const level = loadLevelFile(`${LEVELS_DIR}/l12-survive-a-partition.json`);
// 30 seeds here (the quick suite must stay under a minute); `npm run conformance` sweeps 200 in CI (and 2,000 on demand).
const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
/** A seed where the zombie's token-1 charge reaches the ledger after the new leader's (re-pinned for level version 2). */
const ZOMBIE_SEED = 5;

function seat(node: string, policy: string): InputRecord[] {
  return [{ tick: 0, node, action: "$control", params: { controller: "bot", policy } }];
}

/** Every seed, built with createWorld + advanceTo; only what the tests read is kept per run. */
function outcomes(lvl: Level, node?: string, policy?: string) {
  return SEEDS.map((seed) => {
    const world = createWorld(lvl, TEST_CATALOG, seed);
    if (node && policy) submitInput(world, node, "$control", { controller: "bot", policy });
    advanceTo(world, lvl.durationTicks);
    return { seed, verdict: computeVerdict(world), latency: majorityLatency(world), staleArrives: staleChargeArrives(world) };
  });
}

/** Ticks from the cut (400) to the first "sold"/"sold out" answered on the majority side. */
function majorityLatency(world: World): number {
  const first = world.trace.find((e) => e.kind === "response" && e.tick >= 400 && ["N3", "N4", "N5"].includes(e.node) && (e.status === "sold" || e.status === "sold-out"));
  return first ? first.tick - 400 : Number.POSITIVE_INFINITY;
}

describe("l12 with correct bots", () => {
  it("30 seeds: no violation, the 15 s majority goal (one star) on every seed, three stars on most", () => {
    const runs = outcomes(level);
    const stars = [0, 0, 0, 0];
    for (const r of runs) stars[r.verdict.stars]!++;
    const missed: Record<string, number> = {};
    for (const r of runs) for (const g of r.verdict.goals) if (!g.met) missed[g.id] = (missed[g.id] ?? 0) + 1;
    const latency = runs.map((r) => r.latency).sort((a, b) => a - b);
    console.log(`l12 correct: stars 0/1/2/3 = ${stars.join("/")}; goals missed: ${JSON.stringify(missed)}; majority sells again after median ${latency[Math.floor(latency.length / 2)]} ticks, max ${latency.at(-1)}`);
    expect(runs.flatMap((r) => r.verdict.violations)).toEqual([]);
    expect(runs.every((r) => r.verdict.passed)).toBe(true);
    expect(missed["majority-sells"]).toBeUndefined();
    expect(latency.at(-1)!).toBeLessThanOrEqual(150);
    expect(stars[3]!).toBeGreaterThanOrEqual(Math.floor(SEEDS.length * 0.95));
  });

  it("pinned seed 1: the story happens (new leader, zombie charge refused, queue resolved)", () => {
    const { world } = replay(level, TEST_CATALOG, 1, []);
    const notes = world.trace.filter((e) => e.kind === "note");
    expect(notes.some((e) => e.name === "leader" && e.tick > 400 && ["N3", "N4", "N5"].includes(e.node))).toBe(true);
    expect(notes.some((e) => e.name === "charge-rejected" && e.tick >= 1200)).toBe(true);
    expect(notes.some((e) => e.name === "queued")).toBe(true);
    expect(computeVerdict(world).stars).toBe(3);
  });
});

function staleChargeArrives(world: World): boolean {
  const sends = new Map<number, { token: number; resId: string }>();
  const charged = new Set<string>();
  let highest = 0;
  for (const e of world.trace) {
    if (e.kind === "send" && e.type === "charge") sends.set(e.msgId, e.payload as { token: number; resId: string });
    if (e.kind === "note" && e.name === "charge-applied") charged.add(String(e.data.resId));
    if (e.kind !== "deliver" || e.node !== "LEDGER") continue;
    const c = sends.get(e.msgId);
    if (!c) continue;
    if (c.token < highest && !charged.has(c.resId)) return true;
    highest = Math.max(highest, c.token);
  }
  return false;
}

describe("l12 mistakes", () => {
  it("minority-acks in N1's seat: caught by quorum-before-ack, no-oversell and acked-never-lost", () => {
    const runs = outcomes(level, "N1", "minority-acks");
    const by: Record<string, number> = {};
    for (const r of runs) for (const c of new Set(r.verdict.violations.map((v) => v.check))) by[c] = (by[c] ?? 0) + 1;
    const caught = runs.filter((r) => r.verdict.violations.some((v) => v.check === "majority-kv/quorum-before-ack")).length;
    console.log(`l12 minority-acks@N1: caught ${caught}/${SEEDS.length}; by check ${JSON.stringify(by)}`);
    expect(caught).toBe(SEEDS.length);
    expect(by["majority-kv/acked-never-lost"]).toBeGreaterThanOrEqual(Math.floor(SEEDS.length * 0.95));
    expect(by["majority-kv/no-oversell"]).toBeGreaterThanOrEqual(Math.floor(SEEDS.length * 0.95));
  });

  it("minority-acks on the majority side (N3, N4) is caught too: the surge reaches them while their side is still electing", () => {
    // The first minute is enough: the surge ends at 0:48 (the 200-seed rate is in npm run conformance).
    for (const node of ["N3", "N4"]) {
      const caught = SEEDS.slice(0, 20).filter((seed) => {
        const world = createWorld(level, TEST_CATALOG, seed);
        submitInput(world, node, "$control", { controller: "bot", policy: "minority-acks" });
        advanceTo(world, 600);
        return computeVerdict(world).violations.some((v) => v.check === "majority-kv/quorum-before-ack");
      }).length;
      expect(caught, node).toBeGreaterThanOrEqual(18);
    }
  });

  it("pinned seed 3: minority-acks loses an acknowledged sale at healing, with evidence", () => {
    const { world } = replay(level, TEST_CATALOG, 3, seat("N1", "minority-acks"));
    const lost = world.violations.find((v) => v.check === "majority-kv/acked-never-lost");
    expect(lost).toBeDefined();
    expect(lost!.tick).toBeGreaterThanOrEqual(1500);
    const [ack, drop] = lost!.evidence.map((i) => world.trace.at(i)!);
    expect(ack?.kind).toBe("response");
    expect(drop).toMatchObject({ kind: "note", name: "log" });
    expect(["N1", "N2"]).toContain((drop as { node: string }).node);
  });

  it("no-fencing ledger: the zombie's old-token charges are applied; caught where the schedule exposes it", () => {
    const runs = outcomes(level, "LEDGER", "no-fencing");
    // Exposed: a charge reaches the ledger carrying a token lower than one it already received,
    // for a reservation not yet charged (a stale duplicate is harmless either way).
    const exposed = runs.filter((r) => r.staleArrives);
    const caught = exposed.filter((r) => r.verdict.violations.some((v) => v.check === "majority-kv/fencing-monotonic"));
    console.log(`l12 no-fencing: exposed on ${exposed.length}/${SEEDS.length} seeds, caught on ${caught.length}/${exposed.length}`);
    expect(caught.length).toBe(exposed.length);
    expect(exposed.length).toBeGreaterThanOrEqual(Math.floor(SEEDS.length * 0.8));
    for (const seed of [1, 3, ZOMBIE_SEED]) expect(exposed.map((r) => r.seed)).toContain(seed);
  });

  it(`pinned seed ${ZOMBIE_SEED}: the zombie N1 wakes at 2:00 and its token is applied after the new leader's`, () => {
    const { world } = replay(level, TEST_CATALOG, ZOMBIE_SEED, seat("LEDGER", "no-fencing"));
    const v = world.violations.find((x) => x.check === "majority-kv/fencing-monotonic")!;
    expect(v.tick).toBeGreaterThanOrEqual(1200);
    const [newer, stale] = v.evidence.map((i) => world.trace.at(i)!);
    expect(newer).toMatchObject({ kind: "deliver", node: "LEDGER" });
    expect(stale).toMatchObject({ kind: "note", name: "charge-applied" });
  });
});

describe("l12 hard variant: a one-way cut", () => {
  // N1 and N2 still reach the others; nothing comes back. The old leader must step down so
  // the majority stops hearing it, and fencing still holds.
  const hard: Level = { ...level, faults: level.faults.filter((f) => !(f.kind === "cut" && f.from.includes("N1") && f.to.includes("N3"))) };
  it("correct bots on 20 seeds: safe; how often the majority still sells is printed", () => {
    let sells = 0;
    // 20 seeds keep this file quick; the sweeps are npm run conformance's.
    for (const seed of SEEDS.slice(0, 20)) {
      const { world } = replay(hard, TEST_CATALOG, seed, []);
      const verdict = computeVerdict(world);
      expect(verdict.violations, `seed ${seed}`).toEqual([]);
      if (verdict.goals.find((g) => g.id === "majority-sells")?.met) sells++;
    }
    console.log(`l12 hard (one-way cut): majority sold within 15 s on ${sells}/20 seeds`);
    expect(sells).toBeGreaterThan(0);
  });
});

describe("l12 Guided and Free mode", () => {
  function firstBuyAtN2(world: World, afterTick: number): string {
    for (let t = afterTick; t < 1500; t++) {
      advanceTo(world, t);
      const r = nodeView(world, "N2").requests.find((q) => String(q.requestId).startsWith("buy"));
      if (r) return r.requestId;
    }
    throw new Error("no buyer reached N2");
  }
  it("Guided refuses saying sold from the minority, with the rule; Free allows it and the checker catches it", () => {
    for (const mode of ["guided", "free"] as const) {
      const world = createWorld(level, TEST_CATALOG, 1, { mode });
      expect(submitInput(world, "N2", "$control", { controller: "human", autopilot: ["replica-acks", "catch-up"] }).ok).toBe(true);
      const resId = firstBuyAtN2(world, 450);
      const result = submitInput(world, "N2", "ackSale", { resId });
      if (mode === "guided") {
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe("rule");
          expect(result.error.rule).toMatch(/only a majority may say yes/);
        }
      } else {
        expect(result.ok).toBe(true);
        advanceTo(world, level.durationTicks);
        expect(world.violations.some((v) => v.check === "majority-kv/quorum-before-ack")).toBe(true);
      }
    }
  });
  it("Guided refuses a stale token at the ledger seat", () => {
    const world = createWorld(level, TEST_CATALOG, ZOMBIE_SEED, { mode: "guided" });
    submitInput(world, "LEDGER", "$control", { controller: "human" });
    let refused = false;
    for (let t = 1; t < 1400 && !refused; t++) {
      advanceTo(world, t);
      const state = nodeView(world, "LEDGER").state as { received: { msgId: number; payload: { token: number } }[]; highestToken: number };
      for (const card of state.received) {
        const stale = card.payload.token < state.highestToken;
        const r = submitInput(world, "LEDGER", "acceptCharge", { msgId: card.msgId });
        if (stale) {
          expect(r.ok).toBe(false);
          refused = true;
          break;
        }
      }
    }
    expect(refused).toBe(true);
  });
});

/** A player at N2 who reads only nodeView and acts through the player actions. */
function playN2(world: World): void {
  const me = "N2";
  const seen = new Set<string>();
  submitInput(world, me, "$control", { controller: "human", autopilot: ["replica-acks", "lease-renewal", "catch-up"] });
  for (let t = 1; t < world.level.durationTicks; t++) {
    advanceTo(world, t);
    const view = nodeView(world, me);
    if (view.status !== "up") continue;
    const s = view.state as any;
    const heard = s.heardLeaderUptimeTicks as number | null;
    const promise = s.status === "leader" || (heard !== null && view.uptimeTicks - heard < 30);
    for (const read of [...(s.reads as string[])]) submitInput(world, me, "serveStale", { requestId: read });
    for (const r of s.reservations as { resId: string; queued: boolean }[]) {
      if (seen.has(r.resId)) continue;
      seen.add(r.resId);
      if (s.status === "leader") continue;
      if (promise && s.leaderId && s.leaderId !== me) submitInput(world, me, "forward", { resId: r.resId });
      else if (!r.queued) submitInput(world, me, "queue", { resId: r.resId });
    }
    for (const card of [...(s.received as { msgId: number; type: string; payload: any }[])]) {
      if (card.type === "prevote") {
        const logOk = card.payload.logEpoch !== s.logEpoch ? card.payload.logEpoch > s.logEpoch : card.payload.length >= s.log.length;
        submitInput(world, me, "vote", { msgId: card.msgId, grant: !promise && card.payload.epoch > s.epoch && logOk });
      } else if (card.type === "vote-request") {
        submitInput(world, me, "vote", { msgId: card.msgId, grant: !promise && card.payload.epoch > s.votedEpoch && card.payload.epoch >= s.epoch });
      }
    }
    const electionDue = view.inbox.some((e) => !e.handled && e.event.kind === "timer" && e.event.name === "election");
    if (electionDue && !promise && s.status !== "leader") {
      submitInput(world, me, "probeElection", {});
      for (const e of view.inbox) if (e.event.kind === "timer") e.handled = true;
    }
    if (s.status === "follower" && s.prevotes.length >= 3 && s.candidateEpoch > s.epoch) submitInput(world, me, "startElection", {});
  }
}

describe("l12 a human can win", () => {
  it("a scripted player at N2 wins three stars on seed 1, and the input log replays to the same hash", () => {
    const world = createWorld(level, TEST_CATALOG, 1);
    playN2(world);
    advanceTo(world, level.durationTicks);
    const verdict = computeVerdict(world);
    expect(verdict.violations).toEqual([]);
    expect(verdict.stars).toBe(3);
    expect(world.inputs.filter((i) => i.action === "queue").length).toBeGreaterThan(0);
    const again = replay(level, TEST_CATALOG, 1, world.inputs);
    const original = replay(level, TEST_CATALOG, 1, world.inputs);
    expect(again.hash).toBe(original.hash);
    expect(computeVerdict(again.world).stars).toBe(3);
  });
});
