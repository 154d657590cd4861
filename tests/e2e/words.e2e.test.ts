// Words a player reads, not a developer: a solo game shows no join code, a client request says
// what it asks for ("append \"set x=3\""), the debrief's error counts agree between the strip
// and the ghost table, a follower's redirect is not one of them, "passed" says what it means, and
// the leaderboard's rank fits its count.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { newResultOf } from "../../server/store/result-of-game.js";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import type { World } from "../../shared/sim/world-types.js";
import { loadLevel, playHonestSender } from "../unit/view/debrief-fixtures.js";
import { TEST_CATALOG } from "../support/test-catalog.js";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";

const status = chromiumStatus();

async function store(server: TestServer, world: World, nickname: string): Promise<string> {
  const saved = await server.store.saveResult(newResultOf(world, computeVerdict(world), gameHash(world), { mode: "solo", seatNode: "N1", nickname, classCode: null }));
  return saved.id;
}

async function openDebrief(page: Page, server: TestServer, id: string): Promise<void> {
  await page.goto("about:blank");
  await page.goto(`${server.url}/#debrief=${id}`);
  await page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 30_000 });
}

describe.skipIf(!status.ok)("player words in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("a solo game shows no join code, and requests read as what they ask for", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await page.goto(`${server.url}/?speed=4`);
    await page.click('[data-level-id="l08-reach-consensus"]');
    await page.click('[data-action="play-solo"]');
    await page.waitForSelector("#lobby-nickname");
    await page.fill("#lobby-nickname", "Ada");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-screen="play"]');
    expect(await page.locator(".hud-join").count()).toBe(0);
    // The client sends requests to every node: one reaches N1 within a few game-seconds.
    await page.waitForSelector(".request-payload", { timeout: 20_000 });
    const row = (await page.locator(".request-payload").first().textContent()) ?? "";
    expect(row).toMatch(/^append "set x=\d+"$/);
    const card = (await page.locator(".card-request-words").first().textContent()) ?? "";
    expect(card).toMatch(/^append "set x=\d+"$/);
    await screenshot(page, "words-request");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 60_000);

  it("the debrief's error counts agree, 'passed' is explained, and the rank fits the count", async () => {
    const level = loadLevel("l00-hello-network");
    const honest = playHonestSender(level, 7);
    // The same honest game with one action the rules refuse (confirming a note never sent).
    const refused = replay(level, TEST_CATALOG, 7, [...honest.inputs, { tick: 30, node: "N1", action: "confirm", params: { seq: 999 } }].sort((a, b) => a.tick - b.tick), "guided").world;
    expect(refused.trace.some((e) => e.kind === "action" && !e.ok)).toBe(true);
    await store(server, playHonestSender(level, 3), "grace");
    await store(server, honest, "ada");
    const id = await store(server, refused, "ada");

    const { context, page, problems } = await newPage(browser.browser);
    await openDebrief(page, server, id);
    const strip = await page.locator('[data-metric="errors"] .metric-value').textContent();
    await page.locator('[data-row="errors"]').waitFor({ timeout: 20_000 });
    const ghostYou = await page.locator('[data-row="errors"] td').first().textContent();
    expect(strip).toBe(ghostYou);
    expect(await page.locator('[data-metric="refused"] .metric-value').textContent()).toBe("1");
    expect(await page.locator(".debrief-score .tag").textContent()).toContain("no safety rule broken");
    await page.locator('[data-card="leaderboard"] .rank-line').first().waitFor({ timeout: 15_000 });
    const rank = (await page.locator('[data-card="leaderboard"]').textContent()) ?? "";
    const place = /would place #(\d+) of (\d+)/.exec(rank);
    expect(place).not.toBeNull();
    expect(Number(place![1])).toBeLessThanOrEqual(Number(place![2]));
    await screenshot(page, "words-debrief");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 90_000);

  it("a follower's redirect is shown as a redirect, not an error, in the strip and the ghost table", async () => {
    // Correct Raft bots: most commands reach a node that does not lead, which points the client on.
    const world = replay(loadLevel("l08-reach-consensus"), TEST_CATALOG, 1, [], "free").world;
    const verdict = computeVerdict(world);
    expect(verdict.metrics.redirects).toBeGreaterThan(10);
    const id = await store(server, world, "ada");

    const { context, page, problems } = await newPage(browser.browser);
    await openDebrief(page, server, id);
    expect(await page.locator('[data-metric="errors"] .metric-value').textContent()).toBe(String(verdict.metrics.errors));
    expect(await page.locator('[data-metric="redirects"] .metric-value').textContent()).toBe(String(verdict.metrics.redirects));
    await page.locator('[data-row="redirects"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-row="errors"] td').first().textContent()).toBe(String(verdict.metrics.errors));
    expect(await page.locator('[data-row="redirects"] td').first().textContent()).toBe(String(verdict.metrics.redirects));
    await screenshot(page, "words-debrief-redirects");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 120_000);
});
