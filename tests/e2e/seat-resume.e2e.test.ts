// Coming back to a game in progress, in a real browser: a reload 6-8 s into a solo game, a
// closed tab reopened at the same address, and a phone whose network vanished for 12 s all take
// the same seat back within the server's hold, and the game goes on from where it stood (the
// clock does not restart).
import { describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser, watchProblems, timeLeftSeconds } from "./harness.js";

const LEVEL_ID = "l00-hello-network";
const status = chromiumStatus();


/** Home -> l00 -> Play solo -> nickname -> the play screen, at real speed (the level lasts 90 s). */
async function startSolo(page: Page, url: string, nickname: string): Promise<string> {
  await page.goto(`${url}/`);
  await page.click(`[data-level-id="${LEVEL_ID}"]`);
  await page.click('[data-action="play-solo"]');
  await page.waitForSelector("#lobby-nickname");
  await page.fill("#lobby-nickname", nickname);
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-screen="play"]');
  return (await page.locator(".node-id").textContent()) ?? "";
}

/** Back on the play screen in the same seat, and the clock still running down from before. */
async function expectSameGame(page: Page, seat: string, leftBefore: number): Promise<void> {
  await page.waitForSelector('[data-screen="play"]', { timeout: 20_000 });
  expect(await page.locator(".node-id").textContent()).toBe(seat);
  const leftAfter = await timeLeftSeconds(page);
  expect(leftAfter).toBeLessThanOrEqual(leftBefore);
  expect(leftAfter).toBeGreaterThan(30);
  // The game goes on: the clock keeps moving and the seat is still yours.
  await page.waitForFunction((left) => {
    const m = /^(\d+):(\d\d)$/.exec(document.querySelector("#hud-time")?.textContent?.trim() ?? "");
    return m !== null && Number(m[1]) * 60 + Number(m[2]) < left;
  }, leftAfter, { timeout: 10_000 });
  expect(await page.locator(".banner-connection").isHidden()).toBe(true);
}

describe.skipIf(!status.ok)("taking the seat back in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("a reload 6-8 s into a solo game returns to the same seat and the game goes on", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    const seat = await startSolo(page, server.url, "Reloader");
    await page.waitForTimeout(7_000);
    const leftBefore = await timeLeftSeconds(page);
    await page.reload();
    await expectSameGame(page, seat, leftBefore);
    await screenshot(page, "resume-after-reload");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 90_000);

  it("a closed tab reopened at the same address returns to the same seat", async () => {
    const { context, page } = await newPage(browser.browser);
    const seat = await startSolo(page, server.url, "Closer");
    await page.waitForTimeout(7_000);
    const leftBefore = await timeLeftSeconds(page);
    const address = page.url();
    await page.close();
    const again = await reopen(context, address);
    await expectSameGame(again.page, seat, leftBefore);
    await screenshot(again.page, "resume-after-reopen");
    expect(again.problems.all()).toEqual([]);
    await context.close();
  }, 90_000);

  it("a phone that slept (network gone, the server dropped the socket) takes the seat back on waking", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    const seat = await startSolo(page, server.url, "Sleeper");
    await page.waitForTimeout(3_000);
    const leftBefore = await timeLeftSeconds(page);
    // Offline, the socket goes quiet; whether the browser ever reports it closed varies from run
    // to run, so the page must notice the silence of a running game by itself.
    const dropped = page.waitForSelector(".banner-connection:not([hidden])", { timeout: 30_000 });
    await context.setOffline(true);
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    await context.setOffline(false);
    await dropped;
    await page.waitForSelector(".banner-connection", { state: "hidden", timeout: 30_000 });
    await expectSameGame(page, seat, leftBefore - 10);
    await screenshot(page, "resume-after-sleep");
    expect(problems.all().filter((p) => !/WebSocket|net::ERR/i.test(p))).toEqual([]);
    await context.close();
  }, 90_000);
});

async function reopen(context: BrowserContext, address: string): Promise<{ page: Page; problems: ReturnType<typeof watchProblems> }> {
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(address);
  return { page, problems };
}
