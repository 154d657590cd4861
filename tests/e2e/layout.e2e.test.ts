// Every screen of every level fits the screens a class brings: a 1280x720 laptop and a 1024x768
// projector without horizontal scrolling (Home, Briefing, the lobby form and the waiting room,
// Play as a player, as the facilitator and as a spectator, the debrief), and the play screen
// and the debrief also fit a phone held sideways (844x390) and upright (390x844) with their
// controls on screen.
// Screenshots of each go to test-artifacts/screenshots/layout-*.png for a human to look at.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { newResultOf } from "../../server/store/result-of-game.js";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import { TEST_CATALOG } from "../support/test-catalog.js";
import { loadLevel } from "../unit/view/debrief-fixtures.js";
import { chromiumStatus, newPage, ROOT, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";

const status = chromiumStatus();
const LEVEL_IDS = readdirSync(join(ROOT, "levels"))
  .filter((f) => /^l\d\d-.*\.json$/.test(f))
  .map((f) => f.replace(/\.json$/, ""))
  .sort();

const DESKTOPS = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
] as const;
const PHONES = [
  { width: 844, height: 390 },
  { width: 390, height: 844 },
] as const;

interface Fit {
  scrollWidth: number;
  innerWidth: number;
  /** Visible controls (buttons, links, inputs, summaries) that stick out of the window left or right, or a first heading out of reach above it. */
  offscreen: string[];
}

/** How the page fits the window: horizontal scroll, and controls a player could not reach. */
async function measure(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const offscreen: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("button, a[href], input, select, summary, [data-action]")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
      // A control inside a box that scrolls sideways on purpose is reachable by scrolling it.
      let scroller: HTMLElement | null = el.parentElement;
      while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      if (scroller && scroller !== document.documentElement && scroller !== document.body) continue;
      if (r.left < -1 || r.right > window.innerWidth + 1) offscreen.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? "").trim().slice(0, 30)}" [${Math.round(r.left)}..${Math.round(r.right)}]`);
    }
    // Centred content taller than its scroll box spills over the top, where no scrolling reaches.
    const heading = document.querySelector<HTMLElement>("#ui h1, #ui h2");
    if (heading && heading.getBoundingClientRect().bottom < 0) offscreen.push(`heading "${(heading.textContent ?? "").slice(0, 30)}" above the window, out of reach`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, offscreen };
  });
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(250);
}

/** Checks the screen at each size and photographs it; returns the problems found, for one report. */
async function checkSizes(page: Page, name: string, sizes: readonly { width: number; height: number }[]): Promise<string[]> {
  const problems: string[] = [];
  for (const size of sizes) {
    await page.setViewportSize(size);
    await settle(page);
    const fit = await measure(page);
    if (fit.scrollWidth > fit.innerWidth) problems.push(`${name} ${size.width}x${size.height}: scrollWidth ${fit.scrollWidth} > ${fit.innerWidth}`);
    for (const o of fit.offscreen) problems.push(`${name} ${size.width}x${size.height}: off screen ${o}`);
    await screenshot(page, `layout-${name}-${size.width}x${size.height}`);
  }
  await page.setViewportSize(DESKTOPS[0]);
  return problems;
}

/** On a phone the play screen keeps its essentials on screen: the map, the inbox, the actions, Leave. */
async function phoneEssentials(page: Page, name: string): Promise<string[]> {
  const problems: string[] = [];
  for (const size of PHONES) {
    await page.setViewportSize(size);
    await settle(page);
    const missing = await page.evaluate(() => {
      const out: string[] = [];
      for (const selector of ['[data-action="leave"]', ".play-map-slot", ".play-inbox", ".play-controls"]) {
        const el = document.querySelector<HTMLElement>(selector);
        const r = el?.getBoundingClientRect();
        if (!el || !r || r.width < 24 || r.height < 24) out.push(`${selector} not shown (${r ? `${Math.round(r.width)}x${Math.round(r.height)}` : "absent"})`);
        else if (r.left < -1 || r.right > window.innerWidth + 1 || r.top < -1 || r.bottom > window.innerHeight + 1) out.push(`${selector} sticks out [${Math.round(r.left)}..${Math.round(r.right)}]`);
      }
      return out;
    });
    for (const m of missing) problems.push(`${name} ${size.width}x${size.height}: ${m}`);
  }
  await page.setViewportSize(DESKTOPS[0]);
  return problems;
}

async function storeDebrief(server: TestServer, levelId: string): Promise<string> {
  const level = loadLevel(levelId);
  const seat = level.seats.nodes[0]!;
  const world = replay(level, TEST_CATALOG, 7, [{ tick: 0, node: seat, action: "$control", params: { controller: "human", autopilot: level.autopilot } }], "guided").world;
  const saved = await server.store.saveResult(newResultOf(world, computeVerdict(world), gameHash(world), { mode: "solo", seatNode: seat, nickname: "ada", classCode: null }));
  return saved.id;
}

describe.skipIf(!status.ok)("every screen fits laptops, projectors and phones", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("Home fits", async () => {
    const { context, page } = await newPage(browser.browser);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-screen="home"]');
    expect(await checkSizes(page, "home", [...DESKTOPS, ...PHONES])).toEqual([]);
    await context.close();
  });

  for (const levelId of LEVEL_IDS) {
    const short = levelId.slice(0, 3);
    it(`${short}: briefing, lobby, waiting room, play (player, facilitator, spectator) and debrief fit`, async () => {
      const problems: string[] = [];
      const pages: { context: { close(): Promise<void> } }[] = [];
      // A level with one seat has no team room (the briefing offers none): only the solo screens and the debrief.
      if (loadLevel(levelId).seats.max > 1) {
        // The facilitator creates a team room from the briefing.
        const host = await newPage(browser.browser);
        await host.page.goto(`${server.url}/`);
        await host.page.click(`[data-level-id="${levelId}"]`);
        await host.page.waitForSelector("#briefing-title");
        problems.push(...(await checkSizes(host.page, `${short}-briefing`, DESKTOPS)));
        await host.page.click('[data-action="create-team"]');
        await host.page.waitForSelector("#lobby-nickname");
        await host.page.fill("#lobby-nickname", "Margaret Hamilton-Wright");
        problems.push(...(await checkSizes(host.page, `${short}-lobby`, DESKTOPS)));
        await host.page.click('[data-action="lobby-go"]');
        await host.page.waitForSelector("[data-join-code]");
        // A projector watches with the facilitator's projector code (the join code alone does not open the god's view).
        const code = (await host.page.getAttribute("[data-projector-code]", "data-projector-code"))!;

        // A projector watches by code.
        const watcher = await newPage(browser.browser);
        await watcher.page.goto(`${server.url}/`);
        await watcher.page.click('[data-action="join-by-code"]');
        await watcher.page.waitForSelector("#lobby-code");
        await watcher.page.check("#intent-spectate");
        await watcher.page.fill("#lobby-code", code);
        await watcher.page.click('[data-action="lobby-go"]');
        await host.page.waitForTimeout(500);
        problems.push(...(await checkSizes(host.page, `${short}-waiting`, DESKTOPS)));

        await host.page.click('[data-action="start-game"]');
        await host.page.waitForSelector('[data-screen="play"]');
        await watcher.page.waitForSelector('[data-screen="play"]');
        await host.page.waitForTimeout(2500);
        problems.push(...(await checkSizes(host.page, `${short}-play-facilitator`, DESKTOPS)));
        await host.page.click('[data-action="fault-menu"]');
        problems.push(...(await checkSizes(host.page, `${short}-play-facilitator-faults`, DESKTOPS)));
        problems.push(...(await checkSizes(watcher.page, `${short}-play-spectator`, DESKTOPS)));
        // The god's view is what a projector shows: the map gets the screen's height.
        const slot = await watcher.page.evaluate(() => document.querySelector(".play-map-slot")!.getBoundingClientRect().bottom / window.innerHeight);
        if (slot < 0.75) problems.push(`${short}-play-spectator: the map stops at ${Math.round(slot * 100)}% of the window's height`);
        pages.push(host, watcher);
      }

      // A student plays solo.
      const player = await newPage(browser.browser);
      await player.page.goto(`${server.url}/`);
      await player.page.click(`[data-level-id="${levelId}"]`);
      if (pages.length === 0) {
        await player.page.waitForSelector("#briefing-title");
        problems.push(...(await checkSizes(player.page, `${short}-briefing`, DESKTOPS)));
      }
      await player.page.click('[data-action="play-solo"]');
      await player.page.waitForSelector("#lobby-nickname");
      await player.page.fill("#lobby-nickname", "Student");
      await player.page.keyboard.press("Enter");
      await player.page.waitForSelector('[data-screen="play"]');
      await player.page.waitForTimeout(2500);
      problems.push(...(await checkSizes(player.page, `${short}-play-player`, [...DESKTOPS, ...PHONES])));
      problems.push(...(await phoneEssentials(player.page, `${short}-play-player`)));

      // The debrief of a stored game of this level.
      const id = await storeDebrief(server, levelId);
      await player.page.goto("about:blank");
      await player.page.goto(`${server.url}/#debrief=${id}`);
      await player.page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 30_000 });
      // A student looks at their debrief on the phone they played on.
      problems.push(...(await checkSizes(player.page, `${short}-debrief`, [...DESKTOPS, ...PHONES])));

      for (const p of [...pages, player]) await p.context.close();
      expect(problems).toEqual([]);
    }, 180_000);
  }
});
