import { describe, expect, it } from "vitest";
import { lamportMonotonic } from "../../../shared/protocols/lamport/checks/monotonic.js";
import { bookExample, findings, TraceBuilder } from "./lamport-fixtures.js";

describe("lamport/stamps-increase", () => {
  it("accepts the book's example", () => {
    expect(findings(lamportMonotonic, bookExample().t.trace)).toEqual([]);
  });

  it("flags a repeated stamp, citing both events", () => {
    const t = new TraceBuilder();
    const first = t.local("A", 3);
    const second = t.local("A", 3);
    const found = findings(lamportMonotonic, t.trace);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toEqual([t.at(first), t.at(second)]);
  });

  it("flags a clock stepped back", () => {
    const t = new TraceBuilder();
    t.local("A", 5);
    const high = t.local("A", 9);
    const low = t.local("A", 4);
    expect(findings(lamportMonotonic, t.trace)[0]!.evidence).toEqual([t.at(high), t.at(low)]);
  });

  it("ignores round-1 wall-clock readings, and other nodes' stamps", () => {
    const t = new TraceBuilder();
    t.local("A", 500, "wall");
    t.local("A", 440, "wall");
    t.local("A", 1);
    t.local("B", 1);
    t.local("A", 2);
    expect(findings(lamportMonotonic, t.trace)).toEqual([]);
  });
});
