import { describe, expect, it } from "vitest";
import { lamportDuplicates } from "../../../shared/protocols/lamport/checks/duplicates.js";
import { bookExample, findings, TraceBuilder } from "./lamport-fixtures.js";

describe("lamport/duplicate-not-stamped", () => {
  it("accepts one receive per message", () => {
    expect(findings(lamportDuplicates, bookExample().t.trace)).toEqual([]);
  });

  it("flags a second receive of the same message at the same node", () => {
    const t = new TraceBuilder();
    const msg = t.send("A", "B", 1);
    const first = t.receive("B", msg, 2);
    const again = t.receive("B", msg, 3);
    const found = findings(lamportDuplicates, t.trace);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toEqual([t.at(first), t.at(again)]);
  });

  it("does not flag a duplicate delivery that got no stamp", () => {
    const t = new TraceBuilder();
    const msg = t.send("A", "B", 1);
    t.receive("B", msg, 2);
    t.trace.push({ i: t.trace.length, tick: 9, kind: "deliver", node: "B", from: "A", msgId: msg, copy: 1, sentTick: 0 });
    expect(findings(lamportDuplicates, t.trace)).toEqual([]);
  });
});
