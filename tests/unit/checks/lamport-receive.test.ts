import { describe, expect, it } from "vitest";
import { lamportReceive } from "../../../shared/protocols/lamport/checks/receive.js";
import { bookExample, findings, TraceBuilder } from "./lamport-fixtures.js";

describe("lamport/receive-after-send", () => {
  it("accepts the book's example", () => {
    expect(findings(lamportReceive, bookExample().t.trace)).toEqual([]);
  });

  it("flags a receive stamped at or below its send (no max taken)", () => {
    const t = new TraceBuilder();
    t.local("A", 1);
    t.local("A", 2);
    const msg = t.send("A", "B", 3);
    const rec = t.receive("B", msg, 1);
    const found = findings(lamportReceive, t.trace);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toEqual([t.at("A#3"), t.at(rec)]);
  });

  it("flags an equal stamp too", () => {
    const t = new TraceBuilder();
    const msg = t.send("A", "B", 4);
    t.receive("B", msg, 4);
    expect(findings(lamportReceive, t.trace)).toHaveLength(1);
  });

  it("does not compare a Lamport receive with a wall-clock send from round 1", () => {
    const t = new TraceBuilder();
    const msg = t.send("A", "B", 600, "wall");
    t.receive("B", msg, 1);
    expect(findings(lamportReceive, t.trace)).toEqual([]);
  });
});
