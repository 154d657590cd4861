// Watch it first and play on from here (issue 12 item 10), through the real UI in Chromium:
// the briefing's "Watch it first" runs l00 with the bot in your seat and captions of its moves,
// the speed is picked, then "Take the seat" (key T) gives you the node; a debrief's "Play on
// from here" (key P) starts a new solo game at the cursor's moment, in your seat.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { newResultOf } from "../../server/store/result-of-game.js";
import { loadLevel, playHonestSender } from "../unit/view/debrief-fixtures.js";
import { TEST_CATALOG } from "../support/test-catalog.js";
import { chromiumStatus, newPage, screenshot, useServerAndBrowser, type TestBrowser, type TestServer } from "./harness.js";

const status = chromiumStatus();
if (!status.ok) console.warn(`Skipping browser tests: ${status.reason}`);

const LEVEL_ID = "l00-hello-network";
const PHONE = { width: 740, height: 360 } as const;

async function briefing(page: Page, url: string, query = ""): Promise<void> {
  await page.goto(`${url}/${query}`);
  await page.waitForSelector(`[data-level-id="${LEVEL_ID}"]`);
  await page.click(`[data-level-id="${LEVEL_ID}"]`);
  await page.waitForSelector("#briefing-title");
}

const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe.skipIf(!status.ok)("watch it first, play on from here", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  it("watches l00 with captions at a chosen speed, then takes the seat by keyboard", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await briefing(page, server.url);
    await page.click('[data-action="watch-first"]');
    // No nickname remembered yet: the lobby asks once.
    await page.waitForSelector("#lobby-nickname");
    await page.fill("#lobby-nickname", "Watcher");
    await page.click('[data-action="lobby-go"]');
    await page.waitForSelector('[data-screen="play"]');
    const strip = page.locator(".watch-strip");
    await strip.waitFor({ state: "visible", timeout: 10_000 });
    // The action bar is not offered while the bot plays; the captions say what it did and why.
    expect(await page.locator(".play-controls").isHidden()).toBe(true);
    await page.locator(".watch-caption .watch-why").first().waitFor({ timeout: 15_000 });
    const caption = (await page.locator(".watch-caption-new").textContent()) ?? "";
    expect(caption).toMatch(/Why:/);
    await page.click('.watch-speed[data-speed="2"]');
    await page.locator('.watch-speed[data-speed="2"][aria-pressed="true"]').waitFor({ timeout: 5000 });
    await page.keyboard.press("-");
    await page.locator('.watch-speed[data-speed="1"][aria-pressed="true"]').waitFor({ timeout: 5000 });
    await screenshot(page, "watch-l00-1280");
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(300);
    await screenshot(page, "watch-l00-phone");
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 720 });
    // Take the seat with T: the strip goes, the controls come back, the node is yours.
    await page.locator("body").press("t");
    await strip.waitFor({ state: "hidden", timeout: 5000 });
    await page.locator(".play-controls").waitFor({ state: "visible", timeout: 5000 });
    await screenshot(page, "watch-l00-taken");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 90_000);

  it("plays on from a debrief moment in the player's seat, and the new game replays", async () => {
    const level = loadLevel(LEVEL_ID);
    const world = playHonestSender(level, 7);
    const original = await server.store.saveResult(newResultOf(world, computeVerdict(world), gameHash(world), { mode: "solo", seatNode: "N1", nickname: "ada", classCode: null }));
    const { context, page, problems } = await newPage(browser.browser);
    // A remembered nickname: playing on needs no form.
    await page.goto(`${server.url}/`);
    await page.evaluate(() => localStorage.setItem("split-brain:profile", JSON.stringify({ nickname: "ada", classCode: "" })));
    await page.goto("about:blank");
    await page.goto(`${server.url}/?speed=20#debrief=${original.id}`);
    await page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const button = page.locator('[data-action="play-on"]');
    await button.waitFor();
    // Move the cursor down the diagram (↓ scrubs 5 ticks, Shift+↓ 50) and read the moment.
    await page.locator(".debrief-diagram").focus();
    await page.keyboard.press("Home");
    for (let i = 0; i < 4; i++) await page.keyboard.press("Shift+ArrowDown");
    const tick = Number(await button.getAttribute("data-tick"));
    expect(tick).toBeGreaterThan(0);
    expect(await button.textContent()).toMatch(/^Play on from \d+\.\d s$/);
    await screenshot(page, "play-on-debrief");
    await page.keyboard.press("p");
    await page.waitForSelector('[data-screen="play"]', { timeout: 20_000 });
    // Our seat, playing (not watching), from the moment on.
    expect(await page.locator(".watch-strip").isHidden()).toBe(true);
    await page.locator(".play-controls").waitFor({ state: "visible" });
    await screenshot(page, "play-on-playing");
    await page.waitForSelector('[data-screen="debrief"][data-state="ready"]', { timeout: 60_000 });
    const resultId = await page.locator('[data-screen="debrief"]').getAttribute("data-result-id");
    const stored = (await server.store.getResult(resultId!))!;
    expect(stored).toMatchObject({ seed: original.seed, board: null, seatNode: "N1" });
    const inputs = stored.inputs as InputRecord[];
    const before = (original.inputs as InputRecord[]).filter((i) => i.tick < tick);
    expect(inputs.slice(0, before.length)).toEqual(before);
    expect(inputs[before.length]).toMatchObject({ tick, action: "$control" });
    expect(replay(level, TEST_CATALOG, stored.seed, inputs, stored.playMode).hash).toBe(stored.hash);
    expect(await page.locator('[data-screen="debrief"]').getAttribute("data-hash-match")).toBe("true");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 120_000);
});
