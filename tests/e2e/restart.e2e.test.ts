// A server restart in the middle of a game, seen from a real browser: the play screen says it is
// reconnecting, the player's client takes the same seat back in the restored room on its own
// (reconnection token, then the resume secret), the clock carries on from where it stood, and
// the game ends with a result that is stored like any other.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { buildClient, chromiumStatus, launchBrowser, newPage, screenshot, startTestServer, type TestBrowser, type TestServer, timeLeftSeconds } from "./harness.js";
import { waitForDebrief, watchDebrief } from "./debrief-handoff.js";

const LEVEL_ID = "l00-hello-network";
/** Game ticks per 100 ms: the 90 s level plays in about 18 s. */
const SPEED = 5;
const status = chromiumStatus();


describe.skipIf(!status.ok)("a server restart mid-game, in Chromium", () => {
  let server: TestServer | null = null;
  let browser: TestBrowser;
  const dataDir = mkdtempSync(join(tmpdir(), "split-brain-restart-"));

  beforeAll(async () => {
    await buildClient();
    server = await startTestServer({ dataDir });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the reconnection, takes the same seat back, and goes on from the same moment", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await watchDebrief(page);
    const first = server!;
    await page.goto(`${first.url}/?speed=${SPEED}`);
    await page.click(`[data-level-id="${LEVEL_ID}"]`);
    await page.click('[data-action="play-solo"]');
    await page.waitForSelector("#lobby-nickname");
    await page.fill("#lobby-nickname", "Grace");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-screen="play"]');
    const seat = await page.locator(".node-id").textContent();

    // Let the game run a few game-seconds, then stop the server under the player's feet.
    await page.waitForFunction(() => /^1:2\d$/.test(document.querySelector("#hud-time")?.textContent ?? ""), null, { timeout: 30_000 });
    const leftBefore = await timeLeftSeconds(page);
    const port = first.port;
    await first.close();
    server = null;
    await page.waitForSelector(".banner-connection:not([hidden])", { timeout: 15_000 });
    expect(await page.locator(".banner-connection").textContent()).toMatch(/reconnecting/i);
    await screenshot(page, "restart-reconnecting");

    // A new server on the same port and store: the client finds its way back by itself.
    server = await startTestServer({ dataDir, port });
    await page.waitForSelector(".banner-connection", { state: "hidden", timeout: 60_000 });
    expect(await page.locator(".node-id").textContent()).toBe(seat);
    const leftAfter = await timeLeftSeconds(page);
    // The clock went on from the stored moment: not back to the full 1:30.
    expect(leftAfter).toBeLessThanOrEqual(leftBefore + 1);
    expect(leftAfter).toBeLessThan(90);
    await screenshot(page, "restart-back");

    // And the game plays to its end, with a result the new server stored.
    const debrief = await waitForDebrief(page, 60_000);
    const stored = await server.store.getResult(debrief.resultId);
    expect(stored?.levelId).toBe(LEVEL_ID);
    expect(stored?.nickname).toBe("Grace");
    expect(stored?.seatNode).toBe(seat);

    // While the server was down the browser logged refused connections; nothing else went wrong.
    const unexpected = problems.all().filter((p) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource|net::ERR/i.test(p));
    expect(unexpected).toEqual([]);
    await context.close();
  }, 180_000);
});
