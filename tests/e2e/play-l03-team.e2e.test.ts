// l03 "Two Nodes, One Cable" with two humans: a team room created from the briefing, Bo (the
// creator) takes replica B, Ada joins by code and takes replica A, and both play through the real
// UI at test speed to their debriefs. B plays by its own screen as in play-l03.e2e.test.ts (the
// peer strip tells it when A is silent); A, which holds the one true ticket count, answers every
// request from its own copy. Each player's debrief replays the game to the server's hash in
// Chromium, nothing broke a rule, and each seat has a result of its own. Built with the level
// kit only: nothing here is l03 code in client/ or server/.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";
import { watchDebrief, debriefHandedOff } from "./debrief-handoff.js";

const LEVEL_ID = "l03-two-nodes-one-cable";
/** As play-l03: the 4:30 level in about 135 s, time enough for two clicking scripts on a loaded machine. */
const SPEED = 2;
const GAME_MS_MAX = 240_000;
const status = chromiumStatus();

/**
 * Plays one replica by what its own screen shows until the debrief hand-off. B: tickets go to A
 * while A speaks and are refused while it is silent, checkout reads wait for A, the rest is
 * answered from B's copy. A: everything from its own copy. At most 4 clicks per 150 ms.
 */
async function playReplica(page: Page, node: "A" | "B"): Promise<{ resultId: string; seenCutOff: boolean }> {
  const startMs = Date.now();
  let seenCutOff = false;
  for (;;) {
    const done = await debriefHandedOff(page);
    if (done) return { resultId: done.resultId, seenCutOff };
    if (Date.now() - startMs > GAME_MS_MAX) throw new Error(`${node}'s game did not end in time`);
    const cutOff = await page.evaluate((isB) => {
      const strip = document.querySelector('[data-highlight="peer"] .highlight-value')?.textContent ?? "never";
      const heard = /([\d.]+) s ago/.exec(strip);
      const cutOff = !heard || Number(heard[1]) > 1.5;
      let clicks = 0;
      for (const card of document.querySelectorAll<HTMLElement>(".inbox-card:not(.handled)")) {
        if (clicks >= 4) break;
        const text = card.textContent ?? "";
        const pick = !isB ? "button.act-serve" : /ticket/.test(text) ? (cutOff ? "button.act-refuse" : "button.act-forward") : /checkout/.test(text) ? "button.act-forward" : "button.act-serve";
        const button = card.querySelector<HTMLButtonElement>(pick);
        if (button) {
          button.click();
          clicks++;
        }
      }
      return cutOff;
    }, node === "B");
    const round = (await page.locator('[data-highlight="card"] .highlight-label').textContent().catch(() => "")) ?? "";
    if (/^Round 1/.test(round) && cutOff) seenCutOff = true;
    await page.waitForTimeout(150);
  }
}

describe.skipIf(!status.ok)("l03 with two humans", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("plays Two Nodes, One Cable as A and B in one team room to both debriefs: the replays match", async () => {
    const bo = await newPage(browser.browser);
    const ada = await newPage(browser.browser);
    for (const p of [bo.page, ada.page]) await watchDebrief(p);

    await bo.page.goto(`${server.url}/?speed=${SPEED}`);
    await bo.page.click(`[data-level-id="${LEVEL_ID}"]`);
    await bo.page.waitForSelector("#briefing-title");
    await bo.page.click('[data-action="create-team"]');
    await bo.page.waitForSelector("#lobby-nickname");
    await bo.page.fill("#lobby-nickname", "Bo");
    await bo.page.click('[data-action="lobby-go"]');
    await bo.page.waitForSelector("[data-join-code]");
    const code = await bo.page.getAttribute("[data-join-code]", "data-join-code");

    await ada.page.goto(`${server.url}/?speed=${SPEED}`);
    await ada.page.click('[data-action="join-by-code"]');
    await ada.page.waitForSelector("#lobby-code");
    await ada.page.fill("#lobby-nickname", "Ada");
    await ada.page.fill("#lobby-code", code!);
    await ada.page.click('[data-action="lobby-go"]');
    await ada.page.waitForSelector('[data-screen="waiting-room"]');
    await bo.page.waitForSelector('.seat-nick:text("Ada")');
    await screenshot(bo.page, "team-l03-waiting-room");

    await bo.page.click('[data-action="start-game"]');
    await Promise.all([bo.page.waitForSelector('[data-screen="play"]'), ada.page.waitForSelector('[data-screen="play"]')]);
    expect(await bo.page.locator(".node-id").textContent()).toBe("B");
    expect(await ada.page.locator(".node-id").textContent()).toBe("A");

    const [b, a] = await Promise.all([playReplica(bo.page, "B"), playReplica(ada.page, "A")]);
    // B noticed the unannounced cut by its own screen: A fell silent in round 1.
    expect(b.seenCutOff).toBe(true);
    expect(a.resultId).not.toBe(b.resultId);

    for (const [p, name] of [[bo.page, "team-l03-debrief-b"], [ada.page, "team-l03-debrief-a"]] as const) {
      await p.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 60_000 });
      expect(await p.locator('[data-screen="debrief"]').getAttribute("data-hash-match")).toBe("true");
      expect(await p.locator('[data-card="incident"]').count()).toBe(0);
      await screenshot(p, name);
    }
    // One game, a result per seat: same seed and hash, each with its own player and node.
    const stored = await Promise.all([b, a].map((r) => server.store.getResult(r.resultId)));
    expect(stored.map((r) => [r?.nickname, r?.seatNode])).toEqual([["Bo", "B"], ["Ada", "A"]]);
    expect(stored[0]!.hash).toBe(stored[1]!.hash);
    expect([...bo.problems.all(), ...ada.problems.all()]).toEqual([]);
    await bo.context.close();
    await ada.context.close();
  }, 360_000);
});
