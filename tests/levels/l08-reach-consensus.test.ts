/**
 * l08-reach-consensus: Raft on five nodes. Correct bots are safe and earn their stars; each
 * deliberate bug is caught by the check the chapter predicts, from every seat, by the moment of
 * the schedule built for it (pinned seeds here; `npm run conformance` measures the rates over 200
 * seeds in CI): one power failure per seat for the forgetful voter and the careless commit count,
 * and the Figure 8 scene, where the careless count loses an acknowledged entry. A scripted human
 * wins three stars in every seat and the recorded inputs replay to the same hash; Guided mode
 * refuses a second vote, Free mode allows it and the checker catches it.
 *
 * The 200-seed sweeps run the world directly (createWorld + advanceTo): replay() would also hash
 * the whole trace, which the sweeps do not need.
 */
import { describe, expect, it } from "vitest";
import { loadLevelFile } from "../../server/level-files.js";
import { computeVerdict, type Verdict } from "../../shared/checks/verdict.js";
import type { Level } from "../../shared/level/level.js";
import { majorityOf } from "../../shared/base/quorum.js";
import { voteAllowed, voteChecks } from "../../shared/protocols/raft/election.js";
import type { RaftState } from "../../shared/protocols/raft/state.js";
import { redirect } from "../../shared/protocols/raft/replication.js";
import { submitInput } from "../../shared/sim/inputs.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import type { TraceEvent } from "../../shared/sim/trace.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import type { InputRecord, World } from "../../shared/sim/world-types.js";
import { nodeView } from "../../shared/view/node-view.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const LEVEL = loadLevelFile(new URL("../../levels/l08-reach-consensus.json", import.meta.url).pathname);
// 30 seeds here (the quick suite must stay under a minute); `npm run conformance` sweeps 200 in CI (and 2,000 on demand).
const SEEDS = Array.from({ length: 30 }, (_, k) => k + 1);
/** Secondary sweeps (other seats, the control run) use fewer seeds to keep the suite quick. */
const FEW = SEEDS.slice(0, 30);
const ALL = ["N1", "N2", "N3", "N4", "N5"];

const botIn = (nodes: readonly string[], policy: string): InputRecord[] =>
  nodes.map((node) => ({ tick: 0, node, action: "$control", params: { controller: "bot", policy } }));

/**
 * The power failure that is seat X's turn: every node crashes, X alone comes back at once, cut off
 * from the rest (the partition [[X], the others] that starts the episode).
 */
function turnOf(seat: string): number {
  const cut = LEVEL.faults.find((f) => f.kind === "partition" && f.groups.length === 2 && f.groups[0]!.length === 1 && f.groups[0]![0] === seat);
  if (!cut) throw new Error(`no power failure is ${seat}'s turn`);
  return cut.atTick;
}
/** How long an episode lasts, from the power failure until the others hear each other again. */
const EPISODE_TICKS = 230;
/** Seeds pinned for every seat (the conformance table sweeps 200 in CI). */
const PINNED = [1, 3, 4];
/** The Figure 8 scene's seed pinned below, and the seeds where its loss is pinned too. */
const FIGURE8_SEEDS = [1, 2, 3, 5, 8];

/**
 * The forgetful exhibit: a modified copy of the level where N1 and N5 campaign for term 1 at the
 * same moment and N3 crashes right after voting, back 0.4 gs later while a candidate is still
 * asking. Only a node that forgets its vote in a crash can vote twice here.
 */
const FORGETFUL_EXHIBIT: Level = {
  ...LEVEL,
  protocolOptions: { ...LEVEL.protocolOptions, firstElectionTicksByNode: { N1: [20, 20], N5: [20, 20] } },
  faults: [...LEVEL.faults, { kind: "crash", atTick: 30, node: "N3", recoverAtTick: 34 }],
};

/** Run to the end with the inputs applied at their ticks (the sweeps only use tick-0 seat swaps). */
function play(level: Level, seed: number, inputs: readonly InputRecord[] = []): World {
  const world = createWorld(level, TEST_CATALOG, seed);
  for (const input of inputs) {
    advanceTo(world, input.tick);
    submitInput(world, input.node, input.action, input.params);
  }
  advanceTo(world, level.durationTicks);
  return world;
}

function run(level: Level, seed: number, inputs: readonly InputRecord[] = []): Verdict {
  return computeVerdict(play(level, seed, inputs));
}

interface Sweep {
  stars: number[];
  caughtBy: Record<string, number>;
  caughtSeeds: number[];
  /** Per goal id: the seeds where it was not met. */
  goalMissed: Record<string, number[]>;
  passed: number;
  seeds: number;
}

function sweep(level: Level, inputs: InputRecord[], seeds: readonly number[] = SEEDS): Sweep {
  const out: Sweep = { stars: [0, 0, 0, 0], caughtBy: {}, caughtSeeds: [], goalMissed: {}, passed: 0, seeds: seeds.length };
  for (const seed of seeds) {
    const v = run(level, seed, inputs);
    out.stars[v.stars]!++;
    if (v.passed) out.passed++;
    if (v.violations.length > 0) out.caughtSeeds.push(seed);
    for (const check of new Set(v.violations.map((x) => x.check))) out.caughtBy[check] = (out.caughtBy[check] ?? 0) + 1;
    for (const g of v.goals) if (!g.met) (out.goalMissed[g.id] ??= []).push(seed);
  }
  return out;
}

function report(label: string, s: Sweep, listSeeds = false): void {
  const pct = (n: number) => `${Math.round((n * 100) / s.seeds)}%`;
  const caught = `caught ${s.caughtSeeds.length}/${s.seeds} (${pct(s.caughtSeeds.length)})`;
  console.log(
    `${label.padEnd(34)} ${String(s.seeds).padStart(3)} seeds  passed ${String(s.passed).padStart(3)}  stars 0/1/2/3 = ${s.stars.join("/")}  ${caught}  by ${JSON.stringify(s.caughtBy)}` +
      (listSeeds && s.caughtSeeds.length > 0 ? `\n${"".padEnd(34)} caught on seeds ${s.caughtSeeds.join(", ")}` : ""),
  );
}

describe("l08-reach-consensus: the level file", () => {
  it("loads: five peers, every seat playable, the Raft checks on", () => {
    expect(LEVEL.protocol).toBe("raft");
    expect(LEVEL.nodes.map((n) => n.id)).toEqual(ALL);
    expect(LEVEL.seats).toEqual({ nodes: ALL, min: 1, max: 5 });
    expect(LEVEL.durationTicks).toBe(2840);
    expect(LEVEL.version).toBe(4);
    expect(LEVEL.mistakeFloors).toMatchObject({ forgetful: 0.9, figure8: 0.9 });
    expect(LEVEL.safety.map((s) => s.check)).toContain("raft/commit-rule");
  });
});

describe("l08-reach-consensus: correct bots on 30 seeds", () => {
  it("no safety violation, the leader goal met, at least one star everywhere, three on most", () => {
    const s = sweep(LEVEL, []);
    report("correct (all seats)", s);
    console.log(`${"".padEnd(34)} goals missed: ${JSON.stringify(Object.fromEntries(Object.entries(s.goalMissed).map(([g, seeds]) => [g, seeds.length])))}`);
    expect(s.caughtSeeds).toEqual([]);
    expect(s.goalMissed["leader"] ?? []).toEqual([]);
    expect(s.stars[0]).toBe(0);
    expect(s.stars[3]!).toBeGreaterThanOrEqual(Math.floor(SEEDS.length * 0.875));
  });
});

describe("l08-reach-consensus: a follower's redirect is not an error", () => {
  it("not-leader answers from followers count as redirects, cost no points, and leave errors to real failures", () => {
    const world = play(LEVEL, 1);
    const verdict = computeVerdict(world);
    const answers = [...world.trace].filter((e): e is Extract<TraceEvent, { kind: "response" }> => e.kind === "response");
    const notLeader = answers.filter((e) => e.status === "not-leader");
    // The bots redirect only when they do not lead: every such answer is a redirect.
    expect(notLeader.length).toBeGreaterThan(0);
    expect(notLeader.every((e) => e.redirect === true)).toBe(true);
    expect(verdict.metrics.redirects).toBe(notLeader.length);
    expect(verdict.metrics.errors).toBe(answers.filter((e) => !e.ok && e.status !== "not-leader").length);
    // The points: served, lateness and message costs only; redirects cost nothing.
    const s = LEVEL.scoring;
    const expected = s.perServed * verdict.metrics.served - s.perError * verdict.metrics.errors - s.perLateTick * verdict.metrics.lateTicks - s.perExtraMessage * Math.max(0, verdict.metrics.seatMessages - s.messageBaseline);
    expect(verdict.score).toBe(Math.round(expected));
  });

  it("a leader that turns a client away (Free mode) is refusing it: an error, not a redirect", () => {
    const state = createWorld(LEVEL, TEST_CATALOG, 1).nodes["N1"]!.state as unknown as RaftState;
    expect(redirect({ ...state, role: "follower" }, "r1")).toMatchObject({ ok: false, status: "not-leader", redirect: true });
    expect(redirect({ ...state, role: "leader" }, "r1")).toMatchObject({ ok: false, status: "not-leader", redirect: false });
  });
});

describe("l08-reach-consensus: each named mistake is caught", () => {
  // Each power failure is one seat's turn (see the level's briefing): the seat comes back alone
  // and cut off, times out and votes for itself, restarts 10.2 gs in, and only then hears the
  // others, who are back (7.8 gs in) but cannot hear each other, so each campaigns in that same
  // term and asks the seat. Its restart timer then runs out before anyone's second one, so it
  // wins the next term with the commit index a restart left it: 0.
  describe.each(ALL)("the power failure that is %s's turn", (seat) => {
    const t = turnOf(seat);

    it.each(PINNED)("forgetful, seed %i: votes for itself, restarts, and votes for another candidate in the same term (raft/vote-once)", (seed) => {
      const world = play(LEVEL, seed, botIn([seat], "forgetful"));
      const found = computeVerdict(world).violations.find((v) => v.check === "raft/vote-once")!;
      expect(found.message).toMatch(new RegExp(`^${seat} voted for ${seat} and then for N\\d in term \\d+$`));
      const [first, down, up, second] = found.evidence.map((i) => world.trace.at(i)!) as [TraceEvent, TraceEvent, TraceEvent, TraceEvent];
      expect(found.evidence).toHaveLength(4);
      expect(first).toMatchObject({ kind: "note", name: "vote", node: seat });
      expect(down).toMatchObject({ kind: "crash", node: seat, tick: t + 102 });
      expect(up).toMatchObject({ kind: "recover", node: seat, tick: t + 103 });
      expect(second).toMatchObject({ kind: "note", name: "vote", node: seat });
      if (first.kind !== "note" || second.kind !== "note") throw new Error("votes are notes");
      expect(second.data.term).toBe(first.data.term);
      expect(first.tick).toBeGreaterThan(t);
      expect(second.tick).toBeLessThan(t + EPISODE_TICKS);
    });

    it.each(PINNED)("figure8, seed %i: leads after its turn and commits older entries by counting (raft/commit-rule); correct bots stay clean", (seed) => {
      const v = run(LEVEL, seed, botIn([seat], "figure8"));
      const found = v.violations.find((x) => x.check === "raft/commit-rule" && x.tick >= t && x.tick < t + EPISODE_TICKS + 50)!;
      expect(found.message).toMatch(new RegExp(`^${seat}, leader of term (\\d+), committed entry \\d+ of term \\d+ by counting its replicas$`));
      const control = run(LEVEL, seed);
      expect(control.violations).toEqual([]);
    });
  });

  // 3:20 to 4:24: Figure 8 of the Raft paper, N1 as S1 (the leader of the older term), N5 as S5.
  it.each(FIGURE8_SEEDS)("figure8 in seat N1, seed %i: the Figure 8 scene loses a committed, acknowledged entry", (seed) => {
    const world = play(LEVEL, seed, botIn(["N1"], "figure8"));
    const v = computeVerdict(world);
    const checks = new Set(v.violations.map((x) => x.check));
    for (const check of ["raft/commit-rule", "raft/acked-survives", "raft/state-machine-safety", "raft/leader-completeness"]) expect(checks).toContain(check);
    // The client that handed N1 a command at 3:22 was told it was committed...
    const acked = [...world.trace].find((e) => e.kind === "response" && e.ok && e.requestId.startsWith("figure8"));
    expect(acked, "the scripted command is acknowledged").toBeDefined();
    // ...by N1 counting replicas of that older-term entry, and a later leader overwrote it.
    const counted = v.violations.find((x) => x.check === "raft/commit-rule" && x.tick >= 2000)!;
    expect(counted.message).toMatch(/^N1, leader of term \d+, committed entry (\d+) of term \d+ by counting its replicas$/);
    const index = counted.message.match(/committed entry (\d+)/)![1];
    expect(v.violations.find((x) => x.check === "raft/acked-survives")!.message).toMatch(new RegExp(`cut acknowledged entry ${index} \\("set x=1"\\)`));
    expect(v.violations.find((x) => x.check === "raft/state-machine-safety")!.message).toMatch(new RegExp(`^N1 applied "set x=1" at index ${index}, but N[2-5] applied "no-op" there$`));
    // The same seed with a correct N1: nothing is lost, three stars.
    const control = run(LEVEL, seed);
    expect(control.violations).toEqual([]);
    expect(control.stars).toBe(3);
  });

  it("forgetful on a modified copy: two leaders in one term (needs all five nodes up during a contested election)", () => {
    // On the shipped level the second vote goes to a candidate the other nodes cannot hear yet:
    // a double vote there cannot make two leaders. This exhibit has N1 and N5 campaign for term 1
    // at the same moment and N3 restart right after voting, so two majorities of five can form.
    const exhibit = sweep(FORGETFUL_EXHIBIT, botIn(["N3"], "forgetful"));
    report("forgetful (N3, exhibit)", exhibit);
    const control = sweep(FORGETFUL_EXHIBIT, [], FEW);
    report("correct (exhibit)", control);
    expect(control.caughtSeeds).toEqual([]);
    expect(exhibit.caughtBy["raft/vote-once"]).toBe(exhibit.caughtSeeds.length);
    // Pinned: seed 1 (a double vote), seeds 16 and 21 (two leaders of term 1).
    const one = run(FORGETFUL_EXHIBIT, 1, botIn(["N3"], "forgetful"));
    expect(one.violations[0]!.check).toBe("raft/vote-once");
    for (const seed of [16, 21]) {
      const v = run(FORGETFUL_EXHIBIT, seed, botIn(["N3"], "forgetful"));
      const twoLeaders = v.violations.find((x) => x.check === "raft/election-safety")!;
      expect(twoLeaders.message).toMatch(/both became leader of term 1/);
      expect(run(FORGETFUL_EXHIBIT, seed).violations).toEqual([]);
    }
  });

  it("eager (1-2 gs timeouts): safe, but churns and loses stars", () => {
    const one = sweep(LEVEL, botIn(["N2"], "eager"), FEW);
    report("eager (seat N2)", one);
    const all = sweep(LEVEL, botIn(ALL, "eager"), FEW);
    report("eager (all seats)", all);
    expect(one.caughtSeeds).toEqual([]);
    expect(all.caughtSeeds).toEqual([]);
    expect(one.stars[3]!).toBeLessThan(FEW.length / 2);
    expect(all.stars[3]).toBe(0);
  });
});

// ---- A human plays a seat through the player actions ------------------------------------

const MEMBERS = ALL;

function highestCommittable(s: RaftState): number | null {
  for (let n = s.log.length; n > s.commitIndex; n--) {
    if (s.log[n - 1]!.term !== s.currentTerm) continue;
    const holders = 1 + Object.values(s.matchIndex).filter((m) => m >= n).length;
    if (holders >= majorityOf(MEMBERS.length)) return n;
  }
  return null;
}

/** One decision from what the seat can see, or null when there is nothing to do. */
function decide(world: World, seat: string): { action: string; params: unknown } | null {
  const view = nodeView(world, seat);
  if (view.status !== "up") return null;
  const s = view.state as RaftState;
  const card = s.voteCards[0];
  if (card) return { action: voteAllowed(voteChecks(s, card.payload)) ? "grantVote" : "denyVote", params: { msgId: card.msgId } };
  if (s.seenTerm > s.currentTerm) return { action: "stepDown", params: {} };
  if (s.role !== "leader") return s.electionDue ? { action: "startElection", params: {} } : null;
  const client = s.clientCards[0];
  if (client) return { action: "appendCommand", params: { requestId: client.requestId } };
  const n = highestCommittable(s);
  return n === null ? null : { action: "advanceCommit", params: { index: n } };
}

function playHuman(level: Level, seed: number, seat: string): World {
  const world = createWorld(level, TEST_CATALOG, seed, { mode: "guided" });
  const chores = ["auto-heartbeat", "auto-replicate", "auto-ack", "auto-redirect"];
  expect(submitInput(world, seat, "$control", { controller: "human", autopilot: chores }).ok).toBe(true);
  for (let tick = 0; tick < level.durationTicks; tick++) {
    advanceTo(world, tick);
    let appended = false;
    for (let k = 0; k < 20; k++) {
      const move = decide(world, seat);
      if (!move) break;
      const result = submitInput(world, seat, move.action, move.params);
      if (!result.ok) throw new Error(`tick ${tick}: ${move.action} refused: ${result.error.message}`);
      if (move.action === "appendCommand") appended = true;
    }
    // Send a freshly appended command at once rather than waiting for the next heartbeat.
    if (appended) expect(submitInput(world, seat, "replicate", {}).ok).toBe(true);
  }
  advanceTo(world, level.durationTicks);
  return world;
}

describe("l08-reach-consensus: the briefing's election timeouts", () => {
  // "6 to 10 seconds, except that N1 waits only 1.5 to 2.5 seconds until it has joined a term":
  // a human N1 who has not yet acted is reminded at the short range, again and again.
  it("a human N1 in term 0 waits 1.5-2.5 s each time; everyone else waits 6-10 s", () => {
    const world = createWorld(LEVEL, TEST_CATALOG, 1);
    submitInput(world, "N1", "$control", { controller: "human", autopilot: [] });
    advanceTo(world, 250);
    const fired = (node: string) => [...world.trace].filter((e) => e.kind === "timer" && e.node === node && e.name === "election").map((e) => e.tick);
    const n1 = fired("N1");
    expect((world.nodes["N1"]!.state as unknown as RaftState).currentTerm).toBe(0);
    expect(n1.length).toBeGreaterThan(5);
    const gaps = n1.map((t, k) => t - (k === 0 ? 0 : n1[k - 1]!));
    // A timer fires on the first tick its uptime reaches the wait: at most one tick late.
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(15);
      expect(gap).toBeLessThanOrEqual(25 + 1);
    }
    const first = fired("N2")[0]!;
    expect(first).toBeGreaterThanOrEqual(60);
    expect(first).toBeLessThanOrEqual(100 + 1);
  });
});

describe("l08-reach-consensus: a human can win", () => {
  // Every seat: each one's power failure makes it campaign and lead, so each player meets both.
  it.each(ALL)("a scripted player in seat %s wins three stars on seed 5, and its inputs replay to the same hash", (seat) => {
    const world = playHuman(LEVEL, 5, seat);
    const verdict = computeVerdict(world);
    const actions = new Set(world.inputs.map((i) => i.action));
    expect(actions).toContain("startElection");
    expect(actions).toContain("advanceCommit");
    expect(actions).toContain("grantVote");
    expect(verdict.violations).toEqual([]);
    expect(verdict.stars).toBe(3);
    const again = replay(LEVEL, TEST_CATALOG, 5, world.inputs);
    expect(again.hash).toBe(gameHash(world));
    expect(computeVerdict(again.world)).toEqual(verdict);
  });
});

// ---- Guided refuses a second vote in one term; Free allows it and the checker catches it ----

/** Two candidates (N4, N5) ask for term 1 at the same moment; N3 is a human with no chores. */
const TWO_CANDIDATES: Level = {
  ...LEVEL,
  protocolOptions: { ...LEVEL.protocolOptions, firstElectionTicksByNode: { N4: [15, 15], N5: [15, 15] } },
};

function untilTwoVoteCards(mode: "guided" | "free", seed: number): { world: World; cards: RaftState["voteCards"] } | null {
  const world = createWorld(TWO_CANDIDATES, TEST_CATALOG, seed, { mode });
  submitInput(world, "N3", "$control", { controller: "human", autopilot: [] });
  for (let tick = 0; tick < 60; tick++) {
    advanceTo(world, tick);
    const cards = (nodeView(world, "N3").state as RaftState).voteCards;
    if (new Set(cards.filter((c) => c.payload.term === 1).map((c) => c.from)).size === 2) return { world, cards };
  }
  return null;
}

describe("l08-reach-consensus: Guided and Free", () => {
  const seed = SEEDS.find((s) => untilTwoVoteCards("guided", s) !== null)!;

  it("Guided mode refuses a second vote in the same term, naming the rule", () => {
    const { world, cards } = untilTwoVoteCards("guided", seed)!;
    expect(submitInput(world, "N3", "grantVote", { msgId: cards[0]!.msgId }).ok).toBe(true);
    const second = submitInput(world, "N3", "grantVote", { msgId: cards[1]!.msgId });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.code).toBe("rule");
      expect(second.error.message).toMatch(/already voted for N[45] in term 1/);
      expect(second.error.rule).toMatch(/at most one vote per term/);
    }
  });

  it("Free mode allows it, and raft/vote-once catches it with both votes as evidence", () => {
    const { world, cards } = untilTwoVoteCards("free", seed)!;
    expect(submitInput(world, "N3", "grantVote", { msgId: cards[0]!.msgId }).ok).toBe(true);
    expect(submitInput(world, "N3", "grantVote", { msgId: cards[1]!.msgId }).ok).toBe(true);
    const found = world.violations.find((v) => v.check === "raft/vote-once")!;
    expect(found.message).toMatch(/N3 voted for N[45] and then for N[45] in term 1/);
    const votes = found.evidence.map((i) => world.trace.at(i)!);
    expect(votes.every((e) => e.kind === "note" && e.name === "vote" && e.node === "N3")).toBe(true);
  });

});
