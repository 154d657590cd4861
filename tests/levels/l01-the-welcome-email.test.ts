/**
 * l01 The Welcome Email: correct bots pass; each named mistake is caught the way the lesson
 * predicts; a scripted human at the Signup Service wins through legal actions and replays, and
 * so does a team of two (the service and the Email provider) in one room.
 * (The 100-seed sweep is `npm run conformance -- --level l01-the-welcome-email`.)
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { computeVerdict } from "../../shared/checks/verdict.js";
import type { EmailPayload, InsertedPayload, WelcomeState } from "../../shared/protocols/welcome-email/state.js";
import { legalActions } from "../../shared/sim/legal-actions.js";
import { submitInput } from "../../shared/sim/inputs.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import { advanceTo, createWorld } from "../../shared/sim/world.js";
import type { NodeView } from "../../shared/view/node-view.js";
import { playScripted, playTeam, type Decision } from "../support/play.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const level = loadLevels().find((l) => l.id === "l01-the-welcome-email")!;
const seatAs = (policy: string, node = "SVC") => [{ tick: 0, node, action: "$control", params: { controller: "bot", policy } }];
const seeds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const outcomes = (n: number, inputs: ReturnType<typeof seatAs> | []) => seeds(n).map((seed) => ({ seed, verdict: computeVerdict(replay(level, TEST_CATALOG, seed, inputs).world) }));

describe("l01 with correct bots", () => {
  const runs = outcomes(40, []);

  it("never violates safety and emails every user once, in time (40 seeds)", () => {
    for (const { seed, verdict } of runs) {
      expect(verdict.violations, `seed ${seed}`).toEqual([]);
      expect(verdict.goals.filter((g) => !g.met && g.id !== "frugal"), `seed ${seed}`).toEqual([]);
    }
  });

  it("earns three stars on most seeds", () => {
    const threeStars = runs.filter((r) => r.verdict.stars === 3).length;
    expect(threeStars).toBeGreaterThanOrEqual(36);
  });
});

describe("l01 mistakes are caught from the service seat", () => {
  it.each([
    ["email-first", "welcome-email/no-phantom-email"],
    ["no-key", "welcome-email/email-exactly-once"],
  ])("SVC=%s is flagged by %s", (policy, check) => {
    const runs = outcomes(10, seatAs(policy));
    for (const r of runs) {
      expect(r.verdict.violations.some((v) => v.check === check), `seed ${r.seed}`).toBe(true);
      expect(r.verdict.stars).toBe(0);
    }
  });

  it("SVC=ram-only is safe, but the crash at 2:10 loses committed users' emails", () => {
    for (const r of outcomes(10, seatAs("ram-only"))) {
      expect(r.verdict.violations, `seed ${r.seed}`).toEqual([]);
      const all = r.verdict.goals.find((g) => g.id === "all-emailed")!;
      expect(all.met, `seed ${r.seed}`).toBe(false);
      expect(all.detail).toMatch(/never emailed/);
      expect(r.verdict.stars).toBe(0);
    }
  });
});

describe("l01's second seat, the Email provider", () => {
  it("is taken second: solo plays the service, a team adds the provider", () => {
    expect(level.seats).toMatchObject({ nodes: ["SVC", "EMAIL"], min: 1, max: 2 });
  });

  it("EMAIL=resend-repeats (sends again on a key it already honoured) is flagged by email-exactly-once", () => {
    for (const r of outcomes(5, seatAs("resend-repeats", "EMAIL"))) {
      expect(r.verdict.violations.some((v) => v.check === "welcome-email/email-exactly-once"), `seed ${r.seed}`).toBe(true);
      expect(r.verdict.stars).toBe(0);
    }
  });

  it("the provider's acknowledgements do not cost the service's message budget (scoring.messagesFrom)", () => {
    const { world } = replay(level, TEST_CATALOG, 2, []);
    const verdict = computeVerdict(world);
    const fromSvc = world.trace.filter((e) => e.kind === "send" && e.node === "SVC").length;
    expect(verdict.metrics.seatMessages).toBe(fromSvc);
  });
});

/** A careful service: the outbox once it opens; before that, commit, answer, then email with the key. */
function carefulService(view: NodeView): Decision[] {
  const s = view.state as WelcomeState;
  const out: Decision[] = [];
  for (const entry of view.inbox) {
    if (entry.handled) continue;
    const e = entry.event;
    if (e.kind === "request") out.push({ action: view.wallTicks >= 900 ? "txn" : "insert", params: { requestId: e.requestId } });
    if (e.kind === "message" && e.type === "inserted") {
      const reply = e.payload as InsertedPayload;
      out.push({ action: "answer", params: { msgId: e.msgId } });
      const owed = reply.created && !reply.outbox && !s.emailed.includes(reply.user) && !s.todo.some((t) => t.user === reply.user);
      if (owed) out.push({ action: "email", params: { user: reply.user, key: true } });
    }
    if (e.kind === "timer" && e.name === "email-retry") {
      // Resend what is overdue (backoff doubling, up to 8x), or at least the oldest, to re-arm the timer.
      const due = s.todo.filter((t) => t.lastSentUptimeTicks + 30 * Math.min(8, 2 ** (t.attempts - 1)) <= view.uptimeTicks);
      const resend = due.length > 0 ? due : s.todo.slice(0, 1);
      for (const t of resend) out.push({ action: "email", params: { user: t.user, key: true } });
    }
  }
  return out;
}

describe("a human can win", () => {
  it("at the Signup Service: three stars on seed 3, and the input log replays to the same hash", () => {
    const world = playScripted(level, 3, "SVC", carefulService);
    const verdict = computeVerdict(world);
    expect(verdict.violations).toEqual([]);
    expect(verdict.goals.filter((g) => !g.met)).toEqual([]);
    expect(verdict.stars).toBe(3);
    expect(world.inputs.length).toBeGreaterThan(100);
    const again = replay(level, TEST_CATALOG, 3, world.inputs);
    expect(again.hash).toBe(gameHash(world));
    expect(computeVerdict(again.world).score).toBe(verdict.score);
  });
});

/** A careful provider: send a request's email unless its key was already honoured; then acknowledge only. */
function carefulProvider(view: NodeView): Decision[] {
  const honoured = new Set((view.state as WelcomeState).keys);
  const out: Decision[] = [];
  for (const entry of view.inbox) {
    const e = entry.event;
    if (entry.handled || e.kind !== "message" || e.type !== "email") continue;
    const { key } = e.payload as EmailPayload;
    const repeat = key !== null && honoured.has(key);
    out.push({ action: repeat ? "ack" : "send", params: { msgId: e.msgId } });
    if (key !== null) honoured.add(key);
  }
  return out;
}

describe("a team can win", () => {
  it("the service and the provider, both human: three stars on seed 4, every request decided at EMAIL, and the replay matches", () => {
    const world = playTeam(level, 4, { SVC: carefulService, EMAIL: carefulProvider });
    const verdict = computeVerdict(world);
    expect(verdict.violations).toEqual([]);
    expect(verdict.goals.filter((g) => !g.met)).toEqual([]);
    expect(verdict.stars).toBe(3);
    const byEmail = world.inputs.filter((i) => i.node === "EMAIL");
    expect(byEmail.filter((i) => i.action === "send").length).toBeGreaterThan(100);
    // Lost replies and the outage make repeats: the provider meets some all game long.
    const acks = byEmail.filter((i) => i.action === "ack");
    expect(acks.length).toBeGreaterThan(3);
    expect(Math.max(...acks.map((i) => i.tick))).toBeGreaterThan(900);
    const again = replay(level, TEST_CATALOG, 4, world.inputs);
    expect(again.hash).toBe(gameHash(world));
  });
});

describe("Guided and Free mode at the provider", () => {
  /** The provider, human, holding its first email request and one repeat of an honoured key. */
  function providerWithRequests(mode: "guided" | "free") {
    const world = createWorld(level, TEST_CATALOG, 3, { mode });
    submitInput(world, "EMAIL", "$control", { controller: "human" });
    let tick = 0;
    const open = () => world.nodes.EMAIL!.inbox.filter((e) => !e.handled && e.event.kind === "message" && e.event.type === "email");
    while (open().length === 0 && tick < 300) advanceTo(world, ++tick);
    const first = open()[0]!.event as { msgId: number; payload: EmailPayload };
    return { world, first, open, tick };
  }

  it("offers send and ack on an email card, and Guided refuses acknowledging an email never sent", () => {
    const { world, first } = providerWithRequests("guided");
    const offered = legalActions(world, "EMAIL").map((o) => o.action);
    expect(offered).toEqual(expect.arrayContaining(["send", "ack"]));
    expect(offered).not.toContain("insert");
    const ack = submitInput(world, "EMAIL", "ack", { msgId: first.msgId });
    expect(ack.ok || ack.error).toMatchObject({ code: "rule", message: expect.stringMatching(/Nothing went out under welcome:/) });
    expect(submitInput(world, "EMAIL", "send", { msgId: first.msgId }).ok).toBe(true);
    expect((world.nodes.EMAIL!.state as WelcomeState).mailbox).toEqual([first.payload.user]);
  });

  it("Guided refuses sending again on an honoured key and lets it be acknowledged", () => {
    const { world, first } = providerWithRequests("guided");
    expect(submitInput(world, "EMAIL", "send", { msgId: first.msgId }).ok).toBe(true);
    // The same request again, as a retry after a lost reply would bring it.
    const retry = world.nodes.EMAIL!.inbox.find((e) => e.event.kind === "message" && e.event.msgId === first.msgId)!;
    const again = submitInput(world, "EMAIL", "send", { msgId: first.msgId });
    expect(again.ok).toBe(false);
    expect(retry.handled).toBe(true);
    // A fresh card with the honoured key: wait for the sender's retry (its reply may arrive first: then none comes).
    let repeat: { msgId: number } | undefined;
    for (let tick = world.tick; tick < 1200 && !repeat; tick++) {
      advanceTo(world, tick);
      const keys = (world.nodes.EMAIL!.state as WelcomeState).keys;
      const card = world.nodes.EMAIL!.inbox.find((e) => !e.handled && e.event.kind === "message" && e.event.type === "email" && keys.includes((e.event.payload as EmailPayload).key ?? ""));
      if (card) repeat = card.event as { msgId: number };
      for (const e of world.nodes.EMAIL!.inbox) {
        if (e.handled || e.event.kind !== "message" || e.event.type !== "email" || e === card) continue;
        if (!keys.includes((e.event.payload as EmailPayload).key ?? "")) submitInput(world, "EMAIL", "send", { msgId: e.event.msgId });
      }
    }
    expect(repeat, "a repeated key reached the provider").toBeDefined();
    const twice = submitInput(world, "EMAIL", "send", { msgId: repeat!.msgId });
    expect(twice.ok || twice.error).toMatchObject({ code: "rule", message: expect.stringMatching(/already honoured .*Acknowledge without sending/) });
    expect(submitInput(world, "EMAIL", "ack", { msgId: repeat!.msgId }).ok).toBe(true);
  });

  it("Free lets the provider acknowledge without sending, and the level notices the user never welcomed", () => {
    const { world, first } = providerWithRequests("free");
    expect(submitInput(world, "EMAIL", "ack", { msgId: first.msgId }).ok).toBe(true);
    advanceTo(world, level.durationTicks);
    const verdict = computeVerdict(world);
    const all = verdict.goals.find((g) => g.id === "all-emailed")!;
    expect(all.met).toBe(false);
    expect(all.detail).toContain(first.payload.user);
  });
});

describe("Guided and Free mode", () => {
  function serviceWithSignup(mode: "guided" | "free") {
    const world = createWorld(level, TEST_CATALOG, 3, { mode });
    submitInput(world, "SVC", "$control", { controller: "human" });
    advanceTo(world, 60);
    const user = (world.nodes.SVC!.state as WelcomeState).waiting[0]!.user;
    return { world, user };
  }

  it("Guided refuses an email before the commit, and one without the key, naming the rule", () => {
    const { world, user } = serviceWithSignup("guided");
    const early = submitInput(world, "SVC", "email", { user, key: true });
    expect(early.ok || early.error).toMatchObject({ code: "rule", message: expect.stringMatching(/not committed in the DB/) });
    const keyless = submitInput(world, "SVC", "email", { user, key: false });
    expect(keyless.ok || keyless.error).toMatchObject({ code: "rule" });
  });

  it("Free allows the early email, and the checker catches it", () => {
    const { world, user } = serviceWithSignup("free");
    expect(submitInput(world, "SVC", "email", { user, key: true }).ok).toBe(true);
    advanceTo(world, level.durationTicks);
    const verdict = computeVerdict(world);
    expect(verdict.violations.map((v) => v.check)).toContain("welcome-email/no-phantom-email");
    expect(verdict.stars).toBe(0);
  });

  it("the outbox transaction is refused before 1:30 and allowed after", () => {
    const world = createWorld(level, TEST_CATALOG, 3, { mode: "guided" });
    submitInput(world, "SVC", "$control", { controller: "human" });
    advanceTo(world, 60);
    const req = (world.nodes.SVC!.state as WelcomeState).waiting[0]!.requestId;
    const before = submitInput(world, "SVC", "txn", { requestId: req });
    expect(before.ok || before.error).toMatchObject({ code: "not-enabled" });
    advanceTo(world, 905);
    const pending = world.nodes.SVC!.inbox.find((e) => !e.handled && e.event.kind === "request")!;
    const requestId = (pending.event as { requestId: string }).requestId;
    expect(submitInput(world, "SVC", "txn", { requestId }).ok).toBe(true);
  });
});
