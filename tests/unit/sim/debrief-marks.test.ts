import { describe, expect, it } from "vitest";
import { mergeSpans } from "../../../shared/sim/debrief-marks.js";

describe("mergeSpans", () => {
  it("joins overlapping and touching intervals and keeps the peak overlap", () => {
    expect(
      mergeSpans([
        { fromTick: 10, toTick: 20 },
        { fromTick: 15, toTick: 30 },
        { fromTick: 30, toTick: 35 },
        { fromTick: 50, toTick: 60 },
      ]),
    ).toEqual([
      { fromTick: 10, toTick: 35, peak: 2 },
      { fromTick: 50, toTick: 60, peak: 1 },
    ]);
  });

  it("gives nothing for nothing, and a moment for a zero-length interval", () => {
    expect(mergeSpans([])).toEqual([]);
    expect(mergeSpans([{ fromTick: 5, toTick: 5 }])).toEqual([{ fromTick: 5, toTick: 5, peak: 1 }]);
  });
});
