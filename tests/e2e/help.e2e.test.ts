// Help is one key away during a game: "?" opens the keys, the briefing and the goals in a modal
// dialog (Esc or "?" closes it, focus is visible and stays inside), the briefing lists every
// key, and a solo player can pause their own game (only a facilitator could before).
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";

const LEVEL_ID = "l08-reach-consensus";
const status = chromiumStatus();

async function startSolo(page: Page): Promise<void> {
  await page.click('[data-action="play-solo"]');
  await page.waitForSelector("#lobby-nickname");
  await page.fill("#lobby-nickname", "Grace");
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-screen="play"]');
}

describe.skipIf(!status.ok)("help and pause in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it('"?" opens the keys, briefing and goals; Esc and "?" close it; a solo game pauses', async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await page.goto(server.url);
    await page.waitForSelector(`[data-level-id="${LEVEL_ID}"]`);
    await page.click(`[data-level-id="${LEVEL_ID}"]`);
    await page.waitForSelector("#briefing-title");
    // The briefing names every key the game answers to.
    const controls = await page.locator(".briefing .controls").innerText();
    for (const key of ["A–Z", "1–9", "Shift+1–9", "J", "K", "?"]) expect(controls).toContain(key);
    const firstParagraph = (await page.locator(".briefing-story p").first().textContent()) ?? "";
    expect(firstParagraph.length).toBeGreaterThan(10);

    await startSolo(page);
    const help = page.locator(".help-backdrop");
    expect(await help.isVisible()).toBe(false);

    await page.keyboard.press("?");
    await help.waitFor({ state: "visible" });
    expect(await page.locator('[role="dialog"][aria-modal="true"] #help-title').count()).toBe(1);
    const text = await help.innerText();
    for (const key of ["A–Z", "1–9", "Shift+1–9"]) expect(text).toContain(key);
    expect(text).toContain(firstParagraph.slice(0, 60));
    await page.waitForFunction(() => document.querySelectorAll(".help-goals li").length > 0);
    // Keyboard focus is inside the dialog, and visible; Tab cannot leave it.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const active = document.activeElement as HTMLElement;
        return { inside: Boolean(active.closest(".help-dialog")), outline: getComputedStyle(active).outlineStyle };
      });
      expect(focus.inside).toBe(true);
      expect(focus.outline).not.toBe("none");
    }
    await screenshot(page, "help-overlay");
    // A game key does nothing behind the dialog; Esc closes it.
    await page.keyboard.press("1");
    expect(await help.isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await help.waitFor({ state: "hidden" });
    await page.keyboard.press("?");
    await help.waitFor({ state: "visible" });
    await page.keyboard.press("?");
    await help.waitFor({ state: "hidden" });
    // The "? Help" button opens it too.
    await page.click('[data-action="help"]');
    await help.waitFor({ state: "visible" });
    await page.keyboard.press("Escape");

    // Pause: the clock stops; Resume starts it again.
    const pause = page.locator('[data-action="pause"]');
    await pause.waitFor({ state: "visible" });
    await pause.click();
    await page.waitForFunction(() => document.querySelector(".hud-phase")?.textContent === "Paused");
    const pausedAt = await page.locator("#hud-time").textContent();
    await page.waitForTimeout(2200);
    expect(await page.locator("#hud-time").textContent()).toBe(pausedAt);
    await screenshot(page, "solo-paused");
    expect(await pause.textContent()).toBe("Resume");
    await pause.click();
    await page.waitForFunction((at) => document.querySelector("#hud-time")?.textContent !== at, pausedAt, { timeout: 5000 });
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 90_000);
});
