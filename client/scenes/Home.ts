// Home: the animated network backdrop on the canvas, the menus in the DOM overlay.
import Phaser from "phaser";
import { uiRoot } from "../ui/overlay.js";
import { UiApp, type LevelsResult } from "../ui/ui-app.js";
import { NetworkBackdrop, type ClearRect } from "../view/network-backdrop.js";

export class Home extends Phaser.Scene {
  private backdrop: NetworkBackdrop | null = null;

  constructor() {
    super("Home");
  }

  create(result: LevelsResult): void {
    const backdrop = new NetworkBackdrop(this);
    this.backdrop = backdrop;
    const ui = new UiApp(uiRoot());
    ui.start(result);
    // The text on top of the canvas (title, tagline, buttons) is kept free of nodes; it moves
    // when the window does, so it is measured again after the page has laid out.
    const relayout = (): void => backdrop.layout(this.scale.width, this.scale.height, textRects(this.game.canvas, this.scale.width));
    const onResize = (): void => void requestAnimationFrame(relayout);
    relayout();
    void document.fonts?.ready.then(() => this.backdrop === backdrop && relayout());
    this.scale.on("resize", onResize);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.scale.off("resize", onResize);
      ui.destroy();
      this.backdrop = null;
    });
    performance.mark("split-brain:ready"); // the menus are up: tests/bench/client.bench.ts times this
  }

  override update(_time: number, deltaMs: number): void {
    this.backdrop?.update(deltaMs);
  }
}

/** The Home header's lines of text and buttons, in canvas pixels. */
function textRects(canvas: HTMLCanvasElement, canvasWidth: number): ClearRect[] {
  const box = canvas.getBoundingClientRect();
  if (box.width === 0) return [];
  const scale = canvasWidth / box.width;
  const items = document.querySelectorAll(".screen-home .brand > *, .screen-home .brand-actions > *");
  return [...items].map((item) => {
    const r = item.getBoundingClientRect();
    return { left: (r.left - box.left) * scale, top: (r.top - box.top) * scale, right: (r.right - box.left) * scale, bottom: (r.bottom - box.top) * scale };
  });
}
