import { describe, expect, it } from "vitest";
import { chapterLabel, chapterTitle, groupByChapter } from "../../../client/ui/chapters.js";
import { levelSummary } from "./fixtures.js";

describe("groupByChapter", () => {
  it("groups levels by chapter, chapters ascending, levels in id order", () => {
    const levels = [
      levelSummary({ id: "l12-survive-a-partition", chapter: 9 }),
      levelSummary({ id: "l09-order-events", chapter: 7 }),
      levelSummary({ id: "l00-hello-network", chapter: 1 }),
      levelSummary({ id: "l10-conflict-court", chapter: 7 }),
      levelSummary({ id: "l01-welcome-email", chapter: 1 }),
    ];
    const groups = groupByChapter(levels);
    expect(groups.map((group) => group.chapter)).toEqual([1, 7, 9]);
    expect(groups.map((group) => group.levels.map((level) => level.id))).toEqual([
      ["l00-hello-network", "l01-welcome-email"],
      ["l09-order-events", "l10-conflict-court"],
      ["l12-survive-a-partition"],
    ]);
    expect(groups[1]?.title).toBe("Clocks, ordering and logical time");
  });

  it("returns no groups for no levels and does not reorder its input", () => {
    expect(groupByChapter([])).toEqual([]);
    const levels = [levelSummary({ id: "l02-b" }), levelSummary({ id: "l01-a" })];
    groupByChapter(levels);
    expect(levels.map((level) => level.id)).toEqual(["l02-b", "l01-a"]);
  });

  it("names unknown chapters readably", () => {
    expect(chapterTitle(42)).toBe("Chapter 42");
    expect(chapterLabel(0)).toBe("Prologue");
    expect(chapterLabel(6)).toBe("Chapter 6");
  });
});
