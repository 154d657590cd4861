// The Home screen: the chapters of the book and their levels, with stars earned so far.
import type { LevelSummary } from "../net/api-types.js";
import { groupByChapter, type ChapterGroup } from "./chapters.js";
import { button, h } from "./dom.js";
import { starsBadge } from "./stars-badge.js";
import { MAX_STARS, totalStars, type StarMap } from "./stars-store.js";

export interface HomeHandlers {
  openLevel(level: LevelSummary): void;
  openLeaderboards(): void;
  /** Team play: create a room (then pick its level in the lobby) or join one by code. */
  createTeam?(): void;
  joinByCode?(): void;
  /** Workshops: join one with a code, or run one for a class. */
  workshop?(): void;
  /** A teacher makes a class (a code for students, a page of their results). */
  teach?(): void;
}

/** "l08-reach-consensus" -> "L08": the short code players and teachers say out loud. */
export function levelCode(levelId: string): string {
  const match = /^l(\d+)/i.exec(levelId);
  return match ? `L${match[1]}` : levelId;
}

function levelCard(level: LevelSummary, stars: number, handlers: HomeHandlers): HTMLElement {
  const card = button("", () => handlers.openLevel(level), {
    class: "level-card",
    "data-level-id": level.id,
  });
  card.append(
    h("span", { class: "level-code", "aria-hidden": "true" }, levelCode(level.id)),
    h(
      "span",
      { class: "level-text" },
      h("span", { class: "level-title" }, level.title),
      h("span", { class: "level-lesson" }, level.lesson),
    ),
    starsBadge(stars, "level-stars"),
  );
  return h("li", {}, card);
}

function chapterSection(group: ChapterGroup, stars: StarMap, handlers: HomeHandlers): HTMLElement {
  const headingId = `chapter-${group.chapter}`;
  return h(
    "section",
    { class: "chapter", "aria-labelledby": headingId },
    h(
      "h2",
      { id: headingId, class: "chapter-heading" },
      h("span", { class: "chapter-number" }, group.chapter === 0 ? "Prologue" : `Chapter ${group.chapter}`),
      h("span", { class: "chapter-title" }, group.title),
    ),
    h("ul", { class: "level-list" }, ...group.levels.map((level) => levelCard(level, stars[level.id] ?? 0, handlers))),
  );
}

export function renderHome(levels: readonly LevelSummary[], stars: StarMap, handlers: HomeHandlers): HTMLElement {
  const earned = totalStars(stars);
  const possible = levels.length * MAX_STARS;
  const groups = groupByChapter(levels);
  return h(
    "div",
    { class: "screen screen-home", "data-screen": "home" },
    h(
      "header",
      { class: "brand" },
      h("p", { class: "brand-kicker" }, "Distributed systems, the game"),
      h("h1", { class: "brand-title" }, "Split ", h("span", { class: "brand-accent" }, "Brain")),
      h(
        "p",
        { class: "brand-tagline" },
        "You are one node on an unreliable network. Messages arrive late, twice, or never. Keep the system honest anyway.",
      ),
      h(
        "p",
        { class: "brand-progress" },
        h("span", { class: "brand-progress-stars", "aria-hidden": "true" }, "★"),
        ` ${earned} of ${possible} stars earned`,
      ),
      h(
        "div",
        { class: "brand-actions" },
        handlers.joinByCode ? button("Join by code", handlers.joinByCode, { class: "btn btn-primary", "data-action": "join-by-code" }) : null,
        handlers.createTeam ? button("Create team room", handlers.createTeam, { class: "btn btn-secondary", "data-action": "create-team" }) : null,
        handlers.workshop ? button("Workshop", handlers.workshop, { class: "btn btn-secondary", "data-action": "workshop" }) : null,
        button("Leaderboards", handlers.openLeaderboards, { class: "btn btn-secondary", "data-action": "leaderboards" }),
        handlers.teach ? button("Teach a class", handlers.teach, { class: "btn btn-ghost", "data-action": "teach" }) : null,
      ),
    ),
    h(
      "nav",
      { class: "panel level-browser", "aria-label": "Levels by chapter" },
      groups.length > 0
        ? h("div", { class: "chapters" }, ...groups.map((group) => chapterSection(group, stars, handlers)))
        : h("p", { class: "empty" }, "The server has no levels yet."),
    ),
  );
}
