// The play screen's help ("?"): the keys, the level's briefing and its goals, one key away
// during a game. A modal dialog: Esc or "?" closes it and focus goes back where it was.
import type { LevelSummary } from "../net/api-types.js";
import { controlsList } from "./controls.js";
import { announce, button, h } from "./dom.js";

export class PlayHelp {
  readonly element: HTMLElement;
  private readonly dialog: HTMLElement;
  private readonly goalsList: HTMLElement;
  private returnFocus: HTMLElement | null = null;

  constructor(level: LevelSummary, pauseHint: () => string) {
    this.goalsList = h("ul", { class: "goals-list help-goals" });
    const hint = h("p", { class: "muted small help-pause" });
    const close = button("Close", () => this.close(), { class: "btn btn-ghost btn-small", "data-action": "help-close", "aria-keyshortcuts": "Escape ?" });
    this.dialog = h(
      "div",
      { class: "panel help-dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "help-title" },
      h("header", { class: "help-header" }, h("h2", { id: "help-title", tabindex: -1 }, `Help · ${level.title}`), close),
      h(
        "div",
        // Focusable so a keyboard can scroll a long briefing.
        { class: "help-body", tabindex: 0, "aria-label": "Keys, goals and briefing" },
        h("section", { class: "help-keys", "aria-labelledby": "help-keys-title" }, h("h3", { id: "help-keys-title" }, "Keys"), controlsList(), hint),
        h(
          "section",
          { class: "help-text", "aria-labelledby": "help-goals-title" },
          h("h3", { id: "help-goals-title" }, "Goals"),
          h("p", { class: "muted small" }, "Judged at the end, only while the network is calm. Any broken safety rule caps the stars at zero."),
          this.goalsList,
          h("h3", {}, "Briefing"),
          ...level.briefing.map((paragraph) => h("p", { class: "help-briefing" }, paragraph)),
        ),
      ),
    );
    this.element = h("div", { class: "help-backdrop", hidden: true }, this.dialog);
    // A click on the dim backdrop (not the dialog) closes, as Esc does.
    this.element.addEventListener("click", (event) => {
      if (event.target === this.element) this.close();
    });
    this.dialog.addEventListener("keydown", (event) => this.trapTab(event));
    this.refreshHint = () => (hint.textContent = pauseHint());
  }

  private readonly refreshHint: () => void;

  isOpen(): boolean {
    return !this.element.hidden;
  }

  setGoals(goals: readonly { title: string }[]): void {
    this.goalsList.replaceChildren(...goals.map((g) => h("li", {}, h("span", { class: "goal-box", "aria-hidden": "true" }, "☐"), g.title)));
  }

  open(): void {
    if (this.isOpen()) return;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.refreshHint();
    this.element.hidden = false;
    this.dialog.querySelector<HTMLElement>('[data-action="help-close"]')?.focus();
    announce("Help open. Escape closes it.");
  }

  close(): void {
    if (!this.isOpen()) return;
    this.element.hidden = true;
    this.returnFocus?.focus();
    this.returnFocus = null;
  }

  toggle(): void {
    if (this.isOpen()) this.close();
    else this.open();
  }

  /** Tab stays inside the dialog while it is open (it is modal). */
  private trapTab(event: KeyboardEvent): void {
    if (event.key !== "Tab") return;
    const focusable = [...this.dialog.querySelectorAll<HTMLElement>("button, [href], [tabindex]:not([tabindex='-1'])")];
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
