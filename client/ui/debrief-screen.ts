// The debrief's DOM layer: a header (level, stars, score, the hash check), a transparent hole
// the canvas diagram shows through (it is also the keyboard focus target), the side panel of
// cards, and the metrics strip. The scene owns the data; this class only renders it.
import "./debrief.css";
import type { GoalResult } from "../../shared/checks/verdict.js";
import type { DebriefModel } from "../../shared/view/debrief-model.js";
import { formatTicks } from "../../shared/view/space-time.js";
import { announce, button, h } from "./dom.js";
import { starsBadge } from "./stars-badge.js";
import { chapterLabel } from "./chapters.js";
import { realWorldCard } from "../../shared/view/real-world.js";
import { goalsCard, horizonIdleCard, legendCard, lessonCard, metricsStrip, realWorldSection } from "./debrief-cards.js";

export interface DebriefScreenHandlers {
  home(): void;
  retry(): void;
}

export interface ReadyInfo {
  model: DebriefModel;
  resultId: string;
  nickname: string;
  versionMismatch: boolean;
  storedLevelVersion: number;
}

export class DebriefScreen {
  readonly root: HTMLElement;
  private readonly progressBar: HTMLElement;
  private readonly progressFill: HTMLElement;
  private readonly progressLabel: HTMLElement;
  diagram: HTMLElement | null = null;
  private slots = new Map<string, HTMLElement>();
  private readout: HTMLElement | null = null;
  private tooltip: HTMLElement | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly handlers: DebriefScreenHandlers,
  ) {
    this.progressFill = h("div", { class: "debrief-progress-fill" });
    this.progressBar = h(
      "div",
      { class: "debrief-progress", role: "progressbar", "aria-label": "Replaying the game", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": 0 },
      this.progressFill,
    );
    this.progressLabel = h("p", { class: "debrief-progress-label" }, "Starting…");
    this.root = h(
      "div",
      { class: "screen screen-debrief-loading", "data-screen": "debrief", "data-state": "loading" },
      h("div", { class: "panel debrief-loading" }, h("p", { class: "brand-kicker" }, "Debrief"), h("h1", { class: "loading-title" }, "Replaying your game"), this.progressBar, this.progressLabel),
    );
    host.replaceChildren(this.root);
  }

  setProgress(fraction: number, label: string): void {
    const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
    this.progressFill.style.width = `${percent}%`;
    this.progressBar.setAttribute("aria-valuenow", String(percent));
    this.progressBar.setAttribute("aria-valuetext", `${percent}%: ${label}`);
    this.progressLabel.textContent = label;
  }

  showError(message: string): void {
    this.root.dataset.state = "error";
    this.root.className = "screen screen-debrief-loading";
    this.root.replaceChildren(
      h(
        "div",
        { class: "panel debrief-loading" },
        h("p", { class: "brand-kicker" }, "Debrief"),
        h("h1", { class: "loading-title", id: "debrief-error-title", tabindex: "-1" }, "This debrief could not be opened"),
        h("div", { class: "error-box", role: "alert" }, h("p", {}, message)),
        h("div", { class: "card-actions" }, button("Try again", () => this.handlers.retry(), { class: "btn btn-primary" }), button("Back home", () => this.handlers.home(), { class: "btn btn-ghost" })),
      ),
    );
    this.root.querySelector<HTMLElement>("#debrief-error-title")?.focus();
    announce(message);
  }

  /** Lay out the ready screen; returns the diagram element (canvas hole + keyboard target). */
  showReady(info: ReadyInfo): HTMLElement {
    const { model } = info;
    const v = model.verdict;
    this.root.className = "screen screen-debrief";
    this.root.dataset.state = "ready";
    this.root.dataset.replayHash = model.replayHash;
    this.root.dataset.storedHash = model.storedHash;
    this.root.dataset.hashMatch = String(model.hashMatches);
    this.root.dataset.resultId = info.resultId;

    const header = h(
      "header",
      { class: "debrief-header panel" },
      h(
        "div",
        { class: "debrief-titles" },
        h("p", { class: "brand-kicker" }, `Debrief · ${chapterLabel(model.chapter)} · ${model.levelId}`),
        h("h1", { id: "debrief-title", tabindex: "-1" }, model.title),
        h("p", { class: "debrief-meta" }, `${info.nickname ? `${info.nickname} played ` : "You played "}${model.seat} · ${model.mode === "free" ? "Free" : "Guided"} mode · seed ${model.seed}`),
      ),
      h(
        "div",
        { class: "debrief-score" },
        starsBadge(v.stars, "debrief-stars"),
        h("span", { class: "score-value", "data-score": v.score }, `${v.score.toLocaleString("en")} pts`),
        v.violations.length > 0 ? h("span", { class: "incident-tag" }, "INCIDENT") : v.passed
          ? h("span", { class: "tag", "data-verdict": "passed" }, "passed: no safety rule broken")
          : h("span", { class: "tag tag-missed", "data-verdict": "missed" }, "not passed: no star earned"),
      ),
      this.hashBadge(info),
      button("Home", () => this.handlers.home(), { class: "btn btn-ghost debrief-home", "aria-keyshortcuts": "Escape", title: "Back home (Esc)" }),
    );

    const diagram = h("div", {
      class: "debrief-diagram",
      tabindex: "0",
      role: "application",
      "aria-roledescription": "space-time diagram",
      "aria-label": `Space-time diagram of ${model.title}: ${model.spaceTime.lanes.length} lanes, ${model.spaceTime.arrows.length} messages. Up and down arrows move the time cursor, left and right jump between events of the selected lane, Tab selects the next lane, Enter sets the knowledge horizon, plus and minus zoom, 0 fits, I shows the incident, Escape goes home.`,
      "data-scrub-tick": model.spaceTime.endTick,
    });
    this.diagram = diagram;
    this.tooltip = h("div", { class: "debrief-tooltip", role: "tooltip", hidden: true });

    const panel = h("aside", { class: "debrief-side panel", "aria-label": "Debrief details" });
    for (const name of ["hashwarn", "nemesis", "incident", "protocol", "lesson", "horizon", "goals", "ghost", "realworld", "leaderboard", "legend"]) {
      const slot = h("div", { class: "slot", "data-slot": name });
      this.slots.set(name, slot);
      panel.append(slot);
    }
    if (!model.hashMatches || info.versionMismatch) this.fill("hashwarn", this.hashWarning(info));
    this.fill("horizon", horizonIdleCard());
    this.fill("goals", goalsCard(v.goals as GoalResult[], v.violations.length));
    this.fill("lesson", lessonCard(model.chapter, model.lesson));
    this.fill("realworld", realWorldSection(realWorldCard(model.chapter, model.metrics, model.spaceTime.arrows)));
    this.fill("legend", legendCard([...new Set(model.spaceTime.arrows.map((a) => a.type))].sort()));

    this.readout = h("p", { class: "scrub-readout", "aria-live": "polite" }, "");
    const keys = h(
      "p",
      { class: "key-help" },
      h("kbd", {}, "↑"),
      h("kbd", {}, "↓"),
      " scrub  ",
      h("kbd", {}, "←"),
      h("kbd", {}, "→"),
      " events  ",
      h("kbd", {}, "Tab"),
      " lane  ",
      h("kbd", {}, "Enter"),
      " horizon  ",
      h("kbd", {}, "+"),
      h("kbd", {}, "−"),
      h("kbd", {}, "0"),
      " zoom  ",
      h("kbd", {}, "Esc"),
      " home",
    );
    const strip = h("footer", { class: "debrief-strip panel" }, metricsStrip(model.metrics), h("div", { class: "strip-bottom" }, this.readout, keys));

    this.root.replaceChildren(header, diagram, panel, strip, this.tooltip);
    announce(`Debrief of ${model.title}: ${v.stars} stars, ${v.score} points${v.violations.length > 0 ? ", with an incident" : ""}.`);
    return diagram;
  }

  private hashBadge(info: ReadyInfo): HTMLElement {
    const m = info.model;
    if (m.hashMatches) {
      return h("p", { class: "hash-badge hash-ok", title: `Replayed in your browser: hash ${m.replayHash}` }, h("span", { "aria-hidden": "true" }, "✓ "), "Replay verified", h("span", { class: "hash-code" }, m.replayHash.slice(0, 8)));
    }
    return h("p", { class: "hash-badge hash-bad" }, h("span", { "aria-hidden": "true" }, "⚠ "), "Replay differs");
  }

  private hashWarning(info: ReadyInfo): HTMLElement {
    const m = info.model;
    const lines: HTMLElement[] = [];
    if (!m.hashMatches) {
      lines.push(
        h("p", {}, "Your browser replayed this game and got a different result from the server. The diagram shows the browser's replay, which may not be what you played."),
        h("p", {}, "This is a bug worth reporting. Include these lines:"),
        h("pre", { class: "bug-report" }, `result ${info.resultId}\nlevel ${m.levelId} v${info.storedLevelVersion}\nseed ${m.seed}, ${m.mode} mode, seat ${m.seat}\nserver hash  ${m.storedHash}\nbrowser hash ${m.replayHash}`),
      );
    }
    if (info.versionMismatch) lines.push(h("p", {}, `This game was played on version ${info.storedLevelVersion} of the level; the server now has version ${m.levelVersion}. The replay uses the new version.`));
    return h("section", { class: "debrief-card debrief-hashwarn", role: "alert", "data-card": "hash-warning" }, h("h2", { class: "card-title" }, "⚠ The replay does not match"), ...lines);
  }

  fill(slot: string, content: HTMLElement | null): void {
    this.slots.get(slot)?.replaceChildren(...(content ? [content] : []));
  }

  setReadout(text: string, scrubTick: number, horizon: string | null): void {
    if (this.readout) this.readout.textContent = text;
    if (this.diagram) {
      this.diagram.dataset.scrubTick = String(scrubTick);
      if (horizon) this.diagram.dataset.horizon = horizon;
      else delete this.diagram.dataset.horizon;
    }
  }

  /** How many of the ghost's arrows the diagram overlays now (0: none), for tests and tools. */
  setGhostOverlay(arrows: number): void {
    if (!this.diagram) return;
    if (arrows > 0) this.diagram.dataset.ghostArrows = String(arrows);
    else delete this.diagram.dataset.ghostArrows;
  }

  showTooltip(text: string, x: number, y: number): void {
    const t = this.tooltip;
    if (!t) return;
    t.textContent = text;
    t.hidden = false;
    const w = t.offsetWidth;
    const left = x + 16 + w > window.innerWidth ? x - 16 - w : x + 16;
    t.style.left = `${Math.max(4, left)}px`;
    t.style.top = `${Math.max(4, y + 14)}px`;
  }

  hideTooltip(): void {
    if (this.tooltip) this.tooltip.hidden = true;
  }

  /** The diagram's rectangle on screen, for the canvas drawing. */
  diagramRect(): DOMRect | null {
    return this.diagram?.getBoundingClientRect() ?? null;
  }

  destroy(): void {
    this.host.replaceChildren();
  }
}

export function readoutText(tick: number, lane: string, seat: boolean, inFlight: number, status: string): string {
  return `${formatTicks(tick)} · lane ${lane}${seat ? " (you)" : ""}${status === "up" ? "" : ` ${status}`} · ${inFlight} in flight`;
}
