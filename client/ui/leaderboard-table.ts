// The leaderboard as a real <table> (screen readers announce rows and headers).
import type { Leaderboard } from "../net/api-types.js";
import { h } from "./dom.js";
import { starsBadge } from "./stars-badge.js";

// Numeric columns are right-aligned, header included, so digits line up under their name.
const COLUMNS: readonly { name: string; numeric?: boolean }[] = [
  { name: "Rank", numeric: true },
  { name: "Player" },
  { name: "Score", numeric: true },
  { name: "Stars" },
  { name: "Messages", numeric: true },
  { name: "Mode" },
  { name: "Class" },
  { name: "When" },
];

/** This week's board: everyone plays the week's seed; the board closes when the week ends. */
function weekWords(endsAt: string | null): string {
  if (endsAt === null) return "this week's seed";
  const date = new Date(endsAt);
  return `this week's seed (new seed ${date.toLocaleDateString(undefined, { weekday: "short", month: "short", day: "numeric" })})`;
}

function formatWhen(createdAt: string): string {
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) return createdAt;
  return date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

export function leaderboardTable(board: Leaderboard, levelTitle: string): HTMLElement {
  const caption = board.classCode ? `${levelTitle}: class ${board.classCode} (the class's own seed)` : `${levelTitle}: everyone, ${weekWords(board.endsAt)}`;
  if (board.rows.length === 0) {
    return h("p", { class: "empty", "data-state": "empty" }, `No scores yet for ${caption}. Be the first.`);
  }
  return h(
    "table",
    { class: "leaderboard" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...COLUMNS.map(({ name, numeric }) => h("th", { scope: "col", class: numeric ? "num" : undefined }, name)))),
    h(
      "tbody",
      {},
      ...board.rows.map((row) =>
        h(
          "tr",
          { class: row.rank <= 3 ? `podium podium-${row.rank}` : undefined },
          h("td", { class: "num" }, String(row.rank)),
          h("th", { scope: "row" }, row.nickname),
          h("td", { class: "num" }, row.score.toLocaleString()),
          h("td", {}, starsBadge(row.stars)),
          h("td", { class: "num" }, String(row.messages)),
          h("td", {}, row.mode),
          h("td", {}, row.classCode ?? "—"),
          h("td", {}, formatWhen(row.createdAt)),
        ),
      ),
    ),
  );
}
