/**
 * l03's debrief: stale cart views on a hand-built trace, then real games. The correct B refuses
 * while cut off in round 1 (no seat twice), answers the cart and merges at the heal in round 2,
 * and waits for A only at checkout in round 3; the seller-while-cut-off's card says seats went twice.
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../../server/level-files.js";
import { replicaDebrief, staleCartViews } from "../../../shared/protocols/two-replicas/debrief.js";
import { replay } from "../../../shared/sim/replay.js";
import type { NewTraceEvent, TraceEvent } from "../../../shared/sim/trace.js";
import { buildTrace, note } from "../../support/trace-builder.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

const level = loadLevels().find((l) => l.id === "l03-two-nodes-one-cable")!;
const debriefOf = (policy: string | null, seed = 3) => {
  const inputs = policy ? [{ tick: 0, node: "B", action: "$control", params: { controller: "bot", policy } }] : [];
  return replicaDebrief([...replay(level, TEST_CATALOG, seed, inputs).world.trace], level, level.durationTicks, "B");
};

describe("staleCartViews", () => {
  const add = (tick: number, node: string, tag: string): NewTraceEvent[] => [note(tick, node, "cart-hold", { tags: [tag], durable: true }), { tick, kind: "response", node, requestId: tag, ok: true, status: "ok", result: { tag } }];
  const view = (tick: number, node: string, id: string): NewTraceEvent[] => [{ tick, kind: "request", node, requestId: id, workload: "view", payload: { data: "cart", op: "view" }, deadlineTick: tick + 20 }, { tick, kind: "response", node, requestId: id, ok: true, status: "ok", result: { items: 0 } }];

  it("counts a view that misses an add the other replica acknowledged earlier, until the add arrives", () => {
    const trace = buildTrace([...add(1, "A", "t1"), ...view(5, "B", "v1"), note(8, "B", "cart-hold", { tags: ["t1"], durable: true, merged: true }), ...view(9, "B", "v2")]) as TraceEvent[];
    expect(staleCartViews(trace).map((v) => [v.res.requestId, v.missing])).toEqual([["v1", 1]]);
  });

  it("does not count an add the other side removed, nor one acknowledged after the view", () => {
    const trace = buildTrace([...add(1, "A", "t1"), note(2, "A", "cart-remove", { tags: ["t1"] }), ...view(5, "B", "v1"), ...add(6, "A", "t2")]) as TraceEvent[];
    expect(staleCartViews(trace)).toEqual([]);
  });
});

describe("replicaDebrief on real games", () => {
  it("draws the three rounds across the diagram and one card per round, after what B's users saw", () => {
    const d = debriefOf(null);
    expect(d.marks.filter((m) => m.node === undefined).map((m) => m.label)).toEqual(["Round 1: Last 20 tickets", "Round 2: Shopping cart", "Round 3: PACELC tax"]);
    expect(d.cards.map((c) => c.title)).toEqual([
      "What B's users saw",
      "Round 1, Last 20 tickets (consistency first)",
      "Round 2, Shopping cart (availability first)",
      "Round 3, PACELC tax (latency or consistency, read by read)",
    ]);
    expect(d.cards[0]!.lines).toHaveLength(3);
  });

  it("the correct B: refusals while cut off, no seat twice, a merge at the heal, checkout reads waiting for A", () => {
    const d = debriefOf(null);
    expect(d.marks.some((m) => m.node === "B" && m.tone === "warn" && /refusal/.test(m.label))).toBe(true);
    expect(d.cards[1]!.lines.join(" ")).toMatch(/no seat twice/);
    expect(d.marks.some((m) => m.tone === "good" && /^merge: \d+ adds? from the other replica$/.test(m.label))).toBe(true);
    expect(d.marks.filter((m) => /waited for A/.test(m.label))).toHaveLength(3);
    expect(d.cards[3]!.lines.join(" ")).toMatch(/0 stale checkout reads/);
  });

  it("B selling while cut off: the round 1 card says seats were sold twice", () => {
    const d = debriefOf("sell-while-cut-off");
    expect(d.cards[1]!.tone).toBe("bad");
    expect(d.cards[1]!.lines.join(" ")).toMatch(/\d+ seats? sold twice/);
    expect(d.cards[0]!.lines[0]).toMatch(/sold twice/);
  });
});
