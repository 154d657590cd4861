// Home: the animated network backdrop on the canvas, the menus in the DOM overlay.
import Phaser from "phaser";
import { uiRoot } from "../ui/overlay.js";
import { UiApp, type LevelsResult } from "../ui/ui-app.js";
import { NetworkBackdrop } from "../view/network-backdrop.js";

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
    const onResize = (size: Phaser.Structs.Size): void => backdrop.layout(size.width, size.height);
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
