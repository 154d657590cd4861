/** The gauntlet's round checks on hand-built traces: each with a known violation and its correct twin. */
import { describe, expect, it } from "vitest";
import type { Level } from "../../../shared/level/level.js";
import { bonusAnswer } from "../../../shared/protocols/fallacy-gauntlet/checks/bonus-answer.js";
import { chargedOnce } from "../../../shared/protocols/fallacy-gauntlet/checks/r1-charged-once.js";
import { pageDeadline } from "../../../shared/protocols/fallacy-gauntlet/checks/r2-page-deadline.js";
import { queueCapacity } from "../../../shared/protocols/fallacy-gauntlet/checks/r3-queue-capacity.js";
import { signedOnly } from "../../../shared/protocols/fallacy-gauntlet/checks/r4-signed-only.js";
import { successAfterMove } from "../../../shared/protocols/fallacy-gauntlet/checks/r5-success-after-move.js";
import { noDecodeErrors } from "../../../shared/protocols/fallacy-gauntlet/checks/r6-no-decode-errors.js";
import { costBudget } from "../../../shared/protocols/fallacy-gauntlet/checks/r7-cost-budget.js";
import { deliveredByDeadline } from "../../../shared/protocols/fallacy-gauntlet/checks/r8-delivered.js";
import { roundsCleared } from "../../../shared/protocols/fallacy-gauntlet/checks/rounds-cleared.js";
import type { GoalCheck, RunRecord } from "../../../shared/sim/check.js";
import type { NewTraceEvent } from "../../../shared/sim/trace.js";
import { buildTrace, note } from "../../support/trace-builder.js";

// Rounds of 300 ticks from tick 0: R1 [0,300), R2 [300,600), ... R8 [2100,2400), bonus from 2400.
const level = { protocolOptions: { firstRoundTick: 0, roundTicks: 300 }, goals: [] } as unknown as Level;
const run = (events: NewTraceEvent[], goals: Level["goals"] = []): RunRecord => ({ level: { ...level, goals }, trace: buildTrace(events) as never, endTick: 2600, stableWindows: [], finalStates: {}, upAtEnd: [] });
const judge = (check: GoalCheck, events: NewTraceEvent[], params: Record<string, unknown> = {}) => check.evaluate(run(events), params);

const request = (tick: number, workload: string, id: string, slaTicks = 40): NewTraceEvent => ({ tick, kind: "request", node: "S", requestId: id, workload, payload: {}, deadlineTick: tick + slaTicks });
const response = (tick: number, id: string, ok = true, result: unknown = null): NewTraceEvent => ({ tick, kind: "response", node: "S", requestId: id, ok, status: ok ? "ok" : "failed", result });
const send = (tick: number, node: string, type: string, msgId: number, payload: unknown = {}): NewTraceEvent => ({ tick, kind: "send", node, to: "S", msgId, type, payload });
const charge = (tick: number, order: string) => note(tick, "PAY", "charge", { order, key: null });

describe("R1 charged-once", () => {
  it("fails a double charge, an ack without a charge, a charged order reported failed, and an order never settled", () => {
    expect(judge(chargedOnce, [request(10, "order", "o1"), charge(15, "o1"), charge(30, "o1"), response(32, "o1")])).toMatchObject({ met: false, detail: "o1 was charged 2 times", evidence: [0, 1, 2] });
    expect(judge(chargedOnce, [request(10, "order", "o1"), response(32, "o1")]).detail).toMatch(/acknowledged but charged 0 times/);
    expect(judge(chargedOnce, [request(10, "order", "o1"), charge(15, "o1"), response(32, "o1", false)]).detail).toMatch(/reported failed, but Payments charged it/);
    expect(judge(chargedOnce, [request(10, "order", "o1")]).detail).toMatch(/never settled/);
  });

  it("passes a keyed retry the provider deduplicated, and an uncharged order reported failed", () => {
    const dedup = note(30, "PAY", "deduplicated", { order: "o1", key: "order:o1" });
    expect(judge(chargedOnce, [request(10, "order", "o1"), charge(15, "o1"), dedup, response(32, "o1"), request(40, "order", "o2"), response(70, "o2", false)]).met).toBe(true);
  });
});

describe("R2 page-deadline", () => {
  const all = { parts: ["auth", "user", "details", "recommendations"] };
  it("fails a late page and one without a critical part", () => {
    expect(judge(pageDeadline, [request(310, "page", "p1", 12), response(330, "p1", true, all)]).detail).toMatch(/delivered after 2.0 s; it was due in 1.2 s/);
    expect(judge(pageDeadline, [request(310, "page", "p1", 12), response(318, "p1", true, { parts: ["auth", "user"] })]).detail).toMatch(/lacked critical parts: details/);
  });
  it("passes a page on time with its critical parts", () => {
    expect(judge(pageDeadline, [request(310, "page", "p1", 12), response(318, "p1", true, all)]).met).toBe(true);
  });
});

describe("R3 queue-capacity", () => {
  const uplink = (tick: number, depth: number, dropped?: string) => note(tick, "S", "uplink", dropped ? { depth, capacity: 20, dropped } : { depth, capacity: 20 });
  it("fails a dropped record and a queue over capacity", () => {
    expect(judge(queueCapacity, [request(700, "record", "r1"), uplink(700, 18, "r1"), response(700, "r1", false)]).detail).toMatch(/did not fit: dropped/);
    expect(judge(queueCapacity, [request(700, "record", "r1"), uplink(700, 21), response(720, "r1")]).detail).toMatch(/reached 21 units, over its 20/);
  });
  it("passes a queue within capacity with every record answered", () => {
    expect(judge(queueCapacity, [request(700, "record", "r1"), uplink(700, 5), response(705, "r1")]).met).toBe(true);
  });
});

describe("R4 signed-only", () => {
  const execute = (tick: number, msgId: number) => note(tick, "S", "execute", { id: `c${msgId}`, command: "flush-cache", msgId });
  it("fails a command executed that the impostor sent, whatever it claimed", () => {
    expect(judge(signedOnly, [send(1000, "AUTH", "command", 1), send(1005, "EVIL", "command", 2), execute(1003, 1), execute(1008, 2)])).toMatchObject({ met: false, evidence: [1, 3] });
  });
  it("passes when only Auth's commands ran, and fails when none did", () => {
    expect(judge(signedOnly, [send(1000, "AUTH", "command", 1), send(1005, "EVIL", "command", 2), execute(1003, 1)]).met).toBe(true);
    expect(judge(signedOnly, [send(1005, "EVIL", "command", 2)]).detail).toMatch(/executed no command/);
  });
});

describe("R5 success-after-move (the move at 1300)", () => {
  const after = (n: number, okCount: number): NewTraceEvent[] =>
    Array.from({ length: n }, (_, k) => [request(1310 + 10 * k, "stock", `s${k}`, 30), response(1320 + 10 * k, `s${k}`, k < okCount)]).flat();
  it("fails under 90% after the move, and ignores requests before it", () => {
    expect(judge(successAfterMove, [request(1290, "stock", "early", 30), ...after(10, 8)]).detail).toMatch(/8 of 10 requests after the move.*the goal is 90%/);
  });
  it("passes 9 of 10; an answer after 3 s is not a success", () => {
    expect(judge(successAfterMove, after(10, 9)).met).toBe(true);
    expect(judge(successAfterMove, [request(1310, "stock", "late", 30), response(1345, "late")]).met).toBe(false);
  });
});

describe("R6 no-decode-errors (the change at 1650)", () => {
  it("fails a decode error after the change; one before it does not count", () => {
    expect(judge(noDecodeErrors, [note(1660, "S", "decode-error", { n: 9, v: 2, reason: "schema v2" }), note(1670, "S", "decoded", { n: 10, v: 2 })]).met).toBe(false);
    expect(judge(noDecodeErrors, [note(1600, "S", "decode-error", { n: 2, v: 2, reason: "early" }), note(1670, "S", "decoded", { n: 10, v: 2 })]).met).toBe(true);
  });
  it("fails when nothing was decoded after the change", () => {
    expect(judge(noDecodeErrors, [note(1600, "S", "decoded", { n: 1, v: 1 })]).detail).toMatch(/no event was decoded/);
  });
});

describe("R7 cost-budget", () => {
  const events = (n: number) => Array.from({ length: n }, (_, k) => request(1880 + k, "forward", `e${k}`));
  const batch = (tick: number, ids: string[], msgId: number) => send(tick, "S", "batch", msgId, { events: ids });
  it("fails over budget (one message per event) and an event held past the limit", () => {
    const each = events(20).map((e, k) => batch(1881 + k, [`e${k}`], k + 1));
    expect(judge(costBudget, [...events(20), ...each]).detail).toMatch(/20 messages cost 22.0 coins; the budget is 20/);
    expect(judge(costBudget, [...events(20), batch(1950, events(20).map((_, k) => `e${k}`), 1)]).detail).toMatch(/waited 7.0 s; the limit is 3.0 s/);
  });
  it("passes batches within budget and limit, and fails an event never forwarded", () => {
    const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `e${from + k}`);
    expect(judge(costBudget, [...events(20), batch(1895, ids(0, 10), 1), batch(1905, ids(10, 20), 2)]).met).toBe(true);
    expect(judge(costBudget, [...events(20), batch(1895, ids(0, 10), 1)]).detail).toMatch(/e10 was never forwarded/);
  });
});

describe("R8 delivered-by-deadline", () => {
  it("fails a shipment never received (reporting fragments lost) and one received late", () => {
    expect(judge(deliveredByDeadline, [request(2200, "ship", "x1", 60), note(2210, "OCEAN", "mtu-drop", { shipment: "x1", bytes: 6000, mtu: 1500 })]).detail).toMatch(/never arrived; 1 fragments were dropped/);
    expect(judge(deliveredByDeadline, [request(2200, "ship", "x1", 60), note(2270, "TEAM", "received", { shipment: "x1", chunks: 4 })]).detail).toMatch(/past its deadline/);
  });
  it("passes a shipment received in time", () => {
    expect(judge(deliveredByDeadline, [request(2200, "ship", "x1", 60), note(2230, "TEAM", "received", { shipment: "x1", chunks: 4 })]).met).toBe(true);
  });
});

describe("bonus-answer", () => {
  const answer = (tick: number, kind: string, orders: number | null) => note(tick, "S", "answer", { kind, orders, ageTicks: orders === null ? null : 20 });
  const charges = (n: number) => Array.from({ length: n }, (_, k) => charge(2400 + k, `x${k}`));
  it("fails a bare count, a bound the truth is outside of, and no answer", () => {
    expect(judge(bonusAnswer, [...charges(5), answer(2500, "exact", 5)]).detail).toMatch(/no staleness bound/);
    expect(judge(bonusAnswer, [...charges(5), answer(2500, "bound", 7)]).detail).toMatch(/at least 7, but Payments held 5/);
    expect(judge(bonusAnswer, charges(5)).met).toBe(false);
  });
  it("passes \"unknown\" and a bound that holds (only the first answer counts)", () => {
    expect(judge(bonusAnswer, [answer(2500, "unknown", null), answer(2510, "exact", 3)]).met).toBe(true);
    expect(judge(bonusAnswer, [...charges(5), answer(2500, "bound", 4)]).met).toBe(true);
  });
});

describe("rounds-cleared", () => {
  it("counts the rounds met with the level's own params, and the bonus when asked", () => {
    const goals = [{ id: "r4", check: signedOnly.id, title: "", params: { auth: "AUTH", node: "S" } }];
    const events = [send(1000, "AUTH", "command", 1), note(1003, "S", "execute", { id: "c1", command: "x", msgId: 1 }), note(1660, "S", "decoded", { n: 10, v: 2 }), note(2500, "S", "answer", { kind: "unknown", orders: null, ageTicks: null })];
    const r = run(events, goals);
    expect(roundsCleared.evaluate(r, { atLeast: 2 })).toMatchObject({ met: true, detail: "2 of 8 rounds cleared; the goal is 2" });
    expect(roundsCleared.evaluate(r, { atLeast: 3 }).met).toBe(false);
    expect(roundsCleared.evaluate(r, { atLeast: 2, bonus: true })).toMatchObject({ met: true, detail: "2 of 8 rounds cleared, and the bonus; the goal is 2 plus the bonus" });
  });
});
