// Boot: the smallest possible first scene. It exists so the Preload screen itself
// never waits on anything: it just hands over at once.
import Phaser from "phaser";

export class Boot extends Phaser.Scene {
  constructor() {
    super("Boot");
  }

  create(): void {
    this.scene.start("Preload");
  }
}
