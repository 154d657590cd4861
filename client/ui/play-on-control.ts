// "Play on from here" (issue 12 item 10): on the debrief, at the moment the time cursor is on,
// a new solo game of the same level version and seed rebuilt up to that moment, your seat, so you
// can try the other choice where it mattered. Key P on the diagram. Offered only for your own seat
// and when the server still has the game's level version (otherwise its world cannot be rebuilt).
import { formatTicks } from "../../shared/view/space-time.js";
import { button } from "./dom.js";

export class PlayOnControl {
  readonly element: HTMLButtonElement;
  private tick = 0;

  constructor(
    private readonly durationTicks: number,
    private readonly go: (tick: number) => void,
  ) {
    this.element = button("Play on from here", () => this.play(), {
      class: "btn btn-secondary btn-small play-on",
      "data-action": "play-on",
      "aria-keyshortcuts": "P",
      title: "A new solo game rebuilt up to this moment (same seed), your seat: try the other choice (P)",
    });
  }

  /** The time cursor moved: the button names the moment it would play on from. */
  setTick(tick: number): void {
    this.tick = Math.max(0, Math.min(this.durationTicks - 1, Math.round(tick)));
    this.element.textContent = `Play on from ${formatTicks(this.tick)}`;
    this.element.dataset.tick = String(this.tick);
  }

  play(): void {
    this.element.disabled = true;
    this.go(this.tick);
  }
}
