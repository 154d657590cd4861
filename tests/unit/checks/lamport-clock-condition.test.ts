import { describe, expect, it } from "vitest";
import { lamportClockCondition } from "../../../shared/protocols/lamport/checks/clock-condition.js";
import { bookExample, findings, TraceBuilder } from "./lamport-fixtures.js";

describe("lamport/clock-condition", () => {
  it("accepts the book's example", () => {
    expect(findings(lamportClockCondition, bookExample().t.trace)).toEqual([]);
  });

  it("finds a violation through a chain of messages, citing the cause and the effect", () => {
    // A#1 (5) -> A sends (6) -> B receives (7) -> B sends (8) -> C receives and stamps 3.
    const t = new TraceBuilder();
    t.local("A", 5);
    const m1 = t.send("A", "B", 6);
    t.receive("B", m1, 7);
    const m2 = t.send("B", "C", 8);
    const effect = t.receive("C", m2, 3);
    const found = findings(lamportClockCondition, t.trace);
    expect(found).toHaveLength(1);
    // The largest stamp in C#1's past is B's send (8): that is the cited cause.
    expect(found[0]!.evidence).toEqual([t.at("B#2"), t.at(effect)]);
  });

  it("covers program order too: a later event on the same node stamped below an earlier one", () => {
    // C's receive (9) is fine, but C's next local event (4) is below A#1 (5) in its past.
    const t = new TraceBuilder();
    t.local("A", 5);
    const m1 = t.send("A", "C", 6);
    t.receive("C", m1, 9);
    const late = t.local("C", 4);
    expect(findings(lamportClockCondition, t.trace)[0]!.evidence).toEqual([t.at("C#1"), t.at(late)]);
  });

  it("does not flag concurrent events with out-of-order stamps", () => {
    const t = new TraceBuilder();
    t.local("A", 9);
    t.local("B", 1);
    t.local("C", 4);
    expect(findings(lamportClockCondition, t.trace)).toEqual([]);
  });

  it("ignores wall-clock readings on the path, but keeps the path", () => {
    const t = new TraceBuilder();
    const m = t.send("A", "B", 700, "wall");
    t.receive("B", m, 1);
    t.local("B", 2);
    expect(findings(lamportClockCondition, t.trace)).toEqual([]);
  });
});
