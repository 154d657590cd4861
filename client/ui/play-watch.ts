// Watch it first (issue 12 item 10): while the level's own bot plays your seat, this strip shows
// what it does and why (captions the room computes with shared/view/captions.ts), lets you pick
// the speed and take the seat. Keys: T takes the seat, - and + change the speed. It knows no
// protocol: captions arrive as text.
import type { Reply } from "../net/room-client.js";
import type { GameSnapshot } from "../net/snapshot.js";
import type { Caption } from "../../shared/view/captions.js";
import { clockTime } from "../../shared/base/game-time.js";
import { announce, button, h } from "./dom.js";

/** What the server accepts (server/rooms/watch-pace.ts). */
export const WATCH_SPEEDS = [0.5, 1, 2, 4] as const;
/** Captions on screen at once: the newest, the rest scroll away. */
const CAPTIONS_SHOWN = 4;

export interface WatchHandlers {
  speed(speed: number): Promise<Reply>;
  takeSeat(): Promise<Reply>;
}

export class WatchStrip {
  readonly element: HTMLElement;
  private readonly log: HTMLOListElement;
  private readonly status: HTMLElement;
  private readonly speedButtons: HTMLButtonElement[];
  private readonly takeButton: HTMLButtonElement;
  private shownKey = "";
  private pace = 1;
  private active = false;

  constructor(
    node: string,
    private readonly handlers: WatchHandlers,
  ) {
    this.log = h("ol", { class: "watch-captions", tabindex: 0, "aria-live": "polite", "aria-label": `What the bot did on ${node}, and why` });
    this.status = h("span", { class: "watch-status", role: "status" }, "");
    this.speedButtons = WATCH_SPEEDS.map((speed) =>
      button(speedLabel(speed), () => this.setSpeed(speed), { class: "btn btn-ghost btn-small watch-speed", "data-speed": String(speed), "aria-pressed": speed === 1 ? "true" : "false" }),
    );
    this.takeButton = button("Take the seat", () => this.take(), { class: "btn btn-primary btn-small", "data-action": "take-seat", "aria-keyshortcuts": "T" });
    this.takeButton.prepend(h("kbd", {}, "T"), " ");
    this.element = h(
      "section",
      { class: "watch-strip", "aria-label": "Watching the bot play your node", hidden: true },
      h(
        "div",
        { class: "watch-head" },
        h("h2", { class: "watch-title", title: `The level's own bot plays ${node} by the book while you watch` }, `Watching ${node}`),
        h("div", { class: "watch-speeds", role: "group", "aria-label": "Speed (- and +)" }, h("span", { class: "autopilot-label" }, "Speed"), ...this.speedButtons),
        this.takeButton,
      ),
      this.log,
      this.status,
    );
  }

  /** Shown while the bot runs the player's node in a running solo game (watch mode). */
  update(snapshot: GameSnapshot): void {
    const me = snapshot.me;
    this.active = snapshot.mode === "solo" && snapshot.phase === "running" && me !== null && me.controller.kind === "bot";
    this.element.hidden = !this.active;
    if (!this.active || !me) return;
    if (snapshot.pace !== this.pace) {
      this.pace = snapshot.pace;
      for (const b of this.speedButtons) b.setAttribute("aria-pressed", b.dataset.speed === String(snapshot.pace) ? "true" : "false");
      // Faster than real time, a screen reader could not keep up: the captions stay readable by Tab.
      this.log.setAttribute("aria-live", snapshot.pace <= 1 ? "polite" : "off");
    }
    this.renderCaptions(me.captions);
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Keys while watching: T takes the seat, - and + step the speed. True when the key was used. */
  handleKey(key: string): boolean {
    if (!this.active) return false;
    if (key === "t" || key === "T") {
      this.take();
      return true;
    }
    const index = WATCH_SPEEDS.indexOf(this.pace as (typeof WATCH_SPEEDS)[number]);
    if (key === "-" || key === "_") {
      if (index > 0) this.setSpeed(WATCH_SPEEDS[index - 1]!);
      return true;
    }
    if (key === "+" || key === "=") {
      if (index < WATCH_SPEEDS.length - 1) this.setSpeed(WATCH_SPEEDS[index + 1]!);
      return true;
    }
    return false;
  }

  private renderCaptions(captions: readonly Caption[]): void {
    const shown = captions.slice(-CAPTIONS_SHOWN);
    const key = shown.map((c) => `${c.tick}:${c.cause}:${c.repeats ?? 1}`).join("|");
    if (key === this.shownKey) return;
    this.shownKey = key;
    if (shown.length === 0) {
      this.log.replaceChildren(h("li", { class: "watch-caption muted" }, "Nothing yet: the bot acts when something reaches its node."));
      return;
    }
    // Newest first: the eye stays at the top of the strip.
    this.log.replaceChildren(
      ...[...shown].reverse().map((c, i) =>
        h(
          "li",
          { class: `watch-caption${i === 0 ? " watch-caption-new" : ""}` },
          h("span", { class: "watch-time" }, clockTime(c.tick)),
          h("span", { class: "watch-cause" }, c.cause, c.repeats ? h("span", { class: "watch-repeats", title: `${c.repeats} times, the last at ${clockTime(c.lastTick ?? c.tick)}` }, ` ×${c.repeats}`) : null),
          c.did.length ? h("span", { class: "watch-did" }, c.did.join(" · ")) : null,
          c.why ? h("span", { class: "watch-why" }, h("strong", {}, "Why: "), c.why) : null,
        ),
      ),
    );
  }

  private setSpeed(speed: number): void {
    void this.handlers.speed(speed).then((reply) => {
      this.status.textContent = reply.ok ? "" : reply.message;
      if (reply.ok) announce(`Speed ${speedLabel(speed)}.`);
    });
  }

  private take(): void {
    this.takeButton.disabled = true;
    void this.handlers.takeSeat().then((reply) => {
      this.takeButton.disabled = false;
      this.status.textContent = reply.ok ? "" : reply.message;
      if (reply.ok) announce("You have the seat: your node is yours to play from now on.");
    });
  }
}

function speedLabel(speed: number): string {
  return `${speed === 0.5 ? "½" : speed}×`;
}
