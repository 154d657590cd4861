// l03 "Two Nodes, One Cable" through the real UI against the real server at test speed: replica
// B reads its own peer strip ("last heard from A") to notice the unannounced cut, forwards
// tickets to A while A speaks and refuses them while it is silent, answers the cart from its
// copy through both cuts and its own restart, and waits for A only on checkout reads. The game
// ends in its debrief, which replays to the server's hash and shows the level's own cards.
// Built with the level kit only: nothing here is l03 code in client/ or server/.
import { describe, expect, it } from "vitest";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";
import { watchDebrief, debriefHandedOff } from "./debrief-handoff.js";

const LEVEL_ID = "l03-two-nodes-one-cable";
/**
 * Game ticks per 100 ms: the 4:30 level plays in about 135 s. Round 2 and 3 answer within 2 s of
 * game time, so faster than this leaves a clicking script (and a loaded machine) too little time.
 */
const SPEED = 2;
const GAME_MS_MAX = 240_000;
const status = chromiumStatus();

describe.skipIf(!status.ok)("l03 through the UI", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("plays Two Nodes, One Cable solo as B to its debrief: no rule broken, the replay matches", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await watchDebrief(page);
    await page.goto(`${server.url}/?speed=${SPEED}`);
    await page.click(`[data-level-id="${LEVEL_ID}"]`);
    await page.waitForSelector("#briefing-title");
    expect(await page.locator("#briefing-title").textContent()).toBe("Two Nodes, One Cable");
    await screenshot(page, "briefing-l03");
    await page.click('[data-action="play-solo"]');
    await page.waitForSelector("#lobby-nickname");
    await page.fill("#lobby-nickname", "Eric");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-screen="play"]');
    expect(await page.locator(".node-id").textContent()).toBe("B");

    const startMs = Date.now();
    const seen = { cutOff: false, round2: false, round3: false };
    const shots = new Set<string>();
    for (;;) {
      const done = await debriefHandedOff(page);
      if (done) break;
      if (Date.now() - startMs > GAME_MS_MAX) throw new Error("the game did not end in time");
      // Only what B's screen shows: the peer strip and each card's words. At most 4 clicks per 150 ms.
      const now = await page.evaluate(() => {
        const strip = document.querySelector('[data-highlight="peer"] .highlight-value')?.textContent ?? "never";
        const heard = /([\d.]+) s ago/.exec(strip);
        const cutOff = !heard || Number(heard[1]) > 1.5;
        const round = document.querySelector('[data-highlight="card"] .highlight-label')?.textContent ?? "";
        let clicks = 0;
        for (const card of document.querySelectorAll<HTMLElement>(".inbox-card:not(.handled)")) {
          if (clicks >= 4) break;
          const text = card.textContent ?? "";
          const pick = /ticket/.test(text) ? (cutOff ? "button.act-refuse" : "button.act-forward") : /checkout/.test(text) ? "button.act-forward" : "button.act-serve";
          const button = card.querySelector<HTMLButtonElement>(pick);
          if (button) {
            button.click();
            clicks++;
          }
        }
        return { cutOff, round };
      });
      if (/^Round 1/.test(now.round) && now.cutOff) seen.cutOff = true;
      if (/^Round 2/.test(now.round)) seen.round2 = true;
      if (/^Round 3/.test(now.round)) seen.round3 = true;
      for (const [name, when] of [
        ["play-l03-cut-off", /^Round 1/.test(now.round) && now.cutOff],
        ["play-l03-cart", /^Round 2/.test(now.round)],
        ["play-l03-pacelc", /^Round 3/.test(now.round)],
      ] as const) {
        if (when && !shots.has(name) && (await page.locator(".play-end").count()) === 0) {
          shots.add(name);
          await screenshot(page, name);
        }
      }
      await page.waitForTimeout(150);
    }
    expect(seen).toEqual({ cutOff: true, round2: true, round3: true });

    // The debrief: the browser's replay reaches the server's hash, nothing broke a rule (Guided),
    // and the level's own cards tell each round and what B's users saw.
    await page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-screen="debrief"]').getAttribute("data-hash-match")).toBe("true");
    expect(await page.locator('[data-card="incident"]').count()).toBe(0);
    // Three stars: both cuts handled, every cart request and 95% of reads answered within 2 s of game time.
    expect(await page.locator('[data-screen="debrief"] .stars .sr-only').first().textContent()).toBe("3 of 3 stars");
    const cards = await page.locator('[data-card="protocol"]').allTextContents();
    const text = cards.join(" ");
    expect(text).toContain("What B's users saw");
    expect(text).toContain("no seat twice");
    expect(text).toMatch(/joined B's cart/);
    await screenshot(page, "debrief-l03-played");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 360_000);
});
