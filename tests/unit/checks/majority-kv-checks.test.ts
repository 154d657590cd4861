/**
 * The majority-kv checks on hand-built traces: known violations are flagged with the events that
 * prove them, known non-violations are not.
 */
import { describe, expect, it } from "vitest";
import type { Finding, RunRecord, SafetyCheck } from "../../../shared/sim/check.js";
import { ackedNeverLost } from "../../../shared/protocols/majority-kv/checks/acked-never-lost.js";
import { convergence } from "../../../shared/protocols/majority-kv/checks/convergence.js";
import { fencingMonotonic } from "../../../shared/protocols/majority-kv/checks/fencing-monotonic.js";
import { majoritySells } from "../../../shared/protocols/majority-kv/checks/majority-sells.js";
import { noOversell } from "../../../shared/protocols/majority-kv/checks/no-oversell.js";
import { oneAckerPerEpoch } from "../../../shared/protocols/majority-kv/checks/one-acker-per-epoch.js";
import { promptAnswers } from "../../../shared/protocols/majority-kv/checks/prompt-answers.js";
import { queueResolved } from "../../../shared/protocols/majority-kv/checks/queue-resolved.js";
import { quorumBeforeAck } from "../../../shared/protocols/majority-kv/checks/quorum-before-ack.js";
import type { Level } from "../../../shared/level/level.js";
import type { NewTraceEvent, TraceEvent } from "../../../shared/sim/trace.js";

const level = {
  nodes: [
    { id: "N1", role: "peer", bot: "correct" },
    { id: "N2", role: "peer", bot: "correct" },
    { id: "N3", role: "peer", bot: "correct" },
    { id: "N4", role: "peer", bot: "correct" },
    { id: "N5", role: "peer", bot: "correct" },
    { id: "LEDGER", role: "ledger", bot: "correct" },
  ],
} as unknown as Level;

function trace(events: NewTraceEvent[]): TraceEvent[] {
  return events.map((e, i) => ({ ...e, i }) as TraceEvent);
}
function run(check: SafetyCheck, events: TraceEvent[], params: Record<string, unknown> = {}): Finding[] {
  const monitor = check.create(params, level);
  return events.map((e) => monitor.observe(e)).filter((f): f is Finding => f !== null);
}
const log = (tick: number, node: string, at: number, resIds: string[]): NewTraceEvent => ({ tick, kind: "note", node, name: "log", data: { at, resIds, logEpoch: 1 } });
const sold = (tick: number, node: string, resId: string, seat: number): NewTraceEvent => ({ tick, kind: "response", node, requestId: resId, ok: true, status: "sold", result: { seat, epoch: 1 } });
const acked = (tick: number, node: string, epoch: number): NewTraceEvent => ({ tick, kind: "note", node, name: "sale-acked", data: { resId: "r", seat: 1, epoch } });

describe("majority-kv/no-oversell", () => {
  it("flags one seat sold to two buyers, citing both answers", () => {
    const t = trace([sold(1, "N1", "a", 3), sold(2, "N3", "b", 3)]);
    expect(run(noOversell, t)).toEqual([expect.objectContaining({ evidence: [0, 1] })]);
  });
  it("flags a seat that does not exist", () => {
    expect(run(noOversell, trace([sold(1, "N1", "a", 41)]), { seats: 40 })[0]?.evidence).toEqual([0]);
  });
  it("accepts distinct seats, and the same sale confirmed twice", () => {
    expect(run(noOversell, trace([sold(1, "N1", "a", 1), sold(2, "N2", "b", 2), sold(3, "N1", "a", 1)]))).toEqual([]);
  });
});

describe("majority-kv/quorum-before-ack", () => {
  it("accepts a sale held by 3 of 5 before the answer", () => {
    const t = trace([log(1, "N1", 0, ["a"]), log(2, "N2", 0, ["a"]), log(3, "N3", 0, ["a"]), sold(4, "N1", "a", 1)]);
    expect(run(quorumBeforeAck, t)).toEqual([]);
  });
  it("flags a sale answered when only 2 held it, citing the holders and the answer", () => {
    const t = trace([log(1, "N1", 0, ["a"]), log(2, "N2", 0, ["a"]), sold(3, "N1", "a", 1), log(4, "N3", 0, ["a"])]);
    expect(run(quorumBeforeAck, t)).toEqual([expect.objectContaining({ evidence: [0, 1, 2] })]);
  });
  it("counts holders at the acknowledged seat only", () => {
    const t = trace([log(1, "N1", 0, ["x", "a"]), log(2, "N2", 0, ["a"]), log(3, "N3", 0, ["a"]), sold(4, "N1", "a", 2)]);
    expect(run(quorumBeforeAck, t)).toHaveLength(1);
  });
  it("counts holders at the moment of the answer: a copy overwritten before it does not count", () => {
    // N3 held "a" at seat 1, then a newer leader's entry "b" replaced it: 2 of 5 hold "a" at the ack.
    const t = trace([log(1, "N1", 0, ["a"]), log(2, "N2", 0, ["a"]), log(3, "N3", 0, ["a"]), log(4, "N3", 0, ["b"]), sold(5, "N1", "a", 1)]);
    expect(run(quorumBeforeAck, t)).toEqual([expect.objectContaining({ evidence: [0, 1, 4] })]);
  });
  it("its correct twin: overwritten and then restored before the answer passes", () => {
    const t = trace([log(1, "N1", 0, ["a"]), log(2, "N2", 0, ["a"]), log(3, "N3", 0, ["b"]), log(4, "N3", 0, ["a"]), sold(5, "N1", "a", 1)]);
    expect(run(quorumBeforeAck, t)).toEqual([]);
  });
});

describe("majority-kv/acked-never-lost", () => {
  it("flags a replica dropping an acknowledged sale (healing overwrites the minority)", () => {
    const t = trace([log(1, "N1", 0, ["a"]), sold(2, "N1", "a", 1), log(3, "N1", 0, ["b"])]);
    expect(run(ackedNeverLost, t)).toEqual([expect.objectContaining({ evidence: [1, 2] })]);
  });
  it("ignores unacknowledged entries being replaced, and appends after acked ones", () => {
    const t = trace([log(1, "N1", 0, ["a", "x"]), sold(2, "N1", "a", 1), log(3, "N1", 1, ["b", "c"])]);
    expect(run(ackedNeverLost, t)).toEqual([]);
  });
});

describe("majority-kv/one-acker-per-epoch", () => {
  it("flags two nodes confirming sales in one epoch", () => {
    expect(run(oneAckerPerEpoch, trace([acked(1, "N1", 2), acked(2, "N3", 2)]))).toEqual([expect.objectContaining({ evidence: [0, 1] })]);
  });
  it("accepts one node per epoch, several epochs", () => {
    expect(run(oneAckerPerEpoch, trace([acked(1, "N1", 1), acked(2, "N1", 1), acked(3, "N3", 2)]))).toEqual([]);
  });
});

describe("majority-kv/fencing-monotonic", () => {
  const charge = (tick: number, from: string, msgId: number, token: number): NewTraceEvent => ({ tick, kind: "send", node: from, to: "LEDGER", msgId, type: "charge", payload: { token, resId: `r${msgId}`, seat: 1 } });
  const deliver = (tick: number, msgId: number, from: string): NewTraceEvent => ({ tick, kind: "deliver", node: "LEDGER", from, msgId, copy: 0, sentTick: 0 });
  const applied = (tick: number, token: number, resId: string): NewTraceEvent => ({ tick, kind: "note", node: "LEDGER", name: "charge-applied", data: { token, resId, seat: 1 } });
  it("flags an old token applied after a newer one was received (the zombie)", () => {
    const t = trace([charge(1, "N1", 1, 1), charge(2, "N3", 2, 2), deliver(3, 2, "N3"), applied(3, 2, "r2"), deliver(4, 1, "N1"), applied(4, 1, "r1")]);
    expect(run(fencingMonotonic, t)).toEqual([expect.objectContaining({ evidence: [2, 5] })]);
  });
  it("accepts tokens applied in order, and a refused stale one", () => {
    const t = trace([charge(1, "N1", 1, 1), charge(2, "N3", 2, 2), deliver(3, 1, "N1"), applied(3, 1, "r1"), deliver(4, 2, "N3"), applied(4, 2, "r2")]);
    expect(run(fencingMonotonic, t)).toEqual([]);
  });
});

function record(events: NewTraceEvent[], extra: Partial<RunRecord> = {}): RunRecord {
  return { level, trace: trace(events), endTick: 3000, stableWindows: [], finalStates: {}, upAtEnd: [], ...extra };
}
const request = (tick: number, node: string, id: string, workload = "buy"): NewTraceEvent => ({ tick, kind: "request", node, requestId: id, workload, payload: {}, deadlineTick: tick + 60 });

describe("majority-kv goals", () => {
  it("majority-sells: met by a majority-side answer in the window, not by the minority's", () => {
    const params = { cutTick: 400, withinTicks: 150, nodes: ["N3", "N4", "N5"] };
    expect(majoritySells.evaluate(record([sold(450, "N4", "a", 1)]), params).met).toBe(true);
    expect(majoritySells.evaluate(record([sold(450, "N1", "a", 1), sold(600, "N4", "b", 2)]), params).met).toBe(false);
  });
  it("queue-resolved: a queued reservation answered late, or never, fails; charged twice fails", () => {
    const queued: NewTraceEvent = { tick: 500, kind: "note", node: "N1", name: "queued", data: { resId: "a" } };
    const params = { healTick: 1500, withinTicks: 300 };
    expect(queueResolved.evaluate(record([queued, sold(1600, "N1", "a", 3)]), params).met).toBe(true);
    expect(queueResolved.evaluate(record([queued, sold(1900, "N1", "a", 3)]), params).met).toBe(false);
    expect(queueResolved.evaluate(record([queued]), params).met).toBe(false);
    const twice = (tick: number): NewTraceEvent => ({ tick, kind: "note", node: "LEDGER", name: "charge-applied", data: { token: 2, resId: "a", seat: 3 } });
    expect(queueResolved.evaluate(record([queued, twice(1510), twice(1520), sold(1600, "N1", "a", 3)]), params).met).toBe(false);
  });
  it("convergence: equal copies at heal + window pass; a lagging copy fails with evidence", () => {
    const same = ["N1", "N2", "N3", "N4", "N5"].map((n) => log(10, n, 0, ["a", "b"]));
    const params = { healTick: 1500, withinTicks: 200 };
    expect(convergence.evaluate(record(same), params).met).toBe(true);
    const lag = convergence.evaluate(record([...same, log(1600, "N1", 2, ["c"])]), params);
    expect(lag.met).toBe(false);
    expect(lag.evidence?.length).toBeGreaterThan(0);
    expect(convergence.evaluate(record([...same, log(1800, "N1", 2, ["c"])]), params).met).toBe(true);
  });
  it("prompt-answers: judges only calm stretches; sold out counts as an answer", () => {
    const windows = [{ startTick: 0, endTick: 400 }];
    const soldOut: NewTraceEvent = { tick: 130, kind: "response", node: "N2", requestId: "b", ok: false, status: "sold-out", result: null };
    const good = record([request(100, "N1", "a"), sold(150, "N1", "a", 1), request(120, "N2", "b"), soldOut, request(390, "N3", "late")], { stableWindows: windows });
    expect(promptAnswers.evaluate(good, { withinTicks: 90 }).met).toBe(true);
    const slow = record([request(100, "N1", "a"), sold(250, "N1", "a", 1)], { stableWindows: windows });
    expect(promptAnswers.evaluate(slow, { withinTicks: 90 })).toEqual(expect.objectContaining({ met: false, evidence: [0, 1] }));
  });
});
