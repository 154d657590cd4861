// Levels grouped by book chapter, in book order, for the Home screen.
import type { LevelSummary } from "../net/api-types.js";

// Short chapter titles of "Distributed Systems for the Rest of Us". The API sends only
// the chapter number; an unknown chapter still gets a readable heading.
const CHAPTER_TITLES: Record<number, string> = {
  0: "Getting started",
  1: "You're already doing distributed systems",
  2: "The eight fallacies",
  3: "CAP and the lie you have to pick",
  4: "Consistency models",
  5: "Replication strategies",
  6: "Consensus",
  7: "Clocks, ordering and logical time",
  8: "Fault tolerance",
  9: "Network partitions",
  10: "Patterns that work",
  11: "Making real decisions",
  12: "Where to go from here",
};

export function chapterTitle(chapter: number): string {
  return CHAPTER_TITLES[chapter] ?? `Chapter ${chapter}`;
}

export function chapterLabel(chapter: number): string {
  return chapter === 0 ? "Prologue" : `Chapter ${chapter}`;
}

export interface ChapterGroup {
  chapter: number;
  title: string;
  levels: LevelSummary[];
}

/** Chapters ascending; inside a chapter, levels by id (ids are lNN-..., so book order). */
export function groupByChapter(levels: readonly LevelSummary[]): ChapterGroup[] {
  const byChapter = new Map<number, LevelSummary[]>();
  for (const level of levels) {
    const group = byChapter.get(level.chapter) ?? [];
    group.push(level);
    byChapter.set(level.chapter, group);
  }
  return [...byChapter.entries()]
    .sort(([a], [b]) => a - b)
    .map(([chapter, group]) => ({
      chapter,
      title: chapterTitle(chapter),
      levels: [...group].sort((a, b) => a.id.localeCompare(b.id)),
    }));
}
