// The Briefing: everything a player needs before a level starts, and the mode choice.
import type { LevelSummary, PlayMode } from "../net/api-types.js";
import type { SoloStart } from "../net/room-client.js";
import { chapterLabel, chapterTitle } from "./chapters.js";
import { controlsList } from "./controls.js";
import { button, h } from "./dom.js";
import { levelCode } from "./home-panel.js";
import { starsBadge } from "./stars-badge.js";
import { formatDuration, humanize } from "./words.js";
import { everyAction } from "../../shared/level/phases.js";
import { clockTime } from "../../shared/base/game-time.js";

export interface BriefingHandlers {
  back(): void;
  play(levelId: string, mode: PlayMode, start?: SoloStart): void;
  /** Team play on this level: create a room (and get its code) or join one by code. */
  team?(levelId: string, mode: PlayMode): void;
  join?(): void;
}

const MODES: readonly { mode: PlayMode; name: string; hint: string }[] = [
  { mode: "guided", name: "Guided", hint: "Illegal moves are refused, with the rule they break." },
  { mode: "free", name: "Free", hint: "Anything goes; the checkers catch what breaks." },
];

function modeChoice(): { element: HTMLElement; selected(): PlayMode } {
  const inputs = MODES.map(({ mode, name, hint }, index) => {
    const input = h("input", { type: "radio", name: "play-mode", value: mode, id: `mode-${mode}` });
    input.checked = index === 0;
    const label = h(
      "label",
      { class: "mode-option", for: `mode-${mode}` },
      input,
      h("span", { class: "mode-name" }, name),
      h("span", { class: "mode-hint" }, hint),
    );
    return { input, label };
  });
  const element = h("fieldset", { class: "mode-choice" }, h("legend", {}, "Mode"), ...inputs.map((item) => item.label));
  const selected = (): PlayMode => (inputs.find((item) => item.input.checked)?.input.value as PlayMode) ?? "guided";
  return { element, selected };
}

/**
 * The level as written, or one of its variants (each a level of its own on the server, with its
 * own games and leaderboard): the choice names the level id every button below starts.
 */
function variantChoice(level: LevelSummary): { element: HTMLElement | null; levelId(): string } {
  const variants = level.variants ?? [];
  if (variants.length === 0) return { element: null, levelId: () => level.id };
  const options = [{ levelId: level.id, title: "As written", text: "The level as the briefing above describes it." }, ...variants];
  const inputs = options.map((option, index) => {
    const input = h("input", { type: "radio", name: "level-variant", value: option.levelId, id: `variant-${option.levelId}` });
    input.checked = index === 0;
    const label = h(
      "label",
      { class: "mode-option variant-option", for: `variant-${option.levelId}` },
      input,
      h("span", { class: "mode-name" }, option.title),
      h("span", { class: "mode-hint" }, option.text),
    );
    return { input, label };
  });
  const element = h("fieldset", { class: "mode-choice variant-choice" }, h("legend", {}, "Variant"), ...inputs.map((item) => item.label));
  return { element, levelId: () => inputs.find((item) => item.input.checked)?.input.value ?? level.id };
}

function actionList(level: LevelSummary): HTMLElement {
  const every = everyAction(level);
  if (every.length === 0) return h("p", { class: "muted" }, "Watch and learn: this level has no actions.");
  const autopilot = new Set(level.autopilot);
  // An action a later phase unlocks says when (l01's outbox from 1:30).
  const opensAt = (action: string): number | null => (level.actions.includes(action) ? null : (level.phases.find((p) => p.enable.includes(action))?.atTick ?? null));
  return h(
    "ul",
    { class: "action-list" },
    ...every.map((action) => {
      const later = opensAt(action);
      return h(
        "li",
        {},
        h("span", { class: "action-name" }, humanize(action)),
        autopilot.has(action) ? h("span", { class: "tag", title: "The autopilot can do this for you" }, "autopilot") : null,
        later !== null ? h("span", { class: "tag", title: "Unlocked by a later phase of the level" }, `from ${clockTime(later).replace(/\.0$/, "")}`) : null,
      );
    }),
  );
}

function facts(level: LevelSummary): HTMLElement {
  const fact = (name: string, value: string): HTMLElement =>
    h("div", { class: "fact" }, h("dt", {}, name), h("dd", {}, value));
  const seats =
    level.seats.parallel !== undefined
      ? `1 each: a team room holds up to ${level.seats.parallel} players, each in a game of their own`
      : level.seats.min === level.seats.max ? `${level.seats.min}` : `${level.seats.min} to ${level.seats.max}`;
  return h(
    "dl",
    { class: "facts" },
    fact("Nodes", String(level.nodes.length)),
    fact("Human seats", seats),
    fact("Length", formatDuration(level.durationTicks)),
    fact("Protocol", humanize(level.protocol)),
  );
}

export function renderBriefing(level: LevelSummary, stars: number, handlers: BriefingHandlers): HTMLElement {
  const modes = modeChoice();
  const variant = variantChoice(level);
  const play = button("Play solo", () => handlers.play(variant.levelId(), modes.selected()), {
    class: "btn btn-primary",
    "data-action": "play-solo",
  });
  return h(
    "div",
    { class: "screen screen-briefing", "data-screen": "briefing" },
    h(
      "article",
      { class: "panel briefing", "aria-labelledby": "briefing-title" },
      h(
        "header",
        { class: "briefing-header" },
        h("p", { class: "kicker" }, `${chapterLabel(level.chapter)} · ${chapterTitle(level.chapter)} · ${levelCode(level.id)}`),
        h("h2", { id: "briefing-title", class: "briefing-title", tabindex: -1 }, level.title),
        starsBadge(stars, "briefing-stars"),
        facts(level),
      ),
      h("p", { class: "lesson" }, h("span", { class: "lesson-label" }, "Lesson"), level.lesson),
      h(
        "div",
        { class: "briefing-body" },
        h(
          "section",
          { class: "briefing-story", "aria-label": "Briefing" },
          ...level.briefing.map((paragraph) => h("p", {}, paragraph)),
          variant.element,
        ),
        h(
          "aside",
          { class: "briefing-side" },
          h("h3", {}, "What your node can do"),
          actionList(level),
          h("h3", {}, "Controls"),
          controlsList(),
        ),
      ),
      h(
        "footer",
        { class: "briefing-footer" },
        modes.element,
        h(
          "div",
          { class: "briefing-buttons" },
          button("Back", handlers.back, { class: "btn btn-ghost", "data-action": "back", "aria-keyshortcuts": "Escape" }),
          handlers.join ? button("Join by code", () => handlers.join?.(), { class: "btn btn-ghost", "data-action": "join-by-code" }) : null,
          handlers.team && (level.seats.max > 1 || level.seats.parallel !== undefined)
            ? button("Create team room", () => handlers.team?.(variant.levelId(), modes.selected()), { class: "btn btn-secondary", "data-action": "create-team" })
            : null,
          button("Watch it first", () => handlers.play(variant.levelId(), modes.selected(), { watchFirst: true }), {
            class: "btn btn-secondary",
            "data-action": "watch-first",
            title: "The by-the-book bot plays your seat, with a caption for each move and its rule; take the seat whenever you like",
          }),
          play,
        ),
      ),
    ),
  );
}
