// The Leaderboards screen: pick a level and an optional class code, see the table.
import type { Leaderboard, LevelSummary } from "../net/api-types.js";
import type { LeaderboardQuery } from "../net/api.js";
import { userMessageOf } from "../net/api.js";
import { announce, button, h } from "./dom.js";
import { levelCode } from "./home-panel.js";
import { leaderboardTable } from "./leaderboard-table.js";

export interface LeaderboardsDeps {
  levels: readonly LevelSummary[];
  initialLevelId?: string;
  load(query: LeaderboardQuery): Promise<Leaderboard>;
  back(): void;
}

// Class codes are short teacher-made tokens (3 to 24 letters, digits, - or _); the
// server normalises and validates them and explains a bad one in its error.
const CLASS_CODE_MAX = 24;

export function renderLeaderboards(deps: LeaderboardsDeps): HTMLElement {
  const select = h("select", { id: "lb-level", name: "level" });
  for (const level of deps.levels) {
    select.append(h("option", { value: level.id }, `${levelCode(level.id)} · ${level.title}`));
  }
  if (deps.initialLevelId) select.value = deps.initialLevelId;
  const classInput = h("input", {
    id: "lb-class",
    name: "class",
    type: "text",
    maxlength: CLASS_CODE_MAX,
    autocomplete: "off",
    spellcheck: false,
    placeholder: "e.g. 3B-2026",
  });
  const results = h("div", { class: "lb-results", "aria-live": "polite", "aria-busy": "false" });

  let requestId = 0;
  const show = async (): Promise<void> => {
    // Ignore answers to superseded requests: the last click wins.
    const current = ++requestId;
    const levelId = select.value;
    const level = deps.levels.find((item) => item.id === levelId);
    if (!level) return;
    results.setAttribute("aria-busy", "true");
    results.replaceChildren(h("p", { class: "loading-line" }, "Loading scores…"));
    try {
      const board = await deps.load({ levelId, classCode: classInput.value, limit: 20 });
      if (current !== requestId) return;
      results.replaceChildren(leaderboardTable(board, level.title));
      announce(`${board.rows.length} scores shown for ${level.title}.`);
    } catch (error) {
      if (current !== requestId) return;
      const message = userMessageOf(error);
      results.replaceChildren(
        h("div", { class: "error-box", role: "alert" }, h("p", {}, message), button("Try again", () => void show(), { class: "btn btn-secondary" })),
      );
    } finally {
      if (current === requestId) results.setAttribute("aria-busy", "false");
    }
  };

  const form = h(
    "form",
    { class: "lb-form", "aria-label": "Choose a leaderboard" },
    h("div", { class: "field" }, h("label", { for: "lb-level" }, "Level"), select),
    h(
      "div",
      { class: "field" },
      h("label", { for: "lb-class" }, "Class code ", h("span", { class: "optional" }, "(optional)")),
      classInput,
    ),
    h("button", { type: "submit", class: "btn btn-primary" }, "Show scores"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void show();
  });
  select.addEventListener("change", () => void show());

  const screen = h(
    "div",
    { class: "screen screen-leaderboards", "data-screen": "leaderboards" },
    h(
      "section",
      { class: "panel leaderboards", "aria-labelledby": "lb-title" },
      h(
        "header",
        { class: "panel-header" },
        h("h2", { id: "lb-title", tabindex: -1 }, "Leaderboards"),
        button("Back", deps.back, { class: "btn btn-ghost", "data-action": "back", "aria-keyshortcuts": "Escape" }),
      ),
      form,
      results,
    ),
  );
  if (deps.levels.length > 0) void show();
  else results.replaceChildren(h("p", { class: "empty" }, "No levels yet, so no scores."));
  return screen;
}
