// Preload: bakes the procedural textures and fetches the level list, with a progress
// bar that advances as each real task finishes (no fake timers).
import Phaser from "phaser";
import { fetchLevels, userMessageOf } from "../net/api.js";
import type { LevelsResult } from "../ui/ui-app.js";
import { ProgressBar } from "../view/progress-bar.js";
import { TEXTURE_TASKS } from "../view/textures.js";
import { uiRoot } from "../ui/overlay.js";

// The level fetch is the slow part; it counts as much as all textures together.
const FETCH_WEIGHT = TEXTURE_TASKS.length;
const TOTAL_WEIGHT = TEXTURE_TASKS.length + FETCH_WEIGHT;
/** Texture work allowed in one frame before yielding to the renderer. */
const FRAME_BUDGET_MS = 12;

export class Preload extends Phaser.Scene {
  private bar: ProgressBar | null = null;

  constructor() {
    super("Preload");
  }

  create(): void {
    const bar = new ProgressBar(this, uiRoot());
    this.bar = bar;
    const onResize = (size: Phaser.Structs.Size): void => bar.layout(size.width, size.height);
    this.scale.on("resize", onResize);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.scale.off("resize", onResize);
      bar.destroy();
      this.bar = null;
    });
    void this.runTasks();
  }

  private async runTasks(): Promise<void> {
    // Start the network request first so it overlaps the texture work.
    const levels = this.fetchLevelsResult();
    let done = 0;
    // Several quick tasks share a frame; a new frame starts only when this one has had its
    // share of time (the bar still moves on slow machines, fast ones reach Home sooner).
    let frameStartMs = performance.now();
    for (const task of TEXTURE_TASKS) {
      this.bar?.set(done / TOTAL_WEIGHT, `Drawing ${task.label}…`);
      task.run(this);
      done += 1;
      if (performance.now() - frameStartMs > FRAME_BUDGET_MS) {
        await nextFrame();
        frameStartMs = performance.now();
      }
    }
    this.bar?.set(done / TOTAL_WEIGHT, "Asking the server for levels…");
    const result = await levels;
    this.bar?.set(1, result.ok ? "Ready" : "Could not reach the server");
    this.scene.start("Home", result);
  }

  private async fetchLevelsResult(): Promise<LevelsResult> {
    try {
      return { ok: true, levels: await fetchLevels() };
    } catch (error) {
      return { ok: false, message: userMessageOf(error) };
    }
  }
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
