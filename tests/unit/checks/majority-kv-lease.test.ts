/**
 * majority-kv/lease-overlap on hand-built traces: a lease is judged in true time, from its
 * holder's own clock and drift. Two leaseholders at one true moment, and a fresh read after a
 * newer leader's election, are flagged with their evidence; their correct twins are not.
 */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../shared/sim/check.js";
import { leaseOverlap, trueTickOf } from "../../../shared/protocols/majority-kv/checks/lease-overlap.js";
import type { Level } from "../../../shared/level/level.js";
import type { NewTraceEvent, TraceEvent } from "../../../shared/sim/trace.js";

const levelWith = (clocks: Record<string, { offsetTicks: number; driftPpm: number }> = {}) => ({ nodes: [], clocks }) as unknown as Level;
function run(events: NewTraceEvent[], level = levelWith()): Finding[] {
  const monitor = leaseOverlap.create({}, level);
  return events.map((e, i) => monitor.observe({ ...e, i } as TraceEvent)).filter((f): f is Finding => f !== null);
}
const lease = (tick: number, node: string, epoch: number, uptime: number, until: number): NewTraceEvent => ({ tick, kind: "note", node, name: "lease", data: { epoch, untilUptimeTicks: until, uptimeTicks: uptime } });
const leader = (tick: number, node: string, epoch: number): NewTraceEvent => ({ tick, kind: "note", node, name: "leader", data: { epoch } });
const fresh = (tick: number, node: string): NewTraceEvent => ({ tick, kind: "response", node, requestId: "map-1", ok: true, status: "fresh", result: { sold: 3, ageTicks: 0 } });

describe("trueTickOf", () => {
  it("projects a reading onto true ticks: same rate, half rate, one and a half rate", () => {
    expect(trueTickOf(100, 50, 70, 0)).toBe(120);
    expect(trueTickOf(100, 50, 70, -500_000)).toBe(140); // a slow clock: 20 of its ticks take 40
    expect(trueTickOf(100, 50, 70, 500_000)).toBe(114); // a fast clock: 20 of its ticks take 14
    expect(trueTickOf(100, 80, 70, 0)).toBe(100);
  });
});

describe("majority-kv/lease-overlap", () => {
  it("passes a new lease that starts after the old one ran out in true time", () => {
    expect(run([lease(100, "N1", 1, 100, 120), leader(125, "N3", 2), lease(130, "N3", 2, 130, 150)])).toEqual([]);
  });

  it("flags two leaseholders at one true moment, citing both leases", () => {
    const found = run([lease(100, "N1", 1, 100, 120), leader(110, "N3", 2), lease(115, "N3", 2, 115, 135)]);
    expect(found).toEqual([expect.objectContaining({ tick: 115, evidence: [0, 2] })]);
    expect(found[0]!.message).toContain("N3 (epoch 2) and N1 (epoch 1) both held a valid lease");
  });

  it("sees the same lease outlive its welcome when the holder's clock runs slow", () => {
    const events = [lease(100, "N1", 1, 100, 120), leader(125, "N3", 2), lease(130, "N3", 2, 130, 150)];
    expect(run(events)).toEqual([]);
    // At -50% N1's 20 ticks last 40 true ticks: it still believes its lease at 130.
    expect(run(events, levelWith({ N1: { offsetTicks: 0, driftPpm: -500_000 } }))).toHaveLength(1);
  });

  it("follows a drift change reported mid-lease", () => {
    const slowed: NewTraceEvent = { tick: 110, kind: "clock", node: "N1", stepTicks: 0, driftPpm: -500_000 };
    // 10 ticks at full rate, then the remaining 10 at half rate: the lease ends at 130, not 120.
    expect(run([lease(100, "N1", 1, 100, 120), slowed, lease(125, "N3", 2, 125, 145)])).toHaveLength(1);
    expect(run([lease(100, "N1", 1, 100, 120), slowed, lease(131, "N3", 2, 131, 151)])).toEqual([]);
  });

  it("forgets a lease when its holder steps down or crashes", () => {
    expect(run([lease(100, "N1", 1, 100, 120), { tick: 105, kind: "note", node: "N1", name: "step-down", data: { epoch: 1 } }, lease(110, "N3", 2, 110, 130)])).toEqual([]);
    expect(run([lease(100, "N1", 1, 100, 120), { tick: 105, kind: "crash", node: "N1" }, lease(110, "N3", 2, 110, 130)])).toEqual([]);
  });

  it("flags a read served as fresh after a newer epoch's leader was elected; not before", () => {
    expect(run([lease(100, "N1", 1, 100, 120), fresh(105, "N1"), leader(110, "N3", 2)])).toEqual([]);
    const found = run([lease(100, "N1", 1, 100, 140), leader(110, "N3", 2), fresh(112, "N1")]);
    expect(found).toEqual([expect.objectContaining({ tick: 112, evidence: [0, 1, 2] })]);
  });
});
