// The first screens in a real browser against the real server: loading, Home, Briefing
// (reached with the keyboard only), Leaderboards, and the "server unreachable" path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import {
  buildClient,
  chromiumStatus,
  launchBrowser,
  newPage,
  screenshot,
  startTestServer,
  type TestBrowser,
  type TestServer,
} from "./harness.js";
import { weekBoard } from "../../server/rooms/board.js";

const LEVEL_ID = "l00-hello-network";
const status = chromiumStatus();
if (!status.ok) console.warn(`Skipping browser tests: ${status.reason}`);

/** Presses Tab until the focused element matches `selector` (a keyboard user's path). */
async function tabTo(page: Page, selector: string, pressesMax = 40): Promise<void> {
  for (let i = 0; i < pressesMax; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`${selector} is not reachable with Tab in ${pressesMax} presses`);
}

async function seedScores(server: TestServer): Promise<void> {
  const players: [string, string | null, number, number, number][] = [
    ["ada", "3B-2026", 1420, 3, 38],
    ["grace", "3B-2026", 1310, 2, 44],
    ["linus", null, 1180, 2, 51],
    ["barbara", "3B-2026", 960, 1, 63],
    ["<b>mallory</b>", null, 400, 0, 90],
  ];
  for (const [nickname, classCode, score, stars, messages] of players) {
    await server.store.saveResult({
      levelId: LEVEL_ID,
      levelVersion: 1,
      seed: 7,
      mode: "solo",
      playMode: "guided",
      seatNode: "N1",
      nickname,
      classCode,
      // A class's games are on its own board (its fixed seed); the rest on this week's.
      board: classCode ? `class-${classCode}` : weekBoard(new Date()),
      playerId: null,
      inputs: [],
      hash: "e2e-seed",
      score,
      stars,
      passed: stars > 0,
      messages,
      verdict: null,
    });
  }
}

describe.skipIf(!status.ok)("home screens in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    await buildClient();
    server = await startTestServer();
    await seedScores(server);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("loads, lists the levels, opens a briefing by keyboard, and shows leaderboards", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    // Hold the level list back so the loading screen can be photographed mid-way.
    let releaseLevels = (): void => {};
    const levelsHeld = new Promise<void>((resolve) => (releaseLevels = resolve));
    await page.route("**/api/levels", async (route) => {
      await levelsHeld;
      await route.continue();
    });

    await page.goto(server.url);
    const progress = page.locator('[role="progressbar"]');
    await expect.poll(async () => Number(await progress.getAttribute("aria-valuenow")), { timeout: 15_000 }).toBeGreaterThanOrEqual(50);
    await page.waitForTimeout(200);
    await screenshot(page, "loading");
    releaseLevels();

    // Home: level titles come from the API.
    await page.locator('[data-screen="home"]').waitFor({ timeout: 15_000 });
    const card = page.locator(`[data-level-id="${LEVEL_ID}"]`);
    await expect.poll(() => card.textContent()).toContain("Hello, Network");
    await page.waitForTimeout(1200); // let the backdrop packets spread out
    await screenshot(page, "home");

    // Briefing, keyboard only.
    await tabTo(page, `[data-level-id="${LEVEL_ID}"]`);
    await page.keyboard.press("Enter");
    await page.locator('[data-screen="briefing"]').waitFor();
    expect(await page.locator("#briefing-title").textContent()).toBe("Hello, Network");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("briefing-title");
    expect(await page.locator(".action-list").textContent()).toContain("Send note");
    await page.waitForTimeout(300);
    await screenshot(page, "briefing");

    // Escape returns home with focus back on the level that was opened.
    await page.keyboard.press("Escape");
    await page.locator('[data-screen="home"]').waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.levelId)).toBe(LEVEL_ID);

    // "Play solo" hands the choice to the game through a window event and opens the lobby.
    await tabTo(page, `[data-level-id="${LEVEL_ID}"]`);
    await page.keyboard.press("Enter");
    await page.locator('[data-screen="briefing"]').waitFor();
    await page.evaluate(() => {
      window.addEventListener("split-brain:play", (e) => {
        (window as unknown as { lastPlay: unknown }).lastPlay = (e as CustomEvent).detail;
      });
    });
    await tabTo(page, "#mode-guided");
    await page.keyboard.press("ArrowRight"); // radio group: arrows move the choice to Free
    await tabTo(page, '[data-action="play-solo"]');
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => (window as unknown as { lastPlay: unknown }).lastPlay)).toEqual({
      levelId: LEVEL_ID,
      mode: "free",
    });
    await page.locator('[data-screen="lobby"]').waitFor();
    // The mode was chosen on the briefing: the lobby says which, and does not ask again.
    expect(await page.locator("#lobby-mode").isVisible()).toBe(false);
    expect(await page.locator(".lobby-mode-note").textContent()).toContain("Free");

    // Escape leaves the lobby for home too.
    await page.locator("#lobby-nickname").focus();
    await page.keyboard.press("Escape");
    await page.locator('[data-screen="home"]').waitFor();

    // Leaderboards.
    await tabTo(page, '[data-action="leaderboards"]');
    await page.keyboard.press("Enter");
    await page.locator('[data-screen="leaderboards"]').waitFor();
    const rows = page.locator(".leaderboard tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    // A nickname is text, never markup.
    expect(await page.locator(".leaderboard tbody b").count()).toBe(0);
    expect(await rows.nth(1).textContent()).toContain("<b>mallory</b>");
    await page.locator("#lb-class").fill("3b-2026");
    await page.getByRole("button", { name: "Show scores" }).click();
    await expect.poll(() => rows.count()).toBe(3);
    await page.waitForTimeout(300);
    await screenshot(page, "leaderboards");

    await page.keyboard.press("Escape");
    await page.locator('[data-screen="home"]').waitFor();
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 60_000);

  it("fits a projector and a small laptop without horizontal scrolling", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await page.goto(server.url);
    for (const size of [{ width: 1920, height: 1080 }, { width: 1024, height: 768 }]) {
      await page.setViewportSize(size);
      await page.locator('[data-screen="home"]').waitFor({ timeout: 15_000 });
      await page.waitForTimeout(400); // Phaser re-lays out the backdrop on the resize event
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(await page.locator(`[data-level-id="${LEVEL_ID}"]`).isVisible()).toBe(true);
      const canvas = await page.locator("#game canvas").boundingBox();
      expect(canvas).toMatchObject({ width: size.width, height: size.height });
      await screenshot(page, `home-${size.width}x${size.height}`);
    }
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 60_000);

  it("explains in plain words when the server cannot be reached", async () => {
    const { context, page } = await newPage(browser.browser);
    await page.route("**/api/levels", (route) => route.abort("connectionrefused"));
    await page.goto(server.url);
    const alert = page.locator('[data-screen="error"] [role="alert"]');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).toContain("can't reach the game server");
    await screenshot(page, "server-unreachable");

    // Once the server answers again, "Try again" recovers without a reload.
    await page.unroute("**/api/levels");
    await page.getByRole("button", { name: "Try again" }).click();
    await page.locator(`[data-level-id="${LEVEL_ID}"]`).waitFor();
    await context.close();
  }, 60_000);
});
