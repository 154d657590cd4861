/**
 * l09 Order Events Without Wall Clocks: correct bots pass every seed with three stars; round 1
 * (wall clocks) prints history backwards; each named mistake is caught by the check the chapter
 * predicts; clock faults do not change a single Lamport stamp; a scripted human reading only its
 * own view wins three stars and replays to the same hash; Guided refuses what Free lets the
 * checkers catch; a bot can take over a seat a human left in any state.
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { archiveAnomalies } from "../../shared/protocols/lamport/checks/archive.js";
import { lamportTraceOf } from "../../shared/protocols/lamport/checks/events.js";
import { computeVerdict, type Verdict } from "../../shared/checks/verdict.js";
import type { Level } from "../../shared/level/level.js";
import type { LamportState, QuizQuestion } from "../../shared/protocols/lamport/state.js";
import { submitInput } from "../../shared/sim/inputs.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import type { TraceEvent } from "../../shared/sim/trace.js";
import type { InputRecord, Mode, World } from "../../shared/sim/world-types.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import { nodeView, type NodeView } from "../../shared/view/node-view.js";
import { playScripted, type Decision } from "../support/play.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const level = loadLevels().find((l) => l.id === "l09-order-events-without-wall-clocks")!;
const NODE_IDS = level.nodes.map((n) => n.id);
const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);
const ROUND2 = 600;
const seatAs = (node: string, policy: string): InputRecord[] => [{ tick: 0, node, action: "$control", params: { controller: "bot", policy } }];

interface Outcome {
  seed: number;
  verdict: Verdict;
  /** What a test needs from the world, taken while it exists: 200 whole worlds would crowd the memory. */
  facts: Record<string, number>;
}

type Inspect = (world: World) => Record<string, number>;

function outcomes(inputs: InputRecord[], inspect: Inspect = () => ({})): Outcome[] {
  return SEEDS.map((seed) => {
    // createWorld + advanceTo is replay() without the final hash, which these counts do not need.
    const world = createWorld(level, TEST_CATALOG, seed);
    for (const input of inputs) submitInput(world, input.node, input.action, input.params);
    advanceTo(world, level.durationTicks);
    return { seed, verdict: computeVerdict(world), facts: inspect(world) };
  });
}

function table(label: string, runs: Outcome[]): string {
  const stars = [0, 1, 2, 3].map((s) => `${s}★ ${runs.filter((r) => r.verdict.stars === s).length}`).join(", ");
  const byCheck: Record<string, number> = {};
  for (const r of runs) for (const check of new Set(r.verdict.violations.map((v) => v.check))) byCheck[check] = (byCheck[check] ?? 0) + 1;
  const passed = runs.filter((r) => r.verdict.passed).length;
  return `l09 ${label}: passed ${passed}/200; stars ${stars}; seeds with violations by check ${JSON.stringify(byCheck)}`;
}

function archiveOf(world: World, round: number) {
  return world.trace.find((e): e is Extract<TraceEvent, { kind: "note" }> => e.kind === "note" && e.name === "archive" && e.data.round === round);
}

/** Round-2 Lamport stamps by event id: what accuracy note 5 says clock faults must not change. */
function lamportStamps(world: World): string[] {
  return [...world.trace].flatMap((e) => (e.kind === "note" && e.name === "stamp" && e.data.clock === "lamport" ? [`${String(e.data.eventId)}=${String(e.data.stamp)}`] : []));
}

describe("l09 with correct bots (200 seeds)", () => {
  const runs = outcomes([], (world) => {
    const archive = archiveOf(world, 1)!;
    const answers = [...world.trace].flatMap((e) => (e.kind === "note" && e.name === "quiz-answer" ? [String(e.data.answer)] : []));
    return {
      round1Anomalies: archiveAnomalies(lamportTraceOf(world.trace, NODE_IDS), archive.data.order as string[]).length,
      asked: world.trace.filter((e) => e.kind === "note" && e.name === "quiz-question").length,
      cannotTell: answers.filter((a) => a === "cannot-tell").length,
      decided: answers.filter((a) => a !== "cannot-tell").length,
    };
  });

  it("never violates safety, always publishes a complete history, and earns three stars", () => {
    console.log(table("correct bots", runs));
    for (const { seed, verdict } of runs) {
      expect(verdict.violations, `seed ${seed}`).toEqual([]);
      expect(verdict.goals.find((g) => g.id === "history")!.met, `seed ${seed}`).toBe(true);
      expect(verdict.stars, `seed ${seed}`).toBeGreaterThanOrEqual(1);
    }
    expect(runs.filter((r) => r.verdict.stars === 3).length).toBeGreaterThanOrEqual(190);
  });

  it("round 1, sorted by skewed wall clocks, prints effects before causes on every seed", () => {
    const counts = runs.map((r) => r.facts.round1Anomalies!);
    console.log(`l09 round 1 anomalies per seed: min ${Math.min(...counts)}, max ${Math.max(...counts)}`);
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });

  it("asks every seat a full quiz that mixes decidable and concurrent pairs", () => {
    for (const { seed, facts } of runs) {
      expect(facts.asked, `seed ${seed}`).toBe(24);
      expect(facts.cannotTell, `seed ${seed}`).toBeGreaterThan(0);
      expect(facts.decided, `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});

describe("l09 clock faults do not change Lamport stamps (accuracy note 5)", () => {
  const calm: Level = { ...level, clocks: {}, faults: [] };
  const wild: Level = {
    ...level,
    clocks: { N1: { offsetTicks: -250, driftPpm: -80_000 }, N2: { offsetTicks: 900, driftPpm: 120_000 }, N3: { offsetTicks: 7, driftPpm: 0 }, N4: { offsetTicks: -40, driftPpm: 30_000 } },
    faults: [
      { kind: "clock-step", atTick: 700, node: "N2", stepTicks: -300 },
      { kind: "clock-step", atTick: 1000, node: "N3", stepTicks: 200 },
      { kind: "clock-drift", atTick: 1300, node: "N4", driftPpm: -200_000 },
    ],
  };

  it.each([1, 2, 3, 17, 42])("seed %i: identical stamps and round-2 history with calm, level and wild clocks", (seed) => {
    const worlds = [level, calm, wild].map((lv) => replay(lv, TEST_CATALOG, seed, []).world);
    const [base, ...others] = worlds.map(lamportStamps);
    expect(base!.length).toBeGreaterThan(100);
    for (const other of others) expect(other).toEqual(base);
    const histories = worlds.map((w) => archiveOf(w, 2)!.data.order);
    expect(histories[1]).toEqual(histories[0]);
    expect(histories[2]).toEqual(histories[0]);
  });
});

/** Seeds where the network duplicated a gossip message to `node` after round 2 began. */
function duplicateReached(world: World, node: string): boolean {
  const gossip = new Set([...world.trace].flatMap((e) => (e.kind === "send" && e.type === "gossip" ? [e.msgId] : [])));
  const seen = new Set<number>();
  return world.trace.some((e) => {
    if (e.kind !== "deliver" || e.node !== node || e.tick < ROUND2 || !gossip.has(e.msgId)) return false;
    const again = seen.has(e.msgId);
    seen.add(e.msgId);
    return again;
  });
}

describe("l09 mistakes are caught by the check the chapter predicts (200 seeds each)", () => {
  it.each([
    ["N4", "wall-clock", "lamport/stamps-increase"],
    ["N1", "no-max", "lamport/receive-after-send"],
    ["ARCHIVIST", "archivist-wall", "lamport/archive-causal"],
  ])("%s=%s is flagged by %s on every seed", (node, policy, check) => {
    const runs = outcomes(seatAs(node, policy));
    const caught = runs.filter((r) => r.verdict.violations.some((v) => v.check === check && v.evidence.length >= 2));
    console.log(`${table(`${node}=${policy}`, runs)}; caught by ${check} on ${caught.length}/200`);
    expect(caught.length).toBe(200);
  });

  it("N3=dup-stamper misses the de-duplication goal on every seed where a duplicate reached N3 in Lamport mode, and only then", () => {
    const runs = outcomes(seatAs("N3", "dup-stamper"), (world) => ({ exposed: duplicateReached(world, "N3") ? 1 : 0 }));
    const exposed = runs.filter((r) => r.facts.exposed === 1);
    // A level rule, not a Lamport-clock property: it costs the history's star, never a safety violation.
    expect(runs.filter((r) => r.verdict.violations.length > 0)).toEqual([]);
    const caught = runs.filter((r) => r.verdict.goals.some((g) => g.id === "dedupe" && !g.met));
    console.log(`${table("N3=dup-stamper", runs)}; duplicates reached N3 on ${exposed.length}/200; caught ${caught.length}/${exposed.length}`);
    expect(caught.map((r) => r.seed)).toEqual(exposed.map((r) => r.seed));
    expect(exposed.length).toBeGreaterThan(100);
  });

  // Pinned regressions: the evidence points at the very events that break the rule.
  it.each([
    [1, "N4", "wall-clock", "lamport/stamps-increase"],
    [2, "N1", "no-max", "lamport/receive-after-send"],
    [3, "N2", "no-max", "lamport/clock-condition"],
    [4, "ARCHIVIST", "archivist-wall", "lamport/archive-causal"],
  ])("seed %i: %s=%s, %s cites stamp notes", (seed, node, policy, check) => {
    const { world } = replay(level, TEST_CATALOG, seed, seatAs(node, policy));
    const violation = world.violations.find((v) => v.check === check)!;
    expect(violation).toBeDefined();
    for (const i of violation.evidence.slice(0, 2)) expect(world.trace.at(i)).toMatchObject({ kind: "note", name: "stamp" });
  });

  it("pinned dup-stamper seed: the evidence is two receives of one message at N3", () => {
    const seed = SEEDS.find((s) => duplicateReached(replay(level, TEST_CATALOG, s, []).world, "N3"))!;
    const { world } = replay(level, TEST_CATALOG, seed, seatAs("N3", "dup-stamper"));
    const missed = computeVerdict(world).goals.find((g) => g.id === "dedupe" && !g.met)!;
    const [first, again] = missed.evidence!.map((i) => world.trace.at(i)!);
    expect(first).toMatchObject({ node: "N3", data: { kind: "receive" } });
    expect(again).toMatchObject({ node: "N3", data: { kind: "receive", msgId: (first as unknown as { data: { msgId: number } }).data.msgId } });
  });
});

// ---- A human in seat N2, reading only nodeView -----------------------------------------------

/** The player's own answer: own events by their order, a received send before what followed it, else cannot tell. */
function answerAsPlayer(state: LamportState, q: QuizQuestion): string {
  const pos = (id: string) => state.history.findIndex((h) => h.eventId === id);
  const gotAt = (id: string) => state.history.findIndex((h) => h.kind === "receive" && h.fromEvent === id);
  const [ia, ib] = [pos(q.a.eventId), pos(q.b.eventId)];
  if (ia >= 0 && ib >= 0) return ia < ib ? "a-before-b" : "b-before-a";
  if (ia >= 0) return gotAt(q.b.eventId) >= 0 && gotAt(q.b.eventId) <= ia ? "b-before-a" : "cannot-tell";
  if (ib >= 0) return gotAt(q.a.eventId) >= 0 && gotAt(q.a.eventId) <= ib ? "a-before-b" : "cannot-tell";
  return "cannot-tell";
}

/** A careful player: acts every 4 ticks (a human's pace), stamps by the rule, sets duplicates aside. */
function carefulPlayer(view: NodeView): Decision[] {
  if (view.uptimeTicks % 4 !== 0) return [];
  const s = view.state as LamportState;
  const decisions: Decision[] = [];
  let clock = s.clock;
  const lamport = s.round >= 2;
  const received = new Set(s.receivedMsgIds);
  for (const msg of s.unread) {
    if (received.has(msg.msgId)) {
      decisions.push({ action: "ignoreDuplicate", params: { msgId: msg.msgId } });
      continue;
    }
    received.add(msg.msgId);
    clock = msg.payload.clock === "lamport" ? Math.max(clock, msg.payload.stamp) + 1 : clock + 1;
    decisions.push({ action: "receive", params: { msgId: msg.msgId, ...(lamport ? { stamp: clock } : {}) } });
  }
  const items = [...s.items, ...s.unread.map((u) => u.payload.item)];
  for (const prompt of s.prompts) {
    const rumors = items.filter((i) => i.kind === "rumor");
    const parent = prompt.kind === "react" ? ([...rumors].reverse().find((i) => i.author !== view.id) ?? rumors[rumors.length - 1])?.id ?? null : null;
    clock += 1;
    decisions.push({ action: "post", params: { requestId: prompt.requestId, parent, ...(lamport ? { stamp: clock } : {}) } });
  }
  for (const q of s.quiz) {
    if (!s.answered.some((a) => a.qid === q.qid)) decisions.push({ action: "answer", params: { qid: q.qid, answer: answerAsPlayer(s, q) } });
  }
  return decisions;
}

/** A seed where the network duplicates gossip to N2 in round 2, so the player must set copies aside. */
const HUMAN_SEED = 14;

describe("l09 a human can win", () => {
  it("a scripted player in N2 (auto-gossip, auto-report) wins three stars and replays to the same hash", () => {
    const world = playScripted(level, HUMAN_SEED, "N2", carefulPlayer, { autopilot: ["auto-forward", "auto-report"] });
    const verdict = computeVerdict(world);
    expect(verdict.violations).toEqual([]);
    expect(verdict.stars).toBe(3);
    const actions = world.inputs.filter((i) => !i.action.startsWith("$"));
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(["post", "receive", "answer", "ignoreDuplicate"]));
    const again = replay(level, TEST_CATALOG, HUMAN_SEED, world.inputs);
    expect(again.hash).toBe(gameHash(world));
    expect(computeVerdict(again.world)).toEqual(verdict);
  });

  it("doing the gossip and the reporting by hand works too", () => {
    const byHand = (view: NodeView): Decision[] => {
      const decisions = carefulPlayer(view);
      const s = view.state as LamportState;
      if (view.uptimeTicks % 4 !== 0 || decisions.length > 0) return decisions;
      const out = s.toForward[0];
      if (out) return [{ action: "gossip", params: { itemId: out.itemId, to: out.to, ...(s.round >= 2 ? { stamp: s.clock + 1 } : {}) } }];
      return s.unreported.length > 0 ? [{ action: "report", params: {} }] : [];
    };
    const world = playScripted(level, HUMAN_SEED, "N2", byHand);
    const verdict = computeVerdict(world);
    expect(verdict.violations).toEqual([]);
    expect(verdict.stars).toBeGreaterThanOrEqual(1);
    expect(world.inputs.some((i) => i.action === "gossip")).toBe(true);
  });
});

// ---- Guided refuses, Free allows and the checkers catch ---------------------------------------

function humanWorld(mode: Mode, seed = HUMAN_SEED): World {
  const world = createWorld(level, TEST_CATALOG, seed, { mode });
  submitInput(world, "N2", "$control", { controller: "human", autopilot: ["auto-forward", "auto-report"] });
  return world;
}

/** Advance until the seat has something of this sort waiting in Lamport mode. */
function advanceUntil(world: World, ready: (s: LamportState) => boolean): LamportState {
  for (let tick = world.tick; tick < level.durationTicks; tick++) {
    advanceTo(world, tick);
    const s = world.nodes.N2!.state as LamportState;
    if (s.round >= 2 && ready(s)) return s;
  }
  throw new Error("never ready");
}

describe("l09 Guided refuses, Free lets the checkers catch", () => {
  it("a receive stamped without the max: refused with the formula, then caught in Free mode", () => {
    const guided = humanWorld("guided");
    const needsMax = (s: LamportState) => s.unread.some((u) => u.payload.clock === "lamport" && u.payload.stamp > s.clock && !s.receivedMsgIds.includes(u.msgId));
    const s = advanceUntil(guided, needsMax);
    const msg = s.unread.find((u) => u.payload.stamp > s.clock && !s.receivedMsgIds.includes(u.msgId))!;
    const refused = submitInput(guided, "N2", "receive", { msgId: msg.msgId, stamp: s.clock + 1 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe("rule");
      expect(refused.error.message).toContain(`receive: max(yours, received) + 1 = max(${s.clock}, ${msg.payload.stamp}) + 1 = ${msg.payload.stamp + 1}`);
    }

    const free = humanWorld("free");
    const f = advanceUntil(free, needsMax);
    const fmsg = f.unread.find((u) => u.payload.stamp > f.clock && !f.receivedMsgIds.includes(u.msgId))!;
    expect(submitInput(free, "N2", "receive", { msgId: fmsg.msgId, stamp: f.clock + 1 }).ok).toBe(true);
    expect(free.violations.map((v) => v.check)).toContain("lamport/receive-after-send");
  });

  it("a local event stamped with a repeated value: refused, then caught by stamps-increase", () => {
    for (const mode of ["guided", "free"] as const) {
      const world = humanWorld(mode);
      // One correct post first, so the next one has a stamp to repeat.
      const first = advanceUntil(world, (st) => st.prompts.some((p) => p.kind === "rumor"));
      const firstPrompt = first.prompts.find((p) => p.kind === "rumor")!;
      expect(submitInput(world, "N2", "post", { requestId: firstPrompt.requestId, parent: null, stamp: first.clock + 1 }).ok).toBe(true);
      const s = advanceUntil(world, (st) => st.prompts.some((p) => p.kind === "rumor") && st.clock > 0);
      const prompt = s.prompts.find((p) => p.kind === "rumor")!;
      const result = submitInput(world, "N2", "post", { requestId: prompt.requestId, parent: null, stamp: s.clock });
      if (mode === "guided") {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.message).toContain(`local event: yours + 1 = ${s.clock} + 1 = ${s.clock + 1}`);
      } else {
        expect(result.ok).toBe(true);
        expect(world.violations.map((v) => v.check)).toContain("lamport/stamps-increase");
      }
    }
  });

  it("a duplicate stamped as a receive: refused, then costs the de-duplication goal", () => {
    const seed = SEEDS.find((sd) => duplicateReached(replay(level, TEST_CATALOG, sd, []).world, "N2"))!;
    for (const mode of ["guided", "free"] as const) {
      const world = humanWorld(mode, seed);
      // Take every first copy in by the rule until a second copy shows up.
      let dup: number | undefined;
      for (let tick = world.tick; tick < level.durationTicks && dup === undefined; tick++) {
        advanceTo(world, tick);
        const s = world.nodes.N2!.state as LamportState;
        if (s.round < 2) continue;
        for (const u of s.unread) {
          const st = world.nodes.N2!.state as LamportState;
          if (st.receivedMsgIds.includes(u.msgId)) {
            dup = u.msgId;
            break;
          }
          const stamp = Math.max(st.clock, u.payload.clock === "lamport" ? u.payload.stamp : 0) + 1;
          expect(submitInput(world, "N2", "receive", { msgId: u.msgId, stamp }).ok).toBe(true);
        }
      }
      const st = world.nodes.N2!.state as LamportState;
      const result = submitInput(world, "N2", "receive", { msgId: dup!, stamp: st.clock + 1 });
      if (mode === "guided") {
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.message).toContain("duplicate");
        expect(submitInput(world, "N2", "ignoreDuplicate", { msgId: dup! }).ok).toBe(true);
      } else {
        expect(result.ok).toBe(true);
        expect(world.violations).toEqual([]);
        expect(computeVerdict(world).goals.find((g) => g.id === "dedupe")?.met).toBe(false);
      }
    }
  });

  it("Guided refuses an answer that contradicts the clock condition", () => {
    const world = humanWorld("guided", HUMAN_SEED);
    // Play round 2 carefully, then stop before answering.
    for (let tick = 0; tick < 1850; tick++) {
      advanceTo(world, tick);
      const view = nodeView(world, "N2");
      for (const d of carefulPlayer(view)) if (d.action !== "answer") submitInput(world, "N2", d.action, d.params);
    }
    const s = world.nodes.N2!.state as LamportState;
    const q = s.quiz.find((k) => k.a.stamp >= k.b.stamp)!;
    const refused = submitInput(world, "N2", "answer", { qid: q.qid, answer: "a-before-b" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain("its stamp would be smaller");
    expect(submitInput(world, "N2", "answer", { qid: q.qid, answer: answerAsPlayer(s, q) }).ok).toBe(true);
  });
});

describe("l09 a bot takes over a seat left in any state", () => {
  it("a human who did nothing for a minute of round 2 leaves; the correct bot catches up without a violation", () => {
    const inputs: InputRecord[] = [
      { tick: 0, node: "N2", action: "$control", params: { controller: "human", autopilot: [] } },
      { tick: 1200, node: "N2", action: "$control", params: { controller: "bot" } },
    ];
    const { world } = replay(level, TEST_CATALOG, 5, inputs);
    const verdict = computeVerdict(world);
    expect(verdict.violations).toEqual([]);
    const s = world.nodes.N2!.state as LamportState;
    expect(s.unread).toEqual([]);
    expect(s.prompts).toEqual([]);
    expect(s.unreported).toEqual([]);
    expect(verdict.goals.find((g) => g.id === "history")!.met).toBe(true);
  });
});
