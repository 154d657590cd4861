/**
 * l12 "Survive a Partition" end to end: correct bots on 30 seeds (safety, stars, the scripted
 * moments the briefing names), each named mistake caught by the check the chapter predicts (catch
 * rates printed, seeds pinned), the hard one-way-cut variant, Guided vs Free mode, and a scripted
 * human who wins three stars. The 2,000-seed table is `npm run conformance`'s.
 */
import { describe, expect, it } from "vitest";
import { computeVerdict } from "../../shared/checks/verdict.js";
import type { Level } from "../../shared/level/level.js";
import { submitInput } from "../../shared/sim/inputs.js";
import { replay } from "../../shared/sim/replay.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import type { TraceEvent } from "../../shared/sim/trace.js";
import type { InputRecord, World } from "../../shared/sim/world-types.js";
import { nodeView } from "../../shared/view/node-view.js";
import { clockTime } from "../../shared/base/game-time.js";
import { loadLevelFile, LEVELS_DIR } from "../../server/level-files.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const level = loadLevelFile(`${LEVELS_DIR}/l12-survive-a-partition.json`);
// 30 seeds here (the quick suite must stay under a minute); `npm run conformance` sweeps 200 in CI (and 2,000 on demand).
const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
/** A seed to pin the zombie's story on (since version 4 every seed has it: the 0:40 sale is scripted). */
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
    return { seed, verdict: computeVerdict(world), latency: majorityLatency(world), staleArrives: staleChargeArrives(world), story: storyOf(world) };
  });
}

/** Ticks from the cut (400) to the first "sold"/"sold out" answered on the majority side. */
function majorityLatency(world: World): number {
  const first = world.trace.find((e) => e.kind === "response" && e.tick >= 400 && ["N3", "N4", "N5"].includes(e.node) && (e.status === "sold" || e.status === "sold-out"));
  return first ? first.tick - 400 : Number.POSITIVE_INFINITY;
}

/** The moments of the briefing's story, as they happened in one game (null: did not happen). */
function storyOf(world: World) {
  const notes = world.trace.filter((e) => e.kind === "note");
  const firstLeader = notes.find((e) => e.name === "leader");
  // N1's charges for the buyer who reaches it as the network splits (the "rush" workload).
  const zombieCharges = world.trace.filter((e): e is Extract<TraceEvent, { kind: "send" }> => e.kind === "send" && e.node === "N1" && e.type === "charge" && (e.payload as { resId: string }).resId === "rush-1");
  const zombieSale = zombieCharges[0];
  const zombieMsgIds = new Set(zombieCharges.map((e) => e.msgId));
  const heardByMajority = world.trace.some((e) => e.kind === "note" && e.name === "log" && ["N3", "N4", "N5"].includes(e.node) && e.tick < 1500 && (e.data.resIds as string[]).includes("rush-1"));
  const refused = notes.find((e) => e.node === "LEDGER" && e.name === "charge-rejected" && e.data.resId === "rush-1");
  const firstMajorityLease = notes.find((e) => e.name === "lease" && e.tick > 400 && ["N3", "N4", "N5"].includes(e.node));
  const surge = world.trace.filter((e) => e.kind === "request" && e.workload === "surge");
  return {
    firstLeader: firstLeader ? { node: firstLeader.node, tick: firstLeader.tick } : null,
    zombieSaleTick: zombieSale && (zombieSale.payload as { token: number }).token === 1 ? zombieSale.tick : null,
    zombieChargeDelivered: world.trace.some((e) => e.kind === "deliver" && e.node === "LEDGER" && zombieMsgIds.has(e.msgId)),
    heardByMajority,
    refusedTick: refused ? refused.tick : null,
    firstMajorityLeaseTick: firstMajorityLease ? firstMajorityLease.tick : null,
    surgeTicks: surge.map((e) => e.tick),
  };
}

/** The correct bots' 30 games, played once for every test that reads them. */
let correctRuns: ReturnType<typeof outcomes> | null = null;
const correct = () => (correctRuns ??= outcomes(level));

describe("l12 with correct bots", () => {
  it("30 seeds: no violation, the 15 s majority goal (one star) on every seed, three stars on most", () => {
    const runs = correct();
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

  it("30 seeds: the briefing's story happens on every seed, at the moments it names", () => {
    for (const { seed, story } of correct()) {
      // "played by a bot, N1 starts the first election on its own and wins it within five seconds"
      expect(story.firstLeader?.node, `seed ${seed}`).toBe("N1");
      expect(story.firstLeader!.tick, `seed ${seed}`).toBeLessThan(50);
      // "a buyer reaches it at once: the bot N1, still the leader, sells the seat under its lease
      // within half a second ... N3, N4 and N5 do not hear of that sale, and its charge is lost"
      expect(story.zombieSaleTick, `seed ${seed}`).not.toBeNull();
      expect(story.zombieSaleTick!, `seed ${seed}`).toBeGreaterThanOrEqual(401);
      expect(story.zombieSaleTick!, `seed ${seed}`).toBeLessThanOrEqual(406);
      expect(story.heardByMajority, `seed ${seed}`).toBe(false);
      // "from 0:42 to 0:48 a surge of buyers reaches N3, N4 and N5" while nobody there holds a lease
      expect(story.surgeTicks.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(Math.min(...story.surgeTicks), `seed ${seed}`).toBeGreaterThanOrEqual(420);
      expect(Math.max(...story.surgeTicks), `seed ${seed}`).toBeLessThan(480);
      expect(story.firstMajorityLeaseTick!, `seed ${seed}`).toBeGreaterThan(Math.min(...story.surgeTicks));
      // "When it wakes at 2:00 ... they reach the ledger after the new leader's, carrying the old token"
      expect(story.zombieChargeDelivered, `seed ${seed}`).toBe(true);
      expect(story.refusedTick, `seed ${seed}`).not.toBeNull();
      expect(story.refusedTick!, `seed ${seed}`).toBeGreaterThanOrEqual(1200);
      expect(story.refusedTick!, `seed ${seed}`).toBeLessThan(1250);
    }
  });
});

describe("l12's briefing names the schedule's moments", () => {
  const text = level.briefing.join(" ");
  const cut = (from: string, to: string) => level.faults.find((f) => f.kind === "cut" && f.from.includes(from) && f.to.includes(to))!;
  const workload = (id: string) => level.workload.find((w) => w.id === id)!;
  const goal = (id: string) => level.goals.find((g) => g.id === id)!.params as Record<string, number>;
  const pause = level.faults.find((f) => f.kind === "pause")!;
  const gray = level.faults.find((f) => f.kind === "gray")!;
  // Each phrase of the briefing that names a time, and what the level file says of it.
  const claims: [string, () => void][] = [
    ["At 0:40 the network splits", () => expect([cut("N1", "N3").atTick, cut("N2", "N5").atTick]).toEqual([400, 400])],
    ["N1 and N2 also lose the ledger until just before 2:00", () => {
      for (const f of [cut("N1", "LEDGER"), cut("LEDGER", "N2")]) {
        expect(f.atTick).toBe(400);
        expect(f.kind === "cut" && f.untilTick).toBeGreaterThan(1180);
        expect(f.kind === "cut" && f.untilTick).toBeLessThan(1200);
      }
    }],
    ["For one more second N1 still hears the others", () => expect(cut("N3", "N1").atTick - cut("N1", "N3").atTick).toBe(10)],
    ["a buyer reaches it at once", () => expect(workload("rush")).toMatchObject({ startTick: 401, to: ["N1"], jitterTicks: 0 })],
    ["from 0:42 to 0:48 a surge of buyers reaches N3, N4 and N5", () => {
      expect(clockTime(workload("surge").startTick)).toMatch(/^0:42/);
      expect(workload("surge").endTick + workload("surge").jitterTicks).toBeLessThanOrEqual(480);
      expect(workload("surge").to).toEqual(["N3", "N4", "N5"]);
    }],
    ["At 1:30 the link between N3 and N4 turns gray: messages still arrive, but four seconds late", () => expect(gray).toMatchObject({ atTick: 900, between: [["N3"], ["N4"]], delayTicks: 40 })],
    ["At 1:45 N1 freezes for 15 seconds", () => expect(pause).toMatchObject({ atTick: 1050, node: "N1", durationTicks: 150 })],
    ["When it wakes at 2:00", () => expect(pause.kind === "pause" && pause.atTick + pause.durationTicks).toBe(1200)],
    ["At 2:30 the network heals", () => expect(level.faults.filter((f) => f.kind === "cut" && f.untilTick === 1500).length).toBe(2)],
    ["answer every waiting buyer within 30 seconds", () => expect(goal("queue-resolved")).toMatchObject({ healTick: 1500, withinTicks: 300 })],
    ["20 seconds after healing, all five seat maps must be identical", () => expect(goal("converged")).toMatchObject({ healTick: 1500, withinTicks: 200 })],
  ];
  for (const [phrase, holds] of claims) {
    it(`"${phrase}"`, () => {
      expect(text).toContain(phrase);
      holds();
    });
  }
  it("names no other clock time", () => {
    const named = text.match(/\d+:\d\d/g) ?? [];
    const covered = claims.flatMap(([phrase]) => phrase.match(/\d+:\d\d/g) ?? []);
    for (const time of named) expect(covered, time).toContain(time);
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

  it("minority-acks on the majority side (N3, N4, N5) is caught too: the surge reaches them while their side is still electing", () => {
    // The first minute is enough: the surge ends at 0:48 (the 2,000-seed rates are npm run conformance's).
    for (const node of ["N3", "N4", "N5"]) {
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

  it("no-fencing ledger: the zombie's old-token charge is applied, and caught, on every seed", () => {
    const runs = outcomes(level, "LEDGER", "no-fencing");
    // Exposed: a charge reaches the ledger carrying a token lower than one it already received,
    // for a reservation not yet charged (a stale duplicate is harmless either way).
    const exposed = runs.filter((r) => r.staleArrives);
    const caught = exposed.filter((r) => r.verdict.violations.some((v) => v.check === "majority-kv/fencing-monotonic"));
    console.log(`l12 no-fencing: exposed on ${exposed.length}/${SEEDS.length} seeds, caught on ${caught.length}/${exposed.length}`);
    expect(caught.length).toBe(exposed.length);
    // The 0:40 sale is scripted (version 4): every seed exposes the mistake, not 9 in 10 by luck.
    expect(exposed.length).toBe(SEEDS.length);
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

describe("l12 a player's ledger", () => {
  type LedgerView = { received: { msgId: number; from: string; payload: { token: number } }[]; highestToken: number };
  it("knows the newer token on arrival: with the new leader's charges still unhandled, Guided refuses the zombie's and Free lets the checker catch it", () => {
    for (const mode of ["guided", "free"] as const) {
      const world = createWorld(level, TEST_CATALOG, ZOMBIE_SEED, { mode });
      submitInput(world, "LEDGER", "$control", { controller: "human" });
      // The player handles no charge at all until N1 wakes at 2:00 and its retry queue arrives.
      advanceTo(world, 1230);
      const state = nodeView(world, "LEDGER").state as LedgerView;
      const zombie = state.received.filter((c) => c.from === "N1").at(-1)!;
      expect(zombie.payload.token).toBe(1);
      expect(state.highestToken).toBeGreaterThan(1);
      const result = submitInput(world, "LEDGER", "acceptCharge", { msgId: zombie.msgId });
      if (mode === "guided") {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.code).toBe("rule");
      } else {
        expect(result.ok).toBe(true);
        advanceTo(world, 1240);
        expect(world.violations.some((v) => v.check === "majority-kv/fencing-monotonic")).toBe(true);
      }
    }
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
