/**
 * The network as configured: loss and duplication rates within statistical bounds, partitions
 * that block exactly what they say, gray links that delay without loss.
 */
import { describe, expect, it } from "vitest";
import { replay } from "../../../shared/sim/replay.js";
import type { TraceEvent } from "../../../shared/sim/trace.js";
import type { TraceReader } from "../../../shared/sim/trace-store.js";
import { heartbeatLevel } from "../../support/test-levels.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

/** Is `observed` within 4.5 standard deviations of a binomial(n, p)? (False alarm ~1e-5.) */
function withinBinomial(observed: number, n: number, p: number): boolean {
  const sd = Math.sqrt(n * p * (1 - p));
  return Math.abs(observed - n * p) <= 4.5 * sd + 1;
}

const sends = (trace: TraceReader, from?: string, to?: string) =>
  trace.filter((e): e is Extract<TraceEvent, { kind: "send" }> => e.kind === "send" && (!from || e.node === from) && (!to || e.to === to));

describe("link loss and duplication", () => {
  const level = heartbeatLevel(3, {
    durationTicks: 6000,
    protocolOptions: { intervalTicks: 2, suspectAfterTicks: 50 },
    network: { delayTicksBase: 2, jitterTicks: 4, dropRate: 0.12, duplicateRate: 0.07 },
  });
  const { world } = replay(level, TEST_CATALOG, 2024, []);
  const trace = world.trace;
  const n = sends(trace).length;

  it("drops about dropRate of all messages", () => {
    const lost = trace.filter((e) => e.kind === "drop" && e.reason === "loss").length;
    expect(n).toBeGreaterThan(10_000);
    expect(withinBinomial(lost, n, 0.12), `${lost} of ${n} lost`).toBe(true);
  });

  it("duplicates about duplicateRate of the messages that survive", () => {
    const dups = trace.filter((e) => e.kind === "duplicate").length;
    const survived = n - trace.filter((e) => e.kind === "drop" && e.reason === "loss").length;
    expect(withinBinomial(dups, survived, 0.07), `${dups} of ${survived} duplicated`).toBe(true);
  });

  it("delivers each copy once, after it was sent, within base + jitter", () => {
    const seen = new Set<string>();
    for (const e of trace) {
      if (e.kind !== "deliver") continue;
      const key = `${e.msgId}/${e.copy}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(e.tick - e.sentTick).toBeGreaterThanOrEqual(2);
      expect(e.tick - e.sentTick).toBeLessThanOrEqual(6);
    }
  });
});

describe("partitions", () => {
  const calm = { dropRate: 0, duplicateRate: 0, delayTicksBase: 2, jitterTicks: 3 };

  it("a full partition delivers nothing across it and everything within it", () => {
    const level = heartbeatLevel(5, { network: calm, faults: [{ kind: "partition", atTick: 100, untilTick: 400, groups: [["N1", "N2"], ["N3", "N4", "N5"]] }] });
    const { world } = replay(level, TEST_CATALOG, 5, []);
    const side = (id: string) => (["N1", "N2"].includes(id) ? 0 : 1);
    const delivered = world.trace.filter((e) => e.kind === "deliver" && e.tick >= 100 && e.tick < 400);
    const across = delivered.filter((e) => e.kind === "deliver" && side(e.from) !== side(e.node));
    expect(across).toEqual([]);
    // Within a side, every message sent during the partition (and landing in it) arrives.
    const within = sends(world.trace).filter((e) => e.tick >= 100 && e.tick < 390 && side(e.node) === side(e.to));
    const deliveredIds = new Set(delivered.map((e) => (e.kind === "deliver" ? e.msgId : -1)));
    expect(within.length).toBeGreaterThan(100);
    for (const s of within) expect(deliveredIds.has(s.msgId), `message ${s.msgId} ${s.node}->${s.to}`).toBe(true);
    // After the heal, traffic crosses again.
    expect(world.trace.some((e) => e.kind === "deliver" && e.tick > 410 && side(e.from) !== side(e.node))).toBe(true);
  });

  it("a one-way cut blocks exactly one direction", () => {
    const level = heartbeatLevel(2, { network: calm, faults: [{ kind: "cut", atTick: 50, untilTick: 500, from: ["N1"], to: ["N2"] }] });
    const { world } = replay(level, TEST_CATALOG, 9, []);
    const during = world.trace.filter((e) => e.kind === "deliver" && e.tick >= 60 && e.tick < 500);
    expect(during.filter((e) => e.kind === "deliver" && e.from === "N1")).toEqual([]);
    expect(during.filter((e) => e.kind === "deliver" && e.from === "N2").length).toBeGreaterThan(20);
  });

  it("a gray link delays without loss, even on a lossy network", () => {
    const level = heartbeatLevel(2, {
      network: { ...calm, dropRate: 0.3 },
      faults: [{ kind: "gray", atTick: 100, untilTick: 300, between: [["N1"], ["N2"]], delayTicks: 40 }],
    });
    const { world } = replay(level, TEST_CATALOG, 3, []);
    const graySends = sends(world.trace).filter((e) => e.tick >= 100 && e.tick < 250);
    const delivered = new Map(world.trace.filter((e) => e.kind === "deliver").map((e) => [e.kind === "deliver" ? e.msgId : 0, e]));
    expect(graySends.length).toBeGreaterThan(20);
    for (const s of graySends) {
      const d = delivered.get(s.msgId);
      expect(d, `gray message ${s.msgId} was lost`).toBeDefined();
      expect(d!.tick - s.tick).toBeGreaterThanOrEqual(42);
    }
  });

  it("a flaky link loses more than the base rate", () => {
    const level = heartbeatLevel(2, {
      durationTicks: 3000,
      network: calm,
      faults: [{ kind: "flaky", atTick: 0, between: [["N1"], ["N2"]], dropRate: 0.5 }],
    });
    const { world } = replay(level, TEST_CATALOG, 4, []);
    const n = sends(world.trace).length;
    const flaky = world.trace.filter((e) => e.kind === "drop" && e.reason === "flaky").length;
    expect(withinBinomial(flaky, n, 0.5), `${flaky} of ${n}`).toBe(true);
  });

  it("a heal ends every active network fault", () => {
    const level = heartbeatLevel(3, {
      network: calm,
      faults: [
        { kind: "partition", atTick: 10, groups: [["N1"], ["N2", "N3"]] },
        { kind: "cut", atTick: 20, from: ["N2"], to: ["N3"] },
        { kind: "heal", atTick: 200 },
      ],
    });
    const { world } = replay(level, TEST_CATALOG, 1, []);
    expect(world.activeNetworkFaults).toEqual([]);
    expect(world.trace.filter((e) => e.kind === "fault" && e.phase === "end").map((e) => e.tick)).toEqual([200, 200]);
  });
});
