// The class page (teacher only, opened with the teacher link): students by levels with stars
// and best score, each cell opening that student's best debrief; per level, which named
// mistakes the class made and how often; the class's leaderboard per level; the CSV export.
import type { ClassLevelSummary, ClassReport, Leaderboard, LevelSummary } from "../net/api-types.js";
import type { LeaderboardQuery } from "../net/api.js";
import { userMessageOf } from "../net/api.js";
import { debriefHash } from "../debrief/debrief-route.js";
import { announce, button, h } from "./dom.js";
import { levelCode } from "./home-panel.js";
import { leaderboardTable } from "./leaderboard-table.js";
import { starsBadge } from "./stars-badge.js";

export interface ClassPageDeps {
  code: string;
  levels: readonly LevelSummary[];
  load(): Promise<ClassReport>;
  loadCsv(): Promise<Blob>;
  loadLeaderboard(query: LeaderboardQuery): Promise<Leaderboard>;
  back(): void;
}

export function renderClassPage(deps: ClassPageDeps): HTMLElement {
  const title = h("h2", { id: "class-title", tabindex: -1 }, `Class ${deps.code}`);
  const body = h("div", { class: "class-body", "aria-live": "polite", "aria-busy": "true" }, h("p", { class: "loading-line" }, "Loading the class…"));
  const csvStatus = h("span", { class: "teach-copied", "aria-live": "polite" });

  const load = async (): Promise<void> => {
    body.setAttribute("aria-busy", "true");
    try {
      const report = await deps.load();
      title.textContent = `${report.name} · class ${report.code}`;
      body.replaceChildren(...reportView(report, deps));
      announce(`${report.name}: ${report.students.length} students.`);
    } catch (error) {
      body.replaceChildren(h("div", { class: "error-box", role: "alert" }, h("p", {}, userMessageOf(error)), button("Try again", () => void load(), { class: "btn btn-secondary" })));
    } finally {
      body.setAttribute("aria-busy", "false");
    }
  };

  const download = async (): Promise<void> => {
    csvStatus.textContent = "Preparing the file…";
    try {
      const blob = await deps.loadCsv();
      const url = URL.createObjectURL(blob);
      const link = h("a", { href: url, download: `split-brain-${deps.code}.csv` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      csvStatus.textContent = "Downloaded.";
    } catch (error) {
      csvStatus.textContent = userMessageOf(error);
    }
  };

  void load();
  return h(
    "div",
    { class: "screen screen-leaderboards", "data-screen": "class" },
    h(
      "section",
      { class: "panel leaderboards class-page", "aria-labelledby": "class-title" },
      h(
        "header",
        { class: "panel-header" },
        title,
        h(
          "div",
          { class: "class-actions" },
          button("Download CSV", () => void download(), { class: "btn btn-secondary", "data-action": "class-csv" }),
          button("Refresh", () => void load(), { class: "btn btn-ghost", "data-action": "class-refresh" }),
          button("Back", deps.back, { class: "btn btn-ghost", "data-action": "back", "aria-keyshortcuts": "Escape" }),
        ),
      ),
      csvStatus,
      body,
    ),
  );
}

function reportView(report: ClassReport, deps: ClassPageDeps): HTMLElement[] {
  const intro = h(
    "p",
    { class: "teach-intro" },
    "Students play with the class code ",
    h("strong", { class: "class-code-inline" }, report.code),
    " in the Class box of the lobby. Each level has one seed for the whole class: everyone meets the same faults.",
  );
  if (report.students.length === 0) {
    return [intro, h("p", { class: "empty", "data-state": "empty" }, "No games yet. Results appear here as soon as a student finishes a level with the class code.")];
  }
  return [intro, studentsTable(report, deps.levels), ...report.levels.map((level) => levelSection(level, report.code, deps))];
}

/** Students by levels: a real table, each played cell a link to the best game's debrief. */
function studentsTable(report: ClassReport, levels: readonly LevelSummary[]): HTMLElement {
  const played = report.levels.map((l) => l.levelId);
  const titleOf = (id: string) => levels.find((l) => l.id === id)?.title ?? id;
  return h(
    "section",
    { class: "class-section", "aria-labelledby": "class-students" },
    h("h3", { id: "class-students" }, `Students (${report.students.length})`),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "leaderboard class-table" },
        h("caption", {}, "Best stars and score per level; a cell opens that game's debrief."),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Student"),
            h("th", { scope: "col" }, "ID"),
            ...played.map((id) => h("th", { scope: "col", title: titleOf(id) }, levelCode(id))),
          ),
        ),
        h(
          "tbody",
          {},
          ...report.students.map((student) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, student.nickname),
              h("td", { class: "class-student-id" }, student.student),
              ...played.map((id) => {
                const cell = student.cells[id];
                if (!cell) return h("td", { class: "class-cell-empty" }, h("span", { "aria-hidden": "true" }, "—"), h("span", { class: "sr-only" }, "not played"));
                return h(
                  "td",
                  {},
                  h(
                    "a",
                    { href: debriefHash(cell.bestResultId), class: "class-cell", "aria-label": `${student.nickname}, ${titleOf(id)}: ${cell.stars} stars, best score ${cell.bestScore}, ${cell.games} games. Open the debrief.` },
                    starsBadge(cell.stars),
                    h("span", { class: "class-cell-score" }, cell.bestScore.toLocaleString()),
                    cell.games > 1 ? h("span", { class: "class-cell-games" }, `×${cell.games}`) : null,
                  ),
                );
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

/** One level: how the class did (named mistakes, most frequent first) and its class leaderboard. */
function levelSection(level: ClassLevelSummary, classCode: string, deps: ClassPageDeps): HTMLElement {
  const headingId = `class-level-${level.levelId}`;
  const board = h("div", { class: "lb-results" }, h("p", { class: "loading-line" }, "Loading the class leaderboard…"));
  deps
    .loadLeaderboard({ levelId: level.levelId, classCode, limit: 10 })
    .then((loaded) => board.replaceChildren(leaderboardTable(loaded, level.title)))
    .catch((error: unknown) => board.replaceChildren(h("p", { class: "form-error" }, userMessageOf(error))));
  const mistakes =
    level.mistakes.length === 0
      ? h("p", { class: "class-clean" }, "No rule broken and no goal missed in any game.")
      : h(
          "ul",
          { class: "class-mistakes" },
          ...level.mistakes.map((m) =>
            h(
              "li",
              { "data-mistake": m.id },
              h("span", { class: `mistake-kind mistake-${m.kind}` }, m.kind === "violation" ? "Rule broken" : "Goal missed"),
              " ",
              h("strong", {}, m.title),
              ` · ${plural(m.games, "game")} by ${plural(m.students, "student")}`,
            ),
          ),
        );
  return h(
    "section",
    { class: "class-section", "aria-labelledby": headingId },
    h("h3", { id: headingId }, `${levelCode(level.levelId)} · ${level.title}`),
    h("p", { class: "class-level-counts" }, `${plural(level.games, "game")} by ${plural(level.students, "student")}. How the class did:`),
    mistakes,
    board,
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
