import { describe, expect, it } from "vitest";
import { payloadFacts } from "../../../client/ui/play-format.js";

describe("payloadFacts", () => {
  it("names each field in words; a nested record stays one fact, its pairs joined by commas", () => {
    const gossip = { round: 2, stamp: 6, eventId: "N2#4", item: { id: "N2-1", kind: "rumor", parent: null } };
    expect(payloadFacts(gossip)).toEqual([
      ["round", "2"],
      ["stamp", "6"],
      ["event id", "N2#4"],
      ["item", "id N2-1, kind rumor, parent —"],
    ]);
  });

  it("lists of entries read as their first three commands", () => {
    const entries = [1, 2, 3, 4].map((n) => ({ term: 1, command: `set x=${n}` }));
    expect(payloadFacts({ entries })).toEqual([["entries", "4: t1 set x=1, t1 set x=2, t1 set x=3, …"]]);
  });

  it("other lists of records only count (a quiz's questions are the card's groups)", () => {
    expect(payloadFacts({ questions: [{ qid: "q1", a: {}, b: {} }, { qid: "q2", a: {}, b: {} }] })).toEqual([["questions", "2"]]);
  });
});
