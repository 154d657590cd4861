// l02 "Fallacy Gauntlet" through the real UI against the real server at test speed: at each
// round's card the player clicks the by-the-book setting on the action bar, answers the bonus
// with the count's staleness bound, and the game ends in its debrief, which replays to the
// server's hash and shows a fallacy card per round, each cleared, and the two discussion
// prompts. Built with the level kit only: nothing here is l02 code in client/ or server/.
import { describe, expect, it } from "vitest";
import { CARDS, CORRECT_SETTINGS } from "../../shared/protocols/fallacy-gauntlet/cards.js";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";
import { watchDebrief, debriefHandedOff } from "./debrief-handoff.js";

const LEVEL_ID = "l02-fallacy-gauntlet";
/** Game ticks per 100 ms: the 4:25 level plays in about 53 s. */
const SPEED = 5;
const GAME_MS_MAX = 150_000;
const status = chromiumStatus();
/** The buttons a by-the-book player clicks, round by round, and the bonus answer's first words. */
const WANTED = [...Object.entries(CORRECT_SETTINGS).map(([round, setting]) => CARDS[round as keyof typeof CARDS].options[setting]!.label), "At least"];

describe.skipIf(!status.ok)("l02 through the UI", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("plays the Fallacy Gauntlet solo to its debrief: every round cleared, the replay matches", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await watchDebrief(page);
    await page.goto(`${server.url}/?speed=${SPEED}`);
    await page.click(`[data-level-id="${LEVEL_ID}"]`);
    await page.waitForSelector("#briefing-title");
    expect(await page.locator("#briefing-title").textContent()).toBe("Fallacy Gauntlet");
    await screenshot(page, "briefing-l02");
    await page.click('[data-action="play-solo"]');
    await page.waitForSelector("#lobby-nickname");
    await page.fill("#lobby-nickname", "Peter");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-screen="play"]');
    expect(await page.locator(".node-id").textContent()).toBe("S");

    const startMs = Date.now();
    const clicked = new Set<string>();
    const shots = new Set<string>();
    for (;;) {
      const done = await debriefHandedOff(page);
      if (done) break;
      if (Date.now() - startMs > GAME_MS_MAX) throw new Error("the game did not end in time");
      const hit = await page.evaluate((wanted) => {
        for (const b of document.querySelectorAll<HTMLButtonElement>("button.bar-action")) {
          const text = (b.textContent ?? "").replace(/^\d+\s*/, "").replace(/[a-z]$/, "").trim();
          const want = wanted.find((w) => text.startsWith(w));
          if (want && !text.endsWith("(now)")) {
            b.click();
            return want;
          }
        }
        return null;
      }, WANTED);
      if (hit) clicked.add(hit);
      await page.waitForTimeout(200);
      // Pictures of a round in play and of the bonus question.
      const round = await page.locator('[data-highlight="round"] .highlight-label').textContent().catch(() => null);
      for (const [label, name] of [["Round 3 of 8", "play-l02-round3"], ["Bonus", "play-l02-bonus"]] as const) {
        if (round === label && !shots.has(name) && (await page.locator(".play-end").count()) === 0) {
          shots.add(name);
          await page.waitForTimeout(1500);
          await screenshot(page, name);
        }
      }
    }
    expect([...clicked].sort()).toEqual([...WANTED].sort());

    await page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-screen="debrief"]').getAttribute("data-hash-match")).toBe("true");
    const cards = await page.locator('[data-card="protocol"]').allTextContents();
    const text = cards.join("\n");
    for (const title of ["Round 1: The network is reliable", "Round 8: The network is homogeneous", "Bonus: The meta-fallacy", "For discussion: there is one administrator", "For discussion: the network is secure"]) expect(text).toContain(title);
    expect(text).not.toContain("Lost:");
    await screenshot(page, "debrief-l02-played");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 240_000);
});
