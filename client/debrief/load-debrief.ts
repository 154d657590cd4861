// Fetch a stored game, replay it here in the browser with the same shared/ code the server ran,
// check the hash, and build the debrief model. The replay runs in slices with a pause for a
// frame between them, so a long level shows a moving progress bar instead of a frozen tab.
import type { Level } from "../../shared/level/level.js";
import { buildDebrief, type DebriefModel } from "../../shared/view/debrief-model.js";
import { assignMessageStyles } from "../view/message-styles.js";
import { replaySliced } from "../../shared/view/debrief-replay.js";
import { fetchLevel, fetchResult, type DebriefResult } from "./debrief-api.js";
import { CATALOG } from "../../shared/protocols/catalog.js";

export interface LoadedDebrief {
  result: DebriefResult;
  level: Level;
  model: DebriefModel;
  /** The level's version differs from the one the game was played on. */
  versionMismatch: boolean;
}

export type ProgressFn = (fraction: number, label: string) => void;

/** Game time replayed between two frames; about 10-40 ms of work on a laptop. */
const SLICE_TICKS = 100;
/** Wall-clock budget per frame before yielding to the browser. */
const FRAME_BUDGET_MS = 24;

export async function loadDebrief(resultId: string, progress: ProgressFn): Promise<LoadedDebrief> {
  progress(0.02, "Fetching the stored game…");
  const result = await fetchResult(resultId);
  progress(0.08, `Fetching level ${result.levelId}…`);
  const level = await fetchLevel(result.levelId);
  const gen = replaySliced(level, CATALOG, result.seed, result.inputs, result.playMode, SLICE_TICKS);
  let frameStart = performance.now();
  for (;;) {
    const step = gen.next();
    if (step.done) {
      progress(0.96, "Drawing the diagram…");
      await nextFrame();
      const model = buildDebrief(step.value.world, result.seatNode, result.hash, step.value.hash);
      // The same shape per message type as on the play map of this level.
      assignMessageStyles(Object.keys(step.value.world.protocol.messageTypes));
      return { result, level, model, versionMismatch: level.version !== result.levelVersion };
    }
    if (performance.now() - frameStart > FRAME_BUDGET_MS) {
      const { tick, durationTicks } = step.value;
      progress(0.1 + (0.85 * tick) / durationTicks, `Replaying the game: ${Math.round((100 * tick) / durationTicks)}%`);
      await nextFrame();
      frameStart = performance.now();
    }
  }
}

export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}
