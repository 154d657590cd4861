// Stars earned are kept: a short solo game of Hello, Network played through the UI (at test
// speed) ends with a stored result, and back on Home the star count and the level's card show
// the stars that result earned.
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";
import { watchDebrief, debriefHandedOff } from "./debrief-handoff.js";

const LEVEL_ID = "l00-hello-network";
/** Game ticks per 100 ms: the 90 s level plays in about 18 s. */
const SPEED = 5;
const GAME_MS_MAX = 60_000;
const status = chromiumStatus();

/** Three per shipped level: Home counts them all. */
const STARS_IN_ALL = loadLevels().length * 3;

describe.skipIf(!status.ok)("stars in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("a finished game's stars show on Home", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await watchDebrief(page);
    await page.goto(`${server.url}/?speed=${SPEED}`);
    await page.waitForSelector(`[data-level-id="${LEVEL_ID}"]`);
    expect(await page.locator(".brand-progress").textContent()).toContain(`0 of ${STARS_IN_ALL} stars earned`);
    await page.click(`[data-level-id="${LEVEL_ID}"]`);
    await page.click('[data-action="play-solo"]');
    await page.waitForSelector("#lobby-nickname");
    await page.fill("#lobby-nickname", "Stella");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-screen="play"]');
    // Retries by autopilot; the player sends each note (N) and confirms each acked one (C).
    await page.waitForSelector(".switch");
    await page.keyboard.press("Shift+Digit1");
    const startMs = Date.now();
    for (;;) {
      const done = await debriefHandedOff(page).then((d) => d !== undefined);
      if (done) break;
      if (Date.now() - startMs > GAME_MS_MAX) throw new Error("the game did not end in time");
      for (const key of ["n", "c"]) {
        await page.keyboard.press(key);
        await page.waitForTimeout(50);
      }
    }
    const { resultId } = (await debriefHandedOff(page))!;
    const stored = await server.store.getResult(resultId);
    const earned = stored?.stars ?? 0;
    expect(earned).toBeGreaterThan(0);

    // The debrief opens; its Home button leads back to the menus, which now count the stars.
    await page.waitForSelector(".debrief-home", { timeout: 30_000 });
    await page.click(".debrief-home");
    await page.waitForSelector('[data-screen="home"]');
    expect(await page.locator(".brand-progress").textContent()).toContain(`${earned} of ${STARS_IN_ALL} stars earned`);
    expect(await page.locator(`[data-level-id="${LEVEL_ID}"] .sr-only`).textContent()).toBe(`${earned} of 3 stars`);
    await screenshot(page, "home-stars");
    // And they stay for the next visit.
    await page.reload();
    await page.waitForSelector('[data-screen="home"]');
    expect(await page.locator(".brand-progress").textContent()).toContain(`${earned} of ${STARS_IN_ALL} stars earned`);
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 120_000);
});
