// l01 "The Welcome Email" through the real UI, by keyboard, against the real server at test
// speed: signups are inserted (and, once the outbox unlocks at 1:30, inserted with their outbox
// row), welcome emails go out with their key, the service's own crash at 2:10 comes and goes,
// and the game ends in its debrief, which replays to the server's hash and shows the level's
// own marks. Built with the level kit only: nothing here is l01 code in client/ or server/.
import { describe, expect, it } from "vitest";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";
import { watchDebrief, debriefHandedOff } from "./debrief-handoff.js";

const LEVEL_ID = "l01-the-welcome-email";
/** Game ticks per 100 ms: the 3:20 level plays in about 67 s. */
const SPEED = 3;
const GAME_MS_MAX = 120_000;
const status = chromiumStatus();

describe.skipIf(!status.ok)("l01 through the UI", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("plays The Welcome Email solo to its debrief: no rule broken, the replay matches", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await watchDebrief(page);
    await page.goto(`${server.url}/?speed=${SPEED}`);
    await page.click(`[data-level-id="${LEVEL_ID}"]`);
    await page.waitForSelector("#briefing-title");
    expect(await page.locator("#briefing-title").textContent()).toBe("The Welcome Email");
    await page.click('[data-action="play-solo"]');
    await page.waitForSelector("#lobby-nickname");
    await page.fill("#lobby-nickname", "Grace");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-screen="play"]');
    expect(await page.locator(".node-id").textContent()).toBe("SVC");

    // Both chores to the autopilot (answer clients, retry overdue emails); the decisions stay ours.
    for (let i = 1; i <= 2; i++) {
      const on = page.locator(`.autopilot .switch[aria-keyshortcuts="Shift+${i}"][aria-pressed="true"]`);
      for (let attempt = 0; (await on.count()) === 0; attempt++) {
        if (attempt === 4) throw new Error(`autopilot switch ${i} did not turn on`);
        await page.keyboard.press(`Shift+Digit${i}`);
        await page.waitForTimeout(500);
      }
    }

    const startMs = Date.now();
    let outboxSeen = false;
    let shot = false;
    for (;;) {
      const done = await debriefHandedOff(page);
      if (done) break;
      if (Date.now() - startMs > GAME_MS_MAX) throw new Error("the game did not end in time");
      // The order the lesson teaches, clicking the cards' own buttons: first the emails owed
      // for committed users, with the key, then new signups: with their outbox row once it
      // unlocks at 1:30, plain inserts before. At most 4 clicks per 150 ms: under the rate limit.
      outboxSeen = await page.evaluate((outbox) => {
        const open = (selector: string) => [...document.querySelectorAll<HTMLButtonElement>(`.inbox-card:not(.handled) ${selector}`)];
        const txn = outbox || open(".act-txn").length > 0;
        const owed = open("button.act-email").filter((b) => /with key/.test(b.textContent ?? "") && !/without/.test(b.textContent ?? "") && b.closest(".inbox-card")?.querySelector(".act-insert, .act-txn") === null);
        const signups = open(txn ? "button.act-txn" : "button.act-insert");
        for (const b of [...owed.slice(0, 2), ...signups.slice(0, 2)]) b.click();
        return txn;
      }, outboxSeen);
      await page.waitForTimeout(150);
      if (!shot && outboxSeen && (await page.locator(".play-end").count()) === 0) {
        shot = true;
        await screenshot(page, "play-l01-outbox");
      }
    }
    expect(outboxSeen).toBe(true);

    // The debrief: the browser's replay reaches the server's hash, nothing broke a rule (Guided),
    // and the level's own card says how many committed users depended on RAM.
    await page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-screen="debrief"]').getAttribute("data-hash-match")).toBe("true");
    expect(await page.locator('[data-card="incident"]').count()).toBe(0);
    const marked = page.locator('[data-card="protocol"]');
    expect(await marked.textContent()).toContain("SVC crashed at 2:10");
    await screenshot(page, "debrief-l01-played");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 240_000);
});
