/** Two-replicas' checks (l03) on hand-built traces: each with a known violation and its correct twin. */
import { describe, expect, it } from "vitest";
import type { Level } from "../../../shared/level/level.js";
import { availability } from "../../../shared/protocols/two-replicas/checks/availability.js";
import { converged } from "../../../shared/protocols/two-replicas/checks/converged.js";
import { noLostAdd } from "../../../shared/protocols/two-replicas/checks/no-lost-add.js";
import { noOversell } from "../../../shared/protocols/two-replicas/checks/no-oversell.js";
import { pacelcScore, pacelcTally } from "../../../shared/protocols/two-replicas/checks/pacelc-score.js";
import { readLatency } from "../../../shared/protocols/two-replicas/checks/read-latency.js";
import { ticketsLinearizable } from "../../../shared/protocols/two-replicas/checks/tickets-linearizable.js";
import { percentile } from "../../../shared/protocols/two-replicas/checks/windows.js";
import type { RunRecord } from "../../../shared/sim/check.js";
import type { NewTraceEvent } from "../../../shared/sim/trace.js";
import { buildTrace, findings, note } from "../../support/trace-builder.js";

const req = (tick: number, node: string, id: string, payload: Record<string, unknown>): NewTraceEvent => ({ tick, kind: "request", node, requestId: id, workload: id.replace(/-\d+$/, ""), payload: { key: id, ...payload }, deadlineTick: tick + 20 });
const res = (tick: number, node: string, id: string, result: Record<string, unknown> | null, status = "ok"): NewTraceEvent => ({ tick, kind: "response", node, requestId: id, ok: status === "ok" || status === "sold-out", status, result });
const buy = (tick: number, node: string, id: string): NewTraceEvent => req(tick, node, id, { data: "tickets", op: "buy" });
const left = (tick: number, node: string, id: string): NewTraceEvent => req(tick, node, id, { data: "tickets", op: "left" });
const sold = (tick: number, node: string, id: string, seat: number) => res(tick, node, id, { seat, sold: seat });
const crash = (tick: number, node: string): NewTraceEvent => ({ tick, kind: "crash", node });

function record(events: NewTraceEvent[], extra: Partial<RunRecord> = {}): RunRecord {
  return { level: { nodes: [{ id: "A" }, { id: "B" }] } as unknown as Level, trace: buildTrace(events), endTick: 2700, stableWindows: [], finalStates: {}, upAtEnd: [], ...extra };
}

describe("two-replicas/no-oversell", () => {
  it("flags the sale past the stock, citing the other sale of its seat", () => {
    const trace = buildTrace([buy(1, "A", "buy-a-1"), sold(2, "A", "buy-a-1", 1), buy(3, "B", "buy-b-1"), sold(4, "B", "buy-b-1", 1)]);
    expect(findings(noOversell, trace, { tickets: 1 })).toEqual([{ tick: 4, message: "ticket 2 of 1 acknowledged (seat 1, B)", evidence: [1, 3] }]);
  });

  it("does not flag sold-out answers or refusals (the correct twin)", () => {
    const trace = buildTrace([buy(1, "A", "buy-a-1"), sold(2, "A", "buy-a-1", 1), buy(3, "B", "buy-b-1"), res(4, "B", "buy-b-1", { soldOut: true, sold: 1 }, "sold-out"), buy(5, "B", "buy-b-2"), res(5, "B", "buy-b-2", null, "503 try later")]);
    expect(findings(noOversell, trace, { tickets: 1 })).toEqual([]);
  });
});

describe("two-replicas/tickets-linearizable", () => {
  it("flags two clients sold the same seat, one after the other (B sold from its stale copy)", () => {
    const trace = buildTrace([buy(1, "A", "buy-a-1"), sold(2, "A", "buy-a-1", 1), buy(5, "B", "buy-b-1"), sold(6, "B", "buy-b-1", 1)]);
    const found = findings(ticketsLinearizable, trace);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toEqual([0, 1, 2, 3]);
    expect(found[0]!.message).toMatch(/seat 1 .*seat 1/);
  });

  it("flags a count that misses a sale acknowledged before it began", () => {
    const trace = buildTrace([buy(1, "A", "buy-a-1"), sold(2, "A", "buy-a-1", 1), left(5, "B", "left-b-1"), res(6, "B", "left-b-1", { left: 20, sold: 0 })]);
    expect(findings(ticketsLinearizable, trace)).toHaveLength(1);
  });

  it("accepts overlapping sales in either order, a count between them, and a sale still in flight", () => {
    const trace = buildTrace([
      buy(1, "A", "buy-a-1"),
      buy(1, "B", "buy-b-1"),
      buy(2, "A", "buy-a-2"), // in flight: executed on A, answer not back yet
      sold(3, "B", "buy-b-1", 1),
      sold(4, "A", "buy-a-1", 3),
      left(5, "B", "left-b-1"),
      res(6, "B", "left-b-1", { left: 17, sold: 3 }),
    ]);
    expect(findings(ticketsLinearizable, trace)).toEqual([]);
  });

  it("treats a 504 as unknown (the sale may have happened) and a 503 as nothing done", () => {
    const timedOut = buildTrace([buy(1, "B", "buy-b-1"), res(40, "B", "buy-b-1", null, "504 no answer from peer"), buy(41, "A", "buy-a-1"), sold(42, "A", "buy-a-1", 2)]);
    expect(findings(ticketsLinearizable, timedOut)).toEqual([]);
    const refused = buildTrace([buy(1, "B", "buy-b-1"), res(2, "B", "buy-b-1", null, "503 try later"), buy(41, "A", "buy-a-1"), sold(42, "A", "buy-a-1", 2)]);
    expect(findings(ticketsLinearizable, refused)).toHaveLength(1);
  });
});

describe("two-replicas/no-lost-add", () => {
  const add = (tick: number, node: string, tag: string) => req(tick, node, tag, { data: "cart", op: "add" });
  const acked = (tick: number, node: string, tag: string) => res(tick, node, tag, { tag, item: "mug" });
  const hold = (tick: number, node: string, tag: string, durable: boolean) => note(tick, node, "cart-hold", { tags: [tag], durable });

  it("flags an acknowledged add held only in the RAM of a process that then crashed", () => {
    const trace = buildTrace([add(1, "B", "add-b-1"), hold(1, "B", "add-b-1", false), acked(1, "B", "add-b-1"), crash(50, "B")]);
    expect(findings(noLostAdd, trace)).toEqual([{ tick: 50, message: "the add add-b-1 was acknowledged, then B crashed while it was only in its RAM", evidence: [2, 3] }]);
  });

  it("does not flag an add on a disk, one the peer stored, nor one a remove took away (OR-set)", () => {
    const trace = buildTrace([
      add(1, "B", "add-b-1"),
      hold(1, "B", "add-b-1", true),
      acked(1, "B", "add-b-1"),
      add(2, "B", "add-b-2"),
      hold(2, "B", "add-b-2", false),
      acked(2, "B", "add-b-2"),
      hold(5, "A", "add-b-2", true),
      add(6, "B", "add-b-3"),
      hold(6, "B", "add-b-3", false),
      acked(6, "B", "add-b-3"),
      note(7, "B", "cart-remove", { tags: ["add-b-3"] }),
      crash(50, "B"),
    ]);
    expect(findings(noLostAdd, trace)).toEqual([]);
  });
});

describe("two-replicas/converged", () => {
  const state = (tags: string[], removed: string[] = []) => ({ cart: tags.map((tag) => ({ item: "mug", tag })), ramCart: [], removed });
  it("is met when both carts show the same adds, removed ones left out", () => {
    const run = record([], { finalStates: { A: state(["t1", "t2", "t3"], ["t3"]), B: state(["t2", "t1"]) } });
    expect(converged.evaluate(run, {}).met).toBe(true);
  });

  it("is missed when one side lacks an add, saying how many each lacks", () => {
    const run = record([], { finalStates: { A: state(["t1", "t2"]), B: state(["t1"]) } });
    expect(converged.evaluate(run, {})).toEqual({ met: false, detail: "A has 1 adds B lacks, and B has 0 that A lacks" });
  });
});

describe("two-replicas/availability", () => {
  const params = { fromTick: 0, toTick: 100, withinTicks: 20, min: 1 };
  it("is met when every request of the window is answered OK in time", () => {
    const run = record([req(1, "B", "add-b-1", { data: "cart", op: "add" }), res(1, "B", "add-b-1", { tag: "x" }), req(150, "B", "add-b-2", {})]);
    expect(availability.evaluate(run, params).met).toBe(true);
  });

  it("is missed by a 503 and by a late answer", () => {
    const refused = record([req(1, "B", "add-b-1", {}), res(2, "B", "add-b-1", null, "503 try later")]);
    expect(availability.evaluate(refused, params)).toMatchObject({ met: false, evidence: [0, 1] });
    const late = record([req(1, "B", "add-b-1", {}), res(30, "B", "add-b-1", {})]);
    expect(availability.evaluate(late, params).met).toBe(false);
  });
});

describe("round 3: read latency, stale reads, the score", () => {
  const set = (tick: number, id: string, version: number): NewTraceEvent[] => [req(tick, "A", id, { data: "product", op: "set" }), res(tick, "A", id, { value: 50 - version, version })];
  const read = (tick: number, id: string, version: number, latency = 0, checkout = false): NewTraceEvent[] => [req(tick, "B", id, { data: "product", op: "read", checkout }), res(tick + latency, "B", id, { value: 50 - version, version })];
  const window = { fromTick: 0, toTick: 1000, withinTicks: 20 };

  it("p95 by nearest rank, an unanswered read endless", () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100], 95)).toBe(19);
    const run = record([...read(1, "page-b-1", 0), ...read(2, "page-b-2", 0, 30), req(3, "B", "page-b-3", { data: "product", op: "read" })]);
    expect(readLatency.evaluate(run, { ...window, percentile: 50 })).toMatchObject({ met: false, detail: "p50 of 3 reads: 3.0 s; the SLA is 2.0 s" });
    expect(readLatency.evaluate(record(read(1, "page-b-1", 0)), { ...window, percentile: 95 }).met).toBe(true);
  });

  it("a read older than a write acknowledged before it began is stale; a concurrent one is not", () => {
    const run = record([...set(10, "stock-a-1", 1), ...read(11, "page-b-1", 0), ...read(10, "page-b-2", 0), ...read(20, "checkout-b-1", 0, 0, true), ...read(21, "page-b-3", 1)]);
    const tally = pacelcTally(run, window);
    expect(tally).toMatchObject({ reads: 4, fast: 4, stale: 1, staleCheckout: 1, score: 4 - 3 - 15 });
    expect(pacelcScore.evaluate(run, { ...window, target: -14 }).met).toBe(true);
    expect(pacelcScore.evaluate(run, { ...window, target: 0 }).met).toBe(false);
  });
});
