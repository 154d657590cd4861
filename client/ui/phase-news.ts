// A level's phase announced as it begins ("Outbox open: from now on..."): shown for a while after
// its moment, in a live region so a screen reader says it too. What changed is already in the
// offers (shared/level/phases.ts); this tells the player why their buttons changed.
import type { LevelSummary } from "../net/api-types.js";
import { phaseAt } from "../../shared/level/phases.js";
import { h } from "./dom.js";

/** How long an announcement stays up, in game ticks (12 s of game time). */
const PHASE_NEWS_TICKS = 120;

export class PhaseNews {
  readonly element: HTMLElement = h("p", { class: "phase-news", role: "status", "aria-live": "polite", hidden: true });
  private shown = -1;

  update(level: Pick<LevelSummary, "phases">, tick: number): void {
    const current = phaseAt(level, tick);
    const fresh = current !== null && tick - current.phase.atTick < PHASE_NEWS_TICKS;
    this.element.hidden = !fresh;
    if (!fresh || this.shown === current.index) return;
    this.shown = current.index;
    this.element.replaceChildren(h("strong", {}, current.phase.title), ` ${current.phase.text}`);
  }
}
