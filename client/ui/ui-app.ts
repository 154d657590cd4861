// Navigation between the DOM screens (Home, Briefing, Leaderboards, load error) in the
// overlay above the Phaser canvas. Owns focus: every screen change moves focus to the new
// screen's heading, and "back" returns it to the control that opened the screen.
import type { SoloStart } from "../net/room-client.js";
import type { LevelSummary, PlayMode } from "../net/api-types.js";
import { createClass, fetchClassCsv, fetchClassReport, fetchLeaderboard, fetchLevels, userMessageOf } from "../net/api.js";
import { rememberTeacherClass, type TeacherClass } from "../net/session-store.js";
import { renderClassPage } from "./class-page.js";
import { classAddressFromHash, classHash, clearClassHash, type ClassAddress } from "./class-route.js";
import { renderTeach } from "./teach-panel.js";
import { renderBriefing } from "./briefing-panel.js";
import { announce } from "./dom.js";
import { renderLoadError } from "./error-panel.js";
import { renderHome } from "./home-panel.js";
import { renderLeaderboards } from "./leaderboards-panel.js";
import { emitLobby } from "./lobby-event.js";
import { emitPlay } from "./play-event.js";
import { readStars } from "./stars-store.js";

export type LevelsResult = { ok: true; levels: LevelSummary[] } | { ok: false; message: string };

type Screen = "home" | "briefing" | "leaderboards" | "teach" | "class" | "error";

export class UiApp {
  private screen: Screen = "home";
  private levels: LevelSummary[] = [];
  /** data-level-id or data-action of the Home control to refocus on return. */
  private returnFocus: string | null = null;
  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== "Escape" || this.screen === "home" || this.screen === "error") return;
    event.preventDefault();
    if (this.screen === "class") clearClassHash();
    this.showHome();
  };

  constructor(private readonly root: HTMLElement) {
    document.addEventListener("keydown", this.onKeyDown);
  }

  start(result: LevelsResult): void {
    if (result.ok) {
      this.levels = result.levels;
      // A teacher's link opens their class page straight away.
      const address = classAddressFromHash(location.hash);
      if (address) this.showClass(address);
      else this.showHome();
    } else {
      this.showError(result.message);
    }
  }

  destroy(): void {
    document.removeEventListener("keydown", this.onKeyDown);
    this.root.replaceChildren();
  }

  private mount(screen: Screen, element: HTMLElement, focusSelector: string): void {
    this.screen = screen;
    this.root.replaceChildren(element);
    const target = element.querySelector<HTMLElement>(focusSelector);
    target?.focus({ preventScroll: false });
  }

  private showHome(): void {
    // A variant is chosen on its level's briefing, not listed beside it.
    const element = renderHome(this.levels.filter((l) => !l.variant), readStars(), {
      openLevel: (level) => this.showBriefing(level),
      openLeaderboards: () => this.showLeaderboards(),
      createTeam: () => emitLobby({ intent: "team" }),
      joinByCode: () => emitLobby({ intent: "join" }),
      // The workshop's doors (client/workshop/workshop-route.ts listens for the address).
      workshop: () => {
        location.hash = "#workshop";
      },
      teach: () => this.showTeach(),
    });
    const back = this.returnFocus;
    this.returnFocus = null;
    // Returning from a sub-screen: focus the card or button that opened it. First visit:
    // focus nothing, so the first Tab lands on the first control like on any web page.
    this.screen = "home";
    this.root.replaceChildren(element);
    if (back) findReturnTarget(element, back)?.focus();
    announce(`Home: ${this.levels.filter((l) => !l.variant).length} levels.`);
  }

  private showBriefing(level: LevelSummary): void {
    this.returnFocus = level.id;
    const element = renderBriefing(level, readStars()[level.id] ?? 0, {
      back: () => this.showHome(),
      play: (levelId, mode, start) => this.play(levelId, mode, start),
      team: (levelId, mode) => emitLobby({ intent: "team", levelId, mode }),
      join: () => emitLobby({ intent: "join", levelId: level.id }),
    });
    this.mount("briefing", element, "#briefing-title");
  }

  private showLeaderboards(): void {
    this.returnFocus = "leaderboards";
    const element = renderLeaderboards({
      levels: this.levels,
      load: fetchLeaderboard,
      back: () => this.showHome(),
    });
    this.mount("leaderboards", element, "#lb-title");
  }

  private showTeach(): void {
    this.returnFocus = "teach";
    const element = renderTeach({
      create: createClass,
      remember: rememberTeacherClass,
      openClass: (entry: TeacherClass) => this.showClass({ code: entry.code, teacherSecret: entry.teacherSecret }),
      back: () => this.showHome(),
    });
    this.mount("teach", element, "#teach-title");
  }

  private showClass(address: ClassAddress): void {
    this.returnFocus = "teach";
    if (location.hash !== classHash(address)) history.replaceState(null, "", classHash(address));
    const element = renderClassPage({
      code: address.code,
      levels: this.levels,
      load: () => fetchClassReport(address.code, address.teacherSecret),
      loadCsv: () => fetchClassCsv(address.code, address.teacherSecret),
      loadLeaderboard: fetchLeaderboard,
      back: () => {
        clearClassHash();
        this.showHome();
      },
    });
    this.mount("class", element, "#class-title");
  }

  private showError(message: string): void {
    this.mount("error", renderLoadError(message, () => void this.retry()), "[data-action=retry]");
    announce(message);
  }

  private async retry(): Promise<void> {
    announce("Trying again…");
    try {
      this.start({ ok: true, levels: await fetchLevels() });
    } catch (error) {
      this.showError(userMessageOf(error));
    }
  }

  private play(levelId: string, mode: PlayMode, start?: SoloStart): void {
    // Phase 2's Play scene listens for this event; the menus stay as they are until then.
    announce(`Starting ${levelId} in ${mode} mode.`);
    emitPlay({ levelId, mode, ...(start ? { start } : {}) });
  }
}

// Compares dataset values instead of building a CSS selector from a level id.
function findReturnTarget(screen: HTMLElement, key: string): HTMLElement | undefined {
  return [...screen.querySelectorAll<HTMLElement>("[data-level-id], [data-action]")].find(
    (element) => element.dataset.levelId === key || element.dataset.action === key,
  );
}
