/**
 * l03 Two Nodes, One Cable: correct bots pass; each named mistake is caught the way the lesson
 * predicts; a scripted human at B (and a second one at A) wins through legal actions and replays.
 * (The long seed sweep is `npm run conformance -- --level l03-two-nodes-one-cable`.)
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { requestOf } from "../../shared/protocols/two-replicas/state.js";
import { submitInput } from "../../shared/sim/inputs.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import type { World } from "../../shared/sim/world-types.js";
import { nodeView, type NodeView } from "../../shared/view/node-view.js";
import { playScripted, type Decision } from "../support/play.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const level = loadLevels().find((l) => l.id === "l03-two-nodes-one-cable")!;
const seatAs = (node: string, policy: string) => [{ tick: 0, node, action: "$control", params: { controller: "bot", policy } }];
const seeds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const outcomes = (n: number, inputs: ReturnType<typeof seatAs> | []) => seeds(n).map((seed) => ({ seed, verdict: computeVerdict(replay(level, TEST_CATALOG, seed, inputs).world) }));

describe("l03 with correct bots", () => {
  const runs = outcomes(60, []);

  it("never breaks a safety rule and meets round 2's goals (60 seeds)", () => {
    for (const { seed, verdict } of runs) {
      expect(verdict.violations, `seed ${seed}`).toEqual([]);
      expect(verdict.goals.filter((g) => !g.met && (g.id === "converged" || g.id === "cart-sla")), `seed ${seed}`).toEqual([]);
    }
  });

  it("earns three stars on nearly every seed", () => {
    expect(runs.filter((r) => r.verdict.stars === 3).length).toBeGreaterThanOrEqual(57);
  });
});

describe("l03 mistakes are caught from the seat a player takes", () => {
  it("B selling tickets from its own copy while cut off oversells and breaks linearizability", () => {
    for (const r of outcomes(12, seatAs("B", "sell-while-cut-off"))) {
      const checks = r.verdict.violations.map((v) => v.check);
      expect(checks, `seed ${r.seed}`).toContain("two-replicas/tickets-linearizable");
      expect(checks, `seed ${r.seed}`).toContain("two-replicas/no-oversell");
      expect(r.verdict.stars).toBe(0);
    }
  });

  it.each(["B", "A"])("%s acknowledging cart adds from RAM loses one at its restart", (seat) => {
    for (const r of outcomes(12, seatAs(seat, "ack-from-ram"))) {
      expect(r.verdict.violations.map((v) => v.check), `seed ${r.seed}`).toContain("two-replicas/no-lost-add");
      expect(r.verdict.stars).toBe(0);
    }
  });

  it("refusing the cart while cut off is safe, but misses round 2's SLA", () => {
    for (const r of outcomes(8, seatAs("B", "refuse-cart-when-cut-off"))) {
      expect(r.verdict.violations).toEqual([]);
      expect(r.verdict.goals.find((g) => g.id === "cart-sla")!.met, `seed ${r.seed}`).toBe(false);
      expect(r.verdict.stars).toBe(1);
    }
  });

  it("always asking A misses the p95; never asking A pays for stale checkouts", () => {
    for (const r of outcomes(8, seatAs("B", "always-sync"))) expect(r.verdict.goals.find((g) => g.id === "pacelc-p95")!.met, `seed ${r.seed}`).toBe(false);
    for (const r of outcomes(8, seatAs("B", "never-sync"))) {
      const score = r.verdict.goals.find((g) => g.id === "pacelc-score")!;
      expect(score.met, `seed ${r.seed}`).toBe(false);
      expect(score.detail).toMatch(/[1-9]\d* stale checkout reads/);
    }
  });
});

/** A careful B: tickets through A (refused at once while A is silent), the cart locally, checkout reads through A. */
function carefulB(view: NodeView): Decision[] {
  const out: Decision[] = [];
  const silent = view.lastHeardAgoTicks.A;
  const cutOff = silent === null || silent === undefined || silent > 15;
  for (const entry of view.inbox) {
    const e = entry.event;
    if (entry.handled || e.kind !== "request") continue;
    const r = requestOf(e.payload)!;
    const params = { requestId: e.requestId };
    if (r.data === "tickets") out.push({ action: cutOff ? "refuse" : "forward", params });
    else if (r.data === "product" && r.checkout) out.push({ action: "forward", params });
    else out.push({ action: "serve", params });
  }
  return out;
}

/** A careful A: it sells the tickets and takes the stock updates, so everything is answered from its copy. */
function carefulA(view: NodeView): Decision[] {
  return view.inbox.filter((e) => !e.handled && e.event.kind === "request").map((e) => ({ action: "serve", params: { requestId: (e.event as { requestId: string }).requestId } }));
}

function playTwo(seed: number): World {
  const world = createWorld(level, TEST_CATALOG, seed, { mode: "guided" });
  for (const seat of ["B", "A"]) submitInput(world, seat, "$control", { controller: "human" });
  const players: [string, (v: NodeView) => Decision[]][] = [
    ["B", carefulB],
    ["A", carefulA],
  ];
  for (let tick = 0; tick < level.durationTicks; tick++) {
    advanceTo(world, tick);
    for (const [seat, player] of players) {
      const view = nodeView(world, seat);
      if (view.status !== "up") continue;
      for (const d of player(view)) {
        const result = submitInput(world, seat, d.action, d.params);
        if (!result.ok) throw new Error(`tick ${tick}: ${seat} ${d.action} refused: ${result.error.message}`);
      }
    }
  }
  advanceTo(world, level.durationTicks);
  return world;
}

describe("a human can win", () => {
  it("at B: three stars on seed 3, and the input log replays to the same hash", () => {
    const world = playScripted(level, 3, "B", carefulB);
    // The half-second sync is quiet: no inbox card buries the requests.
    expect(world.nodes.B!.inbox.some((e) => (e.event.kind === "timer" && e.event.name === "sync") || (e.event.kind === "message" && e.event.type === "sync"))).toBe(false);
    const verdict = computeVerdict(world);
    expect(verdict.violations).toEqual([]);
    expect(verdict.goals.filter((g) => !g.met)).toEqual([]);
    expect(verdict.stars).toBe(3);
    expect(world.inputs.length).toBeGreaterThan(150);
    const again = replay(level, TEST_CATALOG, 3, world.inputs);
    expect(again.hash).toBe(gameHash(world));
    expect(computeVerdict(again.world).score).toBe(verdict.score);
  });

  it("two humans, at A and B: three stars on seed 5, replayed to the same hash", () => {
    const world = playTwo(5);
    const verdict = computeVerdict(world);
    expect(verdict.violations).toEqual([]);
    expect(verdict.stars).toBe(3);
    expect(replay(level, TEST_CATALOG, 5, world.inputs).hash).toBe(gameHash(world));
  });
});

describe("Guided and Free mode", () => {
  function bWithTicketRequest(mode: "guided" | "free") {
    const world = createWorld(level, TEST_CATALOG, 3, { mode });
    submitInput(world, "B", "$control", { controller: "human" });
    let card: string | null = null;
    for (let tick = 1; card === null && tick < 900; tick++) {
      advanceTo(world, tick);
      const entry = world.nodes.B!.inbox.find((e) => !e.handled && e.event.kind === "request" && requestOf(e.event.payload)?.op === "buy");
      if (entry && entry.event.kind === "request") card = entry.event.requestId;
    }
    return { world, requestId: card! };
  }

  it("Guided refuses selling a ticket from B's copy, naming the rule; forwarding is allowed", () => {
    const { world, requestId } = bWithTicketRequest("guided");
    const served = submitInput(world, "B", "serve", { requestId });
    expect(served.ok || served.error).toMatchObject({ code: "rule", message: expect.stringMatching(/Forward the request to A|refuse/) });
    expect(submitInput(world, "B", "forward", { requestId }).ok).toBe(true);
  });

  it("Free lets B sell from its copy; once A sells the same seat the checker catches it", () => {
    const { world } = bWithTicketRequest("free");
    for (let tick = world.tick; tick < 900; tick++) {
      advanceTo(world, tick);
      for (const entry of world.nodes.B!.inbox.filter((e) => !e.handled && e.event.kind === "request")) {
        submitInput(world, "B", "serve", { requestId: (entry.event as { requestId: string }).requestId });
      }
    }
    advanceTo(world, level.durationTicks);
    const verdict = computeVerdict(world);
    expect(verdict.violations.map((v) => v.check)).toContain("two-replicas/tickets-linearizable");
    expect(verdict.stars).toBe(0);
  });

  it("\"Ack now, disk later\" unlocks in round 2 only, and Guided refuses it with the rule", () => {
    const world = createWorld(level, TEST_CATALOG, 3, { mode: "guided" });
    submitInput(world, "B", "$control", { controller: "human" });
    advanceTo(world, 1000);
    const entry = world.nodes.B!.inbox.find((e) => !e.handled && e.event.kind === "request" && requestOf(e.event.payload)?.op === "add")!;
    const requestId = (entry.event as { requestId: string }).requestId;
    const refused = submitInput(world, "B", "ack-ram", { requestId });
    expect(refused.ok || refused.error).toMatchObject({ code: "rule", message: expect.stringMatching(/lost if your process dies/) });
    advanceTo(world, 1850);
    const later = world.nodes.B!.inbox.find((e) => !e.handled && e.event.kind === "request")!;
    const r3 = submitInput(world, "B", "ack-ram", { requestId: (later.event as { requestId: string }).requestId });
    expect(r3.ok || r3.error).toMatchObject({ code: "not-enabled" });
  });
});
