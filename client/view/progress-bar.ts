// The loading bar drawn on the canvas, mirrored into a DOM role="progressbar" so screen
// readers (and the browser tests) can read the same value.
import Phaser from "phaser";
import { INK } from "./palette.js";

const BAR_WIDTH_MAX = 520;
const BAR_HEIGHT = 14;

export class ProgressBar {
  private readonly track: Phaser.GameObjects.Graphics;
  private readonly fill: Phaser.GameObjects.Graphics;
  private readonly title: Phaser.GameObjects.Text;
  private readonly label: Phaser.GameObjects.Text;
  private readonly aria: HTMLElement;
  private fraction = 0;

  constructor(scene: Phaser.Scene, uiRoot: HTMLElement) {
    this.track = scene.add.graphics();
    this.fill = scene.add.graphics();
    const font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
    this.title = scene.add
      .text(0, 0, "SPLIT BRAIN", { fontFamily: font, fontSize: "44px", fontStyle: "800", color: INK.text })
      .setOrigin(0.5)
      .setLetterSpacing(10);
    this.label = scene.add
      .text(0, 0, "Starting…", { fontFamily: font, fontSize: "20px", color: INK.textMuted })
      .setOrigin(0.5);
    this.aria = document.createElement("div");
    this.aria.className = "sr-only";
    this.aria.setAttribute("role", "progressbar");
    this.aria.setAttribute("aria-label", "Loading Split Brain");
    this.aria.setAttribute("aria-valuemin", "0");
    this.aria.setAttribute("aria-valuemax", "100");
    this.aria.dataset.screen = "loading";
    uiRoot.replaceChildren(this.aria);
    this.layout(scene.scale.width, scene.scale.height);
    this.set(0, "Starting…");
  }

  set(fraction: number, label: string): void {
    this.fraction = Phaser.Math.Clamp(fraction, 0, 1);
    const percent = Math.round(this.fraction * 100);
    this.label.setText(label);
    this.aria.setAttribute("aria-valuenow", String(percent));
    this.aria.setAttribute("aria-valuetext", `${percent}%: ${label}`);
    this.redraw();
  }

  layout(width: number, height: number): void {
    this.title.setPosition(width / 2, height / 2 - 70);
    this.label.setPosition(width / 2, height / 2 + 44);
    this.redraw();
  }

  destroy(): void {
    this.aria.remove();
  }

  private redraw(): void {
    const { width, height } = this.track.scene.scale;
    const barWidth = Math.min(BAR_WIDTH_MAX, width * 0.7);
    const x = (width - barWidth) / 2;
    const y = height / 2 - BAR_HEIGHT / 2;
    this.track.clear().fillStyle(INK.progressTrack, 1).fillRoundedRect(x, y, barWidth, BAR_HEIGHT, BAR_HEIGHT / 2);
    this.fill.clear();
    if (this.fraction > 0) {
      const filled = Math.max(BAR_HEIGHT, barWidth * this.fraction);
      this.fill.fillStyle(INK.progressFill, 1).fillRoundedRect(x, y, filled, BAR_HEIGHT, BAR_HEIGHT / 2);
    }
  }
}
