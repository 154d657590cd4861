// The debrief in a real browser against the real server: games are played headless here with
// shared/, stored like the game room stores them, then opened at /#debrief=<id>. The page
// replays them itself and must reach the stored hash bit for bit.
import { existsSync } from "node:fs";
import { newResultOf } from "../../server/store/result-of-game.js";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { computeVerdict } from "../../shared/checks/verdict.js";
import type { Level } from "../../shared/level/level.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import type { World } from "../../shared/sim/world-types.js";
import { loadLevel, playHonestSender, playRecklessSender } from "../unit/view/debrief-fixtures.js";
import { buildClient, chromiumStatus, launchBrowser, newPage, ROOT, screenshot, startTestServer, type TestBrowser, type TestServer } from "./harness.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const status = chromiumStatus();
if (!status.ok) console.warn(`Skipping browser tests: ${status.reason}`);

const SEED = 7;

async function store(server: TestServer, world: World, seat: string, nickname: string, hash = gameHash(world)): Promise<string> {
  const verdict = computeVerdict(world);
  const saved = await server.store.saveResult(newResultOf(world, verdict, hash, { mode: "solo", seatNode: seat, nickname, classCode: null }));
  return saved.id;
}

/** A seat handed to a human who leaves every chore to the autopilot (levels written by others). */
function autopilotGame(level: Level, seed: number): World {
  const seat = level.seats.nodes[0]!;
  return replay(level, TEST_CATALOG, seed, [{ tick: 0, node: seat, action: "$control", params: { controller: "human", autopilot: level.autopilot } }], "guided").world;
}

async function openDebrief(page: Page, server: TestServer, id: string): Promise<void> {
  // A fresh document each time (a hash-only change would be a same-page navigation).
  await page.goto("about:blank");
  await page.goto(`${server.url}/#debrief=${id}`);
  await page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 30_000 });
  // Two frames so the canvas has drawn the diagram at its final size.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const attr = (page: Page, selector: string, name: string): Promise<string | null> => page.locator(selector).getAttribute(name);

describe.skipIf(!status.ok)("debrief in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  const ids: Record<string, { id: string; hash: string }> = {};

  beforeAll(async () => {
    await buildClient();
    server = await startTestServer();
    const l00 = loadLevel("l00-hello-network");
    const honest = playHonestSender(l00, SEED);
    const reckless = playRecklessSender(l00, SEED);
    ids.honest = { id: await store(server, honest, "N1", "ada"), hash: gameHash(honest) };
    ids.reckless = { id: await store(server, reckless, "N1", "mallory"), hash: gameHash(reckless) };
    ids.tampered = { id: await store(server, honest, "N1", "eve", "deadbeefdeadbeef"), hash: "deadbeefdeadbeef" };
    for (const [nickname, seed] of [["grace", 3], ["linus", 11]] as const) await store(server, playHonestSender(l00, seed), "N1", nickname);
    for (const id of ["l08-reach-consensus", "l09-order-events-without-wall-clocks", "l12-survive-a-partition"]) {
      if (!existsSync(join(ROOT, "levels", `${id}.json`))) continue;
      const world = autopilotGame(loadLevel(id), SEED);
      ids[id] = { id: await store(server, world, world.level.seats.nodes[0]!, "ada"), hash: gameHash(world) };
    }
    // l01 with a service that keeps its email intents in RAM only: its crash at 2:10 loses some.
    const l01 = loadLevel("l01-the-welcome-email");
    const ramOnly = replay(l01, TEST_CATALOG, SEED, [{ tick: 0, node: "SVC", action: "$control", params: { controller: "bot", policy: "ram-only" } }]).world;
    ids.ramOnly = { id: await store(server, ramOnly, "SVC", "ada"), hash: gameHash(ramOnly) };
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("replays a stored game to the same hash, scrubs, and sets a knowledge horizon by keyboard", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await openDebrief(page, server, ids.honest!.id);
    const root = '[data-screen="debrief"]';
    expect(await attr(page, root, "data-replay-hash")).toBe(ids.honest!.hash);
    expect(await attr(page, root, "data-hash-match")).toBe("true");
    expect(await page.locator(".hash-ok").textContent()).toContain("Replay verified");
    expect(await page.locator("#debrief-title").textContent()).toBe("Hello, Network");
    await page.locator('[data-card="ghost"] table').waitFor({ timeout: 15_000 });
    await page.locator('[data-card="leaderboard"] .rank-line').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-card="goals"] .goal').count()).toBe(4);
    await screenshot(page, "debrief");
    // The real-world card: this game's numbers beside the book's (chapter 1 here).
    const realWorld = page.locator('[data-card="realworld"]');
    expect(await realWorld.textContent()).toMatch(/A message took \d+\.\d s on average/);
    expect(await realWorld.textContent()).toContain("network takes milliseconds");
    await realWorld.scrollIntoViewIfNeeded();
    await screenshot(page, "debrief-realworld");

    // The diagram has the focus: arrows scrub (time runs down), Tab picks a lane.
    const diagram = ".debrief-diagram";
    expect(await page.evaluate(() => document.activeElement?.classList.contains("debrief-diagram"))).toBe(true);
    await page.keyboard.press("Home");
    expect(await attr(page, diagram, "data-scrub-tick")).toBe("0");
    for (let k = 0; k < 8; k++) await page.keyboard.press("Shift+ArrowDown");
    expect(await attr(page, diagram, "data-scrub-tick")).toBe("400");
    await page.keyboard.press("ArrowUp");
    expect(await attr(page, diagram, "data-scrub-tick")).toBe("395");
    await page.keyboard.press("ArrowRight"); // next event on N1's lane
    expect(Number(await attr(page, diagram, "data-scrub-tick"))).toBeGreaterThanOrEqual(395);
    await page.keyboard.press("Tab"); // N1 -> N2
    expect(await page.locator(".scrub-readout").textContent()).toContain("lane N2");
    await page.keyboard.press("Shift+Tab"); // back to N1, the player's seat
    const tick = await attr(page, diagram, "data-scrub-tick");
    await page.keyboard.press("Enter");
    expect(await attr(page, diagram, "data-horizon")).toBe(`N1@${tick}`);
    const horizon = page.locator('[data-card="horizon"]');
    expect(await horizon.locator("h2").textContent()).toBe("You could not have known");
    expect(await horizon.textContent()).toMatch(/N1 could know \d+ of the \d+ events/);
    await page.waitForTimeout(100);
    await screenshot(page, "debrief-horizon");

    // Zoom in and out, clear the horizon, then Escape goes home.
    await page.keyboard.press("+");
    await page.keyboard.press("0");
    await page.keyboard.press("Delete");
    expect(await attr(page, diagram, "data-horizon")).toBeNull();
    await page.keyboard.press("Escape");
    await page.locator('[data-screen="home"]').waitFor({ timeout: 15_000 });
    expect(page.url()).not.toContain("#debrief");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 90_000);

  it("spotlights the incident of a Free-mode game with the events that prove it", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await openDebrief(page, server, ids.reckless!.id);
    expect(await attr(page, '[data-screen="debrief"]', "data-replay-hash")).toBe(ids.reckless!.hash);
    const incident = page.locator('[data-card="incident"]');
    expect(await incident.locator("h2").textContent()).toBe("An OK means it happened");
    expect(await incident.textContent()).toContain("A send is not a delivery");
    expect(await incident.locator(".evidence-item").count()).toBe(2);
    expect(await page.locator(".debrief-stars").textContent()).toContain("0 of 3 stars");
    await page.locator('[data-card="ghost"] table').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-card="ghost"] .ghost-summary').textContent()).toContain("the incident was a choice");
    // The ghost's own messages on the player's lane, overlaid on the diagram and taken off again.
    const overlay = page.locator('[data-action="ghost-overlay"]');
    await overlay.click();
    expect(await overlay.getAttribute("aria-pressed")).toBe("true");
    expect(Number(await attr(page, ".debrief-diagram", "data-ghost-arrows"))).toBeGreaterThan(0);
    await page.waitForTimeout(100);
    await screenshot(page, "debrief-ghost");
    await overlay.click();
    expect(await attr(page, ".debrief-diagram", "data-ghost-arrows")).toBeNull();
    await page.keyboard.press("i");
    expect(Number(await attr(page, ".debrief-diagram", "data-scrub-tick"))).toBe(20);
    await page.waitForTimeout(100);
    await screenshot(page, "debrief-incident");
    // Clicking on the player's lane sets a horizon there too.
    const box = (await page.locator(".debrief-diagram").boundingBox())!;
    await page.mouse.click(box.x + 58 + (box.width - 68) / 4, box.y + box.height * 0.55);
    expect(await attr(page, ".debrief-diagram", "data-horizon")).toMatch(/^N1@\d+$/);
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 90_000);

  it("warns clearly when the replay does not reach the stored hash", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await openDebrief(page, server, ids.tampered!.id);
    expect(await attr(page, '[data-screen="debrief"]', "data-hash-match")).toBe("false");
    const warning = page.locator('[data-card="hash-warning"]');
    expect(await warning.getAttribute("role")).toBe("alert");
    expect(await warning.locator(".bug-report").textContent()).toContain("server hash  deadbeefdeadbeef");
    await screenshot(page, "debrief-hash-mismatch");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 60_000);

  it("opens from the split-brain:debrief event and explains a missing result", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await page.goto(server.url);
    await page.locator('[data-screen="home"]').waitFor({ timeout: 15_000 });
    await page.evaluate((resultId) => window.dispatchEvent(new CustomEvent("split-brain:debrief", { detail: { resultId } })), ids.honest!.id);
    await page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`#debrief=${ids.honest!.id}`);
    await page.evaluate(() => window.dispatchEvent(new CustomEvent("split-brain:debrief", { detail: { resultId: "AAAAAAAAAAAAAAAA" } })));
    await page.locator('[data-screen="debrief"][data-state="error"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-screen="debrief"] [role="alert"]').textContent()).toContain("not on this server");
    // The 404 itself is logged by the browser as a failed resource load; nothing else may be.
    expect(problems.all().filter((p) => !p.includes("404"))).toEqual([]);
    await context.close();
  }, 60_000);

  it("shows a protocol's own marks: l01 shades when committed users' emails lived only in RAM", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await openDebrief(page, server, ids.ramOnly!.id);
    const marked = page.locator('[data-card="protocol"]');
    expect(await marked.locator("h2").textContent()).toBe("Marked on your game");
    expect(await marked.textContent()).toContain("Committed users with no durable email intent");
    expect(await marked.textContent()).toMatch(/SVC crashed at 2:10.*never got one/);
    // A card's "show" button moves the time cursor to its moment (the crash at 2:10).
    await marked.getByRole("button", { name: "Show 2:10" }).click();
    expect(await attr(page, ".debrief-diagram", "data-scrub-tick")).toBe("1300");
    await page.waitForTimeout(100);
    await screenshot(page, "debrief-l01-marks");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 60_000);

  it("draws the levels written for the workshop (l08, l09, l12) when they exist", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    for (const level of ["l08-reach-consensus", "l09-order-events-without-wall-clocks", "l12-survive-a-partition"]) {
      const entry = ids[level];
      if (!entry) continue;
      await openDebrief(page, server, entry.id);
      expect(await attr(page, '[data-screen="debrief"]', "data-replay-hash")).toBe(entry.hash);
      await page.locator('[data-card="ghost"] table').waitFor({ timeout: 30_000 });
      await screenshot(page, `debrief-${level.slice(0, 3)}`);
    }
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 120_000);
});
