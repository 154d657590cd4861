// Parallel seats in Chromium: l02 declares seats.parallel, so its team room gives each player a
// gauntlet of their own. Ana creates the room, Bo joins by code; both see each other in the
// waiting room, Ana starts, each plays node S of their own game with the room beside it (how far
// each player is, live); Bo reloads mid-game and is back in his own gauntlet, the room beside it;
// both reach their own debriefs, which replay to the server's hash. Nothing here is l02 code in
// client/ or server/. When the creator leaves the waiting room, the next player is told they
// start the games now.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";
import { waitForDebrief, watchDebrief } from "./debrief-handoff.js";

const LEVEL_ID = "l02-fallacy-gauntlet";
/** Game ticks per 100 ms: the 4:25 level plays in about 22 s. */
const SPEED = 12;
const status = chromiumStatus();

/** The screen at a small desktop and a phone held upright, then back to the harness's size. */
async function shotAtSizes(page: Page, name: string): Promise<void> {
  const before = page.viewportSize()!;
  for (const [size, suffix] of [[{ width: 1024, height: 768 }, "1024"], [{ width: 390, height: 844 }, "phone"]] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(200);
    await screenshot(page, `${name}-${suffix}`);
  }
  await page.setViewportSize(before);
}

describe.skipIf(!status.ok)("a room of parallel seats", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("gives each player a gauntlet of their own in one room, shows how far each is, and takes a reload back to its own game", async () => {
    const ana = await newPage(browser.browser);
    const bo = await newPage(browser.browser);
    for (const p of [ana.page, bo.page]) await watchDebrief(p);

    await ana.page.goto(`${server.url}/?speed=${SPEED}`);
    await ana.page.click(`[data-level-id="${LEVEL_ID}"]`);
    await ana.page.waitForSelector("#briefing-title");
    await ana.page.click('[data-action="create-team"]');
    await ana.page.waitForSelector("#lobby-nickname");
    await ana.page.fill("#lobby-nickname", "Ana");
    await ana.page.click('[data-action="lobby-go"]');
    await ana.page.waitForSelector('[data-screen="waiting-room"][data-parallel="true"]');
    const code = await ana.page.getAttribute("[data-join-code]", "data-join-code");
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);

    await bo.page.goto(`${server.url}/?speed=${SPEED}`);
    await bo.page.click('[data-action="join-by-code"]');
    await bo.page.waitForSelector("#lobby-code");
    await bo.page.fill("#lobby-nickname", "Bo");
    await bo.page.fill("#lobby-code", code!);
    await bo.page.click('[data-action="lobby-go"]');
    await bo.page.waitForSelector('[data-screen="waiting-room"][data-parallel="true"]');
    await ana.page.waitForSelector('[data-player="Bo"]');
    await bo.page.waitForSelector('[data-player="Ana"]');
    expect(await bo.page.locator('[data-action="start-game"]').isHidden()).toBe(true);
    expect(await ana.page.locator(".waiting p.muted").first().textContent()).toContain("a game of their own");
    await screenshot(ana.page, "parallel-waiting-room");
    await shotAtSizes(ana.page, "parallel-waiting-room");

    await ana.page.click('[data-action="start-game"]');
    await Promise.all([ana.page.waitForSelector('[data-screen="play"]'), bo.page.waitForSelector('[data-screen="play"]')]);
    for (const p of [ana.page, bo.page]) expect(await p.locator(".node-id").textContent()).toBe("S");
    // The room beside each game: both players, with how far each is, live.
    await ana.page.waitForFunction(() => [...document.querySelectorAll("[data-parallel-strip] [data-progress]")].filter((e) => /score/.test(e.textContent ?? "")).length === 2, undefined, { timeout: 15_000 });
    await screenshot(ana.page, "parallel-play-strip");
    await shotAtSizes(ana.page, "parallel-play-strip");

    // Bo reloads: his page takes his own gauntlet back (its seat, held for him meanwhile).
    await bo.page.waitForTimeout(1500);
    await bo.page.reload();
    await bo.page.waitForSelector('[data-screen="play"]', { timeout: 20_000 });
    expect(await bo.page.locator(".node-id").textContent()).toBe("S");
    // ...with the room beside it again.
    await bo.page.waitForSelector('[data-parallel-strip] [data-player="Ana"]', { timeout: 10_000 });
    expect(await bo.page.locator('[data-parallel-strip] [data-player]').count()).toBe(2);

    const [a, b] = await Promise.all([waitForDebrief(ana.page, 90_000), waitForDebrief(bo.page, 90_000)]);
    expect(a.resultId).not.toBe(b.resultId);
    for (const p of [ana.page, bo.page]) {
      await p.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 60_000 });
      expect(await p.locator('[data-screen="debrief"]').getAttribute("data-hash-match")).toBe("true");
    }
    // Each result is its player's own game: two stored results, one seed, one board.
    const stored = await Promise.all([a, b].map((d) => server.store.getResult(d.resultId)));
    expect(stored.map((r) => r?.nickname)).toEqual(["Ana", "Bo"]);
    expect(stored[0]!.seed).toBe(stored[1]!.seed);
    expect(stored[0]!.board).toBe(stored[1]!.board);
    expect(stored[0]!.board).not.toBeNull();
    expect([...ana.problems.all(), ...bo.problems.all()]).toEqual([]);
    await ana.context.close();
    await bo.context.close();
  }, 240_000);
  it("hands the start to the next player when the creator leaves the waiting room, and tells their page", async () => {
    const ana = await newPage(browser.browser);
    const bo = await newPage(browser.browser);
    await ana.page.goto(`${server.url}/?speed=${SPEED}`);
    await ana.page.click(`[data-level-id="${LEVEL_ID}"]`);
    await ana.page.click('[data-action="create-team"]');
    await ana.page.fill("#lobby-nickname", "Ana");
    await ana.page.click('[data-action="lobby-go"]');
    await ana.page.waitForSelector('[data-screen="waiting-room"][data-parallel="true"]');
    const code = await ana.page.getAttribute("[data-join-code]", "data-join-code");
    await bo.page.goto(`${server.url}/?speed=${SPEED}`);
    await bo.page.click('[data-action="join-by-code"]');
    await bo.page.fill("#lobby-nickname", "Bo");
    await bo.page.fill("#lobby-code", code!);
    await bo.page.click('[data-action="lobby-go"]');
    await bo.page.waitForSelector('[data-player="Ana"]');
    expect(await bo.page.locator('[data-action="start-game"]').isHidden()).toBe(true);
    // Ana leaves for good: Bo's page now offers the start, and says why.
    await ana.page.click('[data-action="leave"]');
    await bo.page.locator('[data-action="start-game"]').waitFor({ state: "visible", timeout: 10_000 });
    expect(await bo.page.locator(".waiting p.muted[role=status]").textContent()).toContain("you start the games now");
    await bo.page.click('[data-action="start-game"]');
    await bo.page.waitForSelector('[data-screen="play"]', { timeout: 30_000 });
    expect([...ana.problems.pageErrors, ...bo.problems.pageErrors]).toEqual([]);
    await ana.context.close();
    await bo.context.close();
  }, 120_000);
});
