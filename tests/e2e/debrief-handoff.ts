// The debrief hand-off a browser test waits for: the play scene dispatches "split-brain:debrief"
// with the stored result's id when a game ends. Recorded by an init script, so the test sees it
// even if the page moves on (to the Debrief scene) before the test looks.
import type { Page } from "playwright-core";

export interface DebriefHandoff {
  resultId: string;
}

/** Call before the page loads: every later load of the page records its hand-off. */
export async function watchDebrief(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.addEventListener("split-brain:debrief", (event) => {
      (window as unknown as { __debrief?: unknown }).__debrief = (event as CustomEvent).detail;
    });
  });
}

/** The hand-off if the game has ended, else undefined. */
export function debriefHandedOff(page: Page): Promise<DebriefHandoff | undefined> {
  return page.evaluate(() => (window as unknown as { __debrief?: { resultId: string } }).__debrief);
}

/** Waits for the hand-off (at most `timeoutMs`). */
export async function waitForDebrief(page: Page, timeoutMs: number): Promise<DebriefHandoff> {
  await page.waitForFunction(() => (window as unknown as { __debrief?: unknown }).__debrief !== undefined, undefined, { timeout: timeoutMs });
  return (await debriefHandedOff(page))!;
}
