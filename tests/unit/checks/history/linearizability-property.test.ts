/**
 * Seeded property tests (fast-check): histories of a real atomic register are always judged
 * linearizable, with a witness that satisfies the definition; corrupting one read's value is
 * usually caught, and when it is, the evidence is a set that really cannot be ordered and
 * always names the corrupted read (see readSourcesClosed: with unique values, any closed subset
 * without it would be orderable). A failure prints fast-check's seed and a shrunk history.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkRegister } from "../../../../shared/checks/history/linearizability.js";
import { searchLinearization } from "../../../../shared/checks/history/linearization-search.js";
import type { Operation } from "../../../../shared/checks/history/operation.js";
import { registerModel } from "../../../../shared/checks/history/sequential-model.js";
import { atomicRegisterHistory, plannedOp } from "./atomic-register.js";
import { witnessProblem } from "./witness.js";

const SEED = 20260514;

const history = (sessions: number, opsMax: number, lostWrites: boolean) =>
  fc.array(plannedOp(sessions, lostWrites), { minLength: 1, maxLength: opsMax }).map((plan) => atomicRegisterHistory(plan));

/** The history with one completed read returning another write's value (or one nobody wrote). */
function corrupt(ops: readonly Operation[], pick: number): { ops: Operation[]; read: string } | null {
  const reads = ops.filter((o) => o.kind === "read" && o.responseTick !== null);
  if (reads.length === 0) return null;
  const victim = reads[pick % reads.length]!;
  const others = ops.filter((o) => o.kind === "write" && o.value !== victim.value).map((o) => o.value);
  const wrong = others.length > 0 ? others[pick % others.length]! : 999_999;
  return { ops: ops.map((o) => (o.id === victim.id ? { ...o, value: wrong } : o)), read: victim.id };
}

describe("linearizability properties on an atomic register", () => {
  it("a real atomic register's history is linearizable, with a valid witness", () => {
    fc.assert(
      fc.property(history(5, 40, true), (ops) => {
        const result = checkRegister(ops);
        expect(result.verdict).toBe("linearizable");
        if (result.verdict === "linearizable") expect(witnessProblem(result.orders[""]!, ops)).toBeNull();
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("one corrupted read is usually caught, and the evidence always contains it", () => {
    const samples = fc.sample(fc.tuple(history(4, 24, true), fc.nat()), { seed: SEED, numRuns: 300 });
    let tried = 0;
    let caught = 0;
    for (const [ops, pick] of samples) {
      const bad = corrupt(ops, pick);
      if (!bad) continue;
      tried++;
      const result = checkRegister(bad.ops);
      expect(result.verdict).not.toBe("unknown");
      // Not caught means truly orderable: the witness must satisfy the definition.
      if (result.verdict === "linearizable") expect(witnessProblem(result.orders[""]!, bad.ops)).toBeNull();
      if (result.verdict !== "violation") continue;
      caught++;
      expect(result.evidence.map((o) => o.id)).toContain(bad.read);
      expect(checkRegister(result.evidence).verdict).toBe("violation");
    }
    expect(tried).toBeGreaterThan(200);
    // Measured: 179 of 277 (65%) with this seed; the rest are reads that overlap the write whose
    // value they were given (or a later one), which an atomic register may really return.
    expect(caught / tried).toBeGreaterThan(0.5);
  });

  it("a read of a value nobody wrote is always caught, and is the whole evidence", () => {
    fc.assert(
      fc.property(history(4, 24, true), fc.nat(), (ops, pick) => {
        const reads = ops.filter((o) => o.kind === "read" && o.responseTick !== null);
        fc.pre(reads.length > 0);
        const victim = reads[pick % reads.length]!;
        const result = checkRegister(ops.map((o) => (o.id === victim.id ? { ...o, value: -1 } : o)));
        expect(result).toMatchObject({ verdict: "violation", minimal: true });
        if (result.verdict === "violation") expect(result.evidence.map((o) => o.id)).toEqual([victim.id]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

/**
 * Preparing a history (orphan reads found without a search, timed-out writes dropped or bounded)
 * must change no verdict: on small random histories with few values (so values repeat, and the
 * initial value is written again) and many timed-out writes, checkRegister agrees with the bare
 * search on the untouched history.
 */
describe("preparing a history changes no verdict", () => {
  const anyOp = fc.record({
    session: fc.constantFrom("a", "b", "c"),
    write: fc.boolean(),
    value: fc.integer({ min: 0, max: 3 }),
    invokeTick: fc.integer({ min: 0, max: 20 }),
    durationTicks: fc.integer({ min: 0, max: 6 }),
    pending: fc.boolean(),
  });
  const anyHistory = fc.array(anyOp, { maxLength: 9 }).map((raw) =>
    raw.map<Operation>((o, i) => ({
      id: `o${i}`,
      session: o.session,
      kind: o.write ? "write" : "read",
      value: o.value,
      invokeTick: o.invokeTick,
      responseTick: o.pending ? null : o.invokeTick + o.durationTicks,
    })),
  );

  it("agrees with the bare search", () => {
    let violations = 0;
    fc.assert(
      fc.property(anyHistory, (ops) => {
        const bare = searchLinearization(ops, registerModel(0), 1_000_000).verdict;
        const checked = checkRegister(ops, { initial: 0 });
        expect(checked.verdict).toBe(bare);
        if (checked.verdict === "violation") {
          violations++;
          expect(searchLinearization(checked.evidence, registerModel(0), 1_000_000).verdict).toBe("violation");
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
    // Both verdicts must be well represented for the agreement to mean something.
    expect(violations).toBeGreaterThan(100);
    expect(violations).toBeLessThan(350);
  });
});
