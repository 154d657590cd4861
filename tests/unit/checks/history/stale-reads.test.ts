/** Stale reads one by one: the CAP proof's read from the cut-off replica, and its twins. */
import { describe, expect, it } from "vitest";
import { staleReads } from "../../../../shared/checks/history/stale-reads.js";
import { r, w } from "./history-fixtures.js";

const staleIds = (ops: Parameters<typeof staleReads>[0]) => {
  const result = staleReads(ops);
  if (result.verdict !== "checked") throw new Error(JSON.stringify(result.error));
  return result.stale.map((s) => `${s.read.id}<${s.newer.id}`);
};

describe("stale reads", () => {
  const v1 = w("A", "x", 0, 2, { id: "v1", version: 1 });
  const v2 = w("A", "y", 3, 5, { id: "v2", version: 2 });

  it("a read that began after version 2 was acknowledged and returned version 1", () => {
    expect(staleIds([v1, v2, r("B", "x", 6, 7, { id: "late", version: 1 })])).toEqual(["late<v2"]);
    const result = staleReads([v1, v2, r("B", "x", 6, 7, { id: "late", version: 1 })]);
    expect(result.verdict === "checked" && result.stale[0]!.reason).toBe('A wrote "y" (ticks 3-5) as version 2, acknowledged before B read "x" (ticks 6-7) began; the read returned the older version 1.');
  });

  it("each stale read counts, each against the newest write acknowledged before it", () => {
    expect(staleIds([v1, v2, r("B", null, 3, 4, { id: "a", version: 0 }), r("C", "x", 6, 7, { id: "b", version: 1 }), r("D", "y", 8, 9, { version: 2 })])).toEqual(["a<v1", "b<v2"]);
  });

  it("twins: a read overlapping the newer write, a timed-out write, another key", () => {
    expect(staleIds([v1, v2, r("B", "x", 5, 7, { version: 1 })])).toEqual([]);
    expect(staleIds([v1, w("A", "y", 3, null, { version: 2 }), r("B", "x", 6, 7, { version: 1 })])).toEqual([]);
    expect(staleIds([v1, { ...v2, key: "other" }, r("B", "x", 6, 7, { version: 1 })])).toEqual([]);
  });

  it("needs versions", () => {
    expect(staleReads([w("A", 1, 0, 1, { id: "nov" })])).toMatchObject({ verdict: "invalid", error: { opId: "nov", field: "version" } });
  });
});
