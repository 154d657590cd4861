/**
 * Linearizability on textbook histories with known verdicts, each violation next to its correct
 * twin (chessops' perft idea: known answers). Re-typed as small literal histories from Porcupine's
 * register test (the MIT 6.824 quiz), the CAP proof's stale read, Kingsbury's concurrent-write
 * and indeterminate-write cases, and queue histories in the shape of Herlihy and Wing's Figure 1.
 * Every "linearizable" verdict has its witness order checked against the definition.
 */
import { describe, expect, it } from "vitest";
import { checkKeyValue, checkRegister, type LinearizabilityResult } from "../../../../shared/checks/history/linearizability.js";
import { searchLinearization } from "../../../../shared/checks/history/linearization-search.js";
import { minimalEvidence } from "../../../../shared/checks/history/minimal-evidence.js";
import { formatHistoryError, traceEvidence, type Operation } from "../../../../shared/checks/history/operation.js";
import { IMPOSSIBLE, registerModel, type SequentialModel } from "../../../../shared/checks/history/sequential-model.js";
import { ids, r, w } from "./history-fixtures.js";
import { witnessProblem, witnessProblemsByKey } from "./witness.js";

function expectLinearizable(ops: Operation[], initial: number | null = null): void {
  const result = checkRegister(ops, { initial });
  expect(result.verdict, JSON.stringify(result)).toBe("linearizable");
  if (result.verdict === "linearizable") expect(witnessProblem(result.orders[""]!, ops, initial)).toBeNull();
}

function expectViolation(ops: Operation[], evidence: string[], initial: number | null = null): Extract<LinearizabilityResult, { verdict: "violation" }> {
  const result = checkRegister(ops, { initial });
  expect(result.verdict).toBe("violation");
  if (result.verdict !== "violation") throw new Error("unreachable");
  expect(ids(result.evidence)).toEqual([...evidence].sort());
  expect(result.minimal).toBe(true);
  return result;
}

describe("register linearizability: textbook histories and their twins", () => {
  it("6.824 quiz (Porcupine's register test): a read concurrent with a write may see it or not", () => {
    expectLinearizable([w("c0", 100, 0, 100), r("c1", 100, 25, 75), r("c2", 0, 30, 60)], 0);
  });

  it("6.824 quiz twin: once a read has seen 200, a later read may not return 0", () => {
    const v = expectViolation([w("c0", 200, 0, 100, { id: "w" }), r("c1", 200, 10, 30, { id: "new" }), r("c2", 0, 40, 90, { id: "old" })], ["w", "new", "old"], 0);
    expect(v.reason).toMatch(/no later read may go back/);
  });

  it("the CAP proof's stale read: a read that began after a write finished returns the old value", () => {
    const v = expectViolation([w("A", 1, 0, 2, { id: "w" }), r("B", null, 3, 4, { id: "stale" })], ["w", "stale"]);
    expect(v.reason).toBe("A wrote 1 (ticks 0-2); that finished before B read nothing (ticks 3-4) began, so the read had to return 1 or something newer, yet it returned an older value (nothing).");
  });

  it("twin: the same read overlapping the write (they meet in tick 2) may return the old value", () => {
    expectLinearizable([w("A", 1, 0, 2), r("B", null, 2, 4)]);
  });

  it("concurrent writes: later reads may see either one, as long as they agree", () => {
    expectLinearizable([w("A", 1, 0, 10), w("B", 2, 0, 10), r("C", 1, 11, 12), r("D", 1, 13, 14)]);
    expectLinearizable([w("A", 1, 0, 10), w("B", 2, 0, 10), r("C", 2, 11, 12), r("D", 2, 13, 14)]);
  });

  it("twin: after both writes finished, two reads disagree", () => {
    const ops = [w("A", 1, 0, 10, { id: "w1" }), w("B", 2, 0, 10, { id: "w2" }), r("C", 2, 11, 12, { id: "r2" }), r("D", 1, 13, 14, { id: "r1" })];
    const v = expectViolation(ops, ["w1", "w2", "r2", "r1"]);
    expect(v.reason).toMatch(/No single order of these 4 operations/);
  });

  it("during two concurrent writes, reads may see 1 then 2, but never 1, 2, 1", () => {
    expectLinearizable([w("A", 1, 0, 10), w("B", 2, 0, 10), r("C", 1, 1, 2), r("C", 2, 3, 4)]);
    expectViolation([w("A", 1, 0, 10, { id: "w1" }), w("B", 2, 0, 10, { id: "w2" }), r("C", 1, 1, 2, { id: "a" }), r("C", 2, 3, 4, { id: "b" }), r("C", 1, 5, 6, { id: "c" })], ["w1", "w2", "a", "b", "c"]);
  });

  it("a timed-out write may have taken effect...", () => {
    expectLinearizable([w("A", 1, 0, null), r("B", 1, 5, 6)]);
  });

  it("...or not", () => {
    expectLinearizable([w("A", 1, 0, null), r("B", null, 5, 6)]);
    expectLinearizable([w("A", 1, 0, null), r("B", null, 5, 6), r("C", 1, 7, 8)]);
  });

  it("but once a read saw the timed-out write, it cannot be undone", () => {
    const v = expectViolation([w("A", 1, 0, null, { id: "w" }), r("B", 1, 5, 6, { id: "saw" }), r("C", null, 7, 8, { id: "lost" })], ["w", "saw", "lost"]);
    expect(v.reason).toMatch(/no later read may go back/);
  });

  it("and it cannot take effect before it was invoked", () => {
    const v = expectViolation([r("B", 1, 0, 1, { id: "early" }), w("A", 1, 3, null, { id: "w" })], ["early", "w"]);
    expect(v.reason).toMatch(/value from the future/);
  });

  it("a read of a value nobody wrote (Jepsen's garbage read), and its twin with the write", () => {
    const v = expectViolation([w("A", 1, 0, 1, { id: "w" }), r("B", 7, 2, 3, { id: "garbage" })], ["garbage"]);
    expect(v.reason).toBe("B read 7 (ticks 2-3), but no operation here ever wrote 7.");
    expectLinearizable([w("A", 1, 0, 1), r("B", 7, 2, 3), w("C", 7, 0, 5)]);
  });

  it("a timed-out write of the initial value is not pinned to an earlier read of the initial value", () => {
    // B's write of 0 may take effect after A's write of 5, which is the only way D reads 0.
    expectLinearizable([r("C", 0, 0, 1), w("B", 0, 2, null), w("A", 5, 3, 4), r("D", 0, 10, 11)], 0);
  });

  it("nor to a read of the same value written by someone else", () => {
    // C read A's 7; B's timed-out 7 may land after D's 5, which is the only way E reads 7.
    expectLinearizable([w("A", 7, 0, 1), r("C", 7, 2, 3), w("B", 7, 4, null), w("D", 5, 5, 6), r("E", 7, 10, 11)]);
  });

  it("a read that never got an answer constrains nothing", () => {
    expectLinearizable([w("A", 1, 0, 1), r("B", 99, 2, null)]);
  });

  it("shrinks a long history to the few operations that cannot be ordered", () => {
    const ops = [
      w("A", 1, 0, 1),
      r("B", 1, 2, 3),
      w("A", 2, 4, 5, { id: "w2" }),
      r("C", 2, 6, 7),
      w("B", 3, 8, 9, { id: "w3" }),
      r("C", 2, 10, 11, { id: "stale" }),
      r("A", 3, 12, 13),
      w("C", 4, 14, 15),
      r("A", 4, 16, 17),
    ];
    const v = expectViolation(ops, ["w2", "w3", "stale"]);
    expect(v.reason).toMatch(/^B wrote 3 \(ticks 8-9\); that finished before C read 2 \(ticks 10-11\) began/);
    // Twin: the same read one tick earlier overlaps the newer write.
    expectLinearizable(ops.map((o) => (o.id === "stale" ? { ...o, invokeTick: 9 } : o)));
  });
});

describe("register linearizability: bounds and bad input", () => {
  it("answers unknown, not forever, when the step budget runs out", () => {
    const ops = [w("c0", 100, 0, 100), r("c1", 100, 25, 75), r("c2", 0, 30, 60)];
    const result = checkRegister(ops, { initial: 0, stepsMax: 2 });
    expect(result.verdict).toBe("unknown");
    if (result.verdict === "unknown") expect(result.reason).toMatch(/budget exhausted/);
    expect(checkRegister(ops, { initial: 0, stepsMax: 50 }).verdict).toBe("linearizable");
  });

  it("when shrinking runs out of steps, the evidence is still a violation, marked not minimal", () => {
    const ops = [w("A", 1, 0, 1), w("A", 2, 2, 3), r("B", 2, 4, 5), w("C", 3, 6, 7), r("B", 1, 8, 9), r("C", 3, 10, 11)];
    expect(searchLinearization(ops, registerModel(), 1000).verdict).toBe("violation");
    const cut = minimalEvidence(ops, registerModel(), 6);
    expect(cut.minimal).toBe(false);
    expect(searchLinearization(cut.ops, registerModel(), 1000).verdict).toBe("violation");
    const full = minimalEvidence(ops, registerModel(), 10_000);
    expect(full.minimal).toBe(true);
    expect(full.ops.length).toBeLessThan(cut.ops.length);
  });

  it("names the field of an operation it cannot read", () => {
    expect(checkRegister([w("A", 1, 5, 3, { id: "bad" })])).toEqual({
      verdict: "invalid",
      error: { opId: "bad", field: "responseTick", reason: "3 comes before the invoke at 5" },
    });
    expect(checkRegister([w("A", 1, 0, 1, { id: "x" }), r("B", 1, 2, 3, { id: "x" })])).toMatchObject({ verdict: "invalid", error: { opId: "x", field: "id" } });
    expect(checkRegister([w("A", 1, 0.5, 3)])).toMatchObject({ verdict: "invalid", error: { field: "invokeTick" } });
  });

  it("says the error in words, and gathers a violation's trace indices", () => {
    expect(formatHistoryError({ opId: "bad", field: "responseTick", reason: "3 comes before the invoke at 5" })).toBe("operation bad: responseTick 3 comes before the invoke at 5");
    const v = checkRegister([w("A", 1, 0, 2, { events: [4, 9] }), r("B", null, 3, 4, { events: [7, 12] }), w("C", 2, 20, 21, { events: [30, 31] })]);
    expect(v.verdict === "violation" && traceEvidence(v.evidence)).toEqual([4, 7, 9, 12]);
  });

  it("an empty history is linearizable", () => {
    expect(checkRegister([])).toMatchObject({ verdict: "linearizable", orders: { "": [] } });
  });
});

describe("key-value linearizability: one register per key", () => {
  const k = (key: string, op: Operation): Operation => ({ ...op, key });

  it("a stale read on y is a violation of y alone; x's operations are not evidence", () => {
    const ops = [k("x", w("A", 1, 0, 2)), k("y", w("A", 5, 0, 2, { id: "wy" })), k("x", r("B", 1, 3, 4)), k("y", r("B", null, 3, 4, { id: "ry" }))];
    const result = checkKeyValue(ops);
    expect(result).toMatchObject({ verdict: "violation", key: "y", minimal: true });
    if (result.verdict === "violation") expect(ids(result.evidence)).toEqual(["ry", "wy"]);
  });

  it("twin: reads that cross keys are no constraint, so each key is linearizable and so is the map", () => {
    // Read of x sees the old x although y's later write finished: fine, different registers.
    const ops = [k("x", w("A", 1, 0, 2)), k("y", w("A", 5, 3, 4)), k("x", r("B", 1, 5, 6)), k("y", r("B", 5, 5, 6)), k("x", r("C", null, 1, 2))];
    const result = checkKeyValue(ops);
    expect(result.verdict).toBe("linearizable");
    if (result.verdict === "linearizable") expect(witnessProblemsByKey(result.orders, ops)).toBeNull();
  });

  it("a violation on one key outranks another key whose search ran out of steps", () => {
    const hard = [k("x", w("c0", 100, 0, 100)), k("x", r("c1", 100, 25, 75)), k("x", r("c2", 0, 30, 60))];
    expect(checkKeyValue(hard, { initial: 0, stepsMax: 2 })).toMatchObject({ verdict: "unknown", key: "x" });
    expect(checkKeyValue([...hard, k("y", r("c3", 9, 0, 1, { id: "garbage" }))], { initial: 0, stepsMax: 2 })).toMatchObject({ verdict: "violation", key: "y" });
  });

  it("takes an initial value per key", () => {
    const ops = [k("stock", r("A", 20, 0, 1)), k("sold", r("A", 0, 0, 1))];
    expect(checkKeyValue(ops, { initial: { stock: 20, sold: 0 } }).verdict).toBe("linearizable");
    expect(checkKeyValue(ops, { initial: { stock: 20 } })).toMatchObject({ verdict: "violation", key: "sold" });
  });
});

/**
 * The search is generic over a sequential model: a FIFO queue (enqueue as "write", dequeue as a
 * "read" returning the head) runs Herlihy and Wing's queue examples through the same code.
 */
const fifo: SequentialModel<readonly (number | string | null)[]> = {
  init: [],
  step: (queue, op) => (op.kind === "write" ? [...queue, op.value] : queue.length > 0 && queue[0] === op.value ? queue.slice(1) : IMPOSSIBLE),
  stateKey: (queue) => JSON.stringify(queue),
};
const enq = (s: string, v: string, a: number, b: number) => w(s, v, a, b);
const deq = (s: string, v: string, a: number, b: number) => r(s, v, a, b);

describe("the search on a FIFO queue (Herlihy and Wing, Figure 1 shapes)", () => {
  const verdict = (ops: Operation[]) => searchLinearization(ops, fifo, 10_000).verdict;

  it("overlapping enqueues may take either order, so x then y dequeued is fine", () => {
    expect(verdict([enq("A", "x", 0, 4), enq("B", "y", 1, 3), deq("B", "x", 5, 6), deq("A", "y", 7, 8)])).toBe("linearizable");
  });

  it("x enqueued before y began, so the first dequeue cannot return y", () => {
    expect(verdict([enq("A", "x", 0, 1), enq("B", "y", 2, 3), deq("A", "y", 4, 5)])).toBe("violation");
  });

  it("a dequeue overlapping the enqueue may return it", () => {
    expect(verdict([enq("A", "x", 0, 3), deq("B", "x", 1, 4)])).toBe("linearizable");
  });

  it("one element cannot be dequeued twice", () => {
    expect(verdict([enq("A", "x", 0, 2), enq("B", "y", 0, 2), deq("A", "y", 3, 5), deq("B", "y", 3, 5)])).toBe("violation");
  });
});
