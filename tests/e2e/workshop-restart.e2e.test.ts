// A server killed (SIGKILL) and restarted mid-workshop, seen from Chromium: a facilitator's
// console, the projector and two students in their teams' games. A new server process on the
// same port and SQLite file restores the games and the workshop; every page comes back on its
// own: the console with its teams and students, the projector on team 1's live game, each
// student in their own seat with the clock going on. The console then still pauses everyone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient, chromiumStatus, DIST_DIR, launchBrowser, newPage, screenshot, timeLeftSeconds, type TestBrowser } from "./harness.js";
import { startServerChild, type ServerChild } from "../server/server-child.js";
import { SAVE_IDLE_EVERY_TICKS } from "../../server/rooms/live-game-saver.js";

const LEVEL_ID = "l00-hello-network";
const status = chromiumStatus();

describe.skipIf(!status.ok)("a server killed mid-workshop, in Chromium", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "split-brain-ws-restart-e2e-"));
  const env = { SQLITE_PATH: join(dataDir, "store.sqlite"), STATIC_DIR: DIST_DIR };
  let server: ServerChild | null = null;
  let browser: TestBrowser;

  beforeAll(async () => {
    await buildClient();
    server = await startServerChild(env);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("brings the console, the projector and two students back to where they were", async () => {
    const first = server!;
    // ---- a workshop of two teams of one: Ana and Ben each in their team's game ----
    const host = await newPage(browser.browser);
    await host.page.goto(`${first.url}/`);
    await host.page.click('[data-action="workshop"]');
    await host.page.waitForSelector('[data-screen="workshop-doors"]');
    await host.page.selectOption("#ws-level", LEVEL_ID);
    await host.page.fill("#ws-team-size", "1");
    await host.page.click('[data-action="workshop-run"]');
    await host.page.waitForSelector('[data-screen="workshop-console"]');
    const joinLink = (await host.page.getAttribute('[data-link="join"]', "href"))!;
    const projectorLink = (await host.page.getAttribute('[data-link="projector"]', "href"))!;
    const projector = await newPage(browser.browser);
    await projector.page.goto(projectorLink);
    await projector.page.waitForSelector('[data-screen="workshop-projector"]');
    const students = [];
    for (const name of ["Ana", "Ben"]) {
      const student = await newPage(browser.browser);
      await student.page.goto(joinLink);
      await student.page.fill("#ws-nickname", name);
      await student.page.click('[data-action="workshop-join"]');
      await student.page.waitForSelector('[data-screen="workshop-wait"]');
      students.push(student);
    }
    await host.page.waitForFunction(() => document.querySelectorAll(".workshop-students tbody tr").length === 2);
    await host.page.click('[data-action="start-workshop"]');
    await Promise.all(students.map((s) => s.page.waitForSelector('[data-screen="play"]', { timeout: 30_000 })));
    await projector.page.waitForSelector('[data-screen="play"]', { timeout: 20_000 });
    await host.page.waitForFunction(() => document.querySelectorAll(".workshop-team-card").length === 2);
    const seats = await Promise.all(students.map((s) => s.page.locator(".node-id").textContent()));
    // Seven game-seconds in: a game nobody acts in is written every 5 game-seconds (LiveGameSaver).
    await students[0]!.page.waitForFunction(() => /^1:2[0-3]$/.test(document.querySelector("#hud-time")?.textContent ?? ""), null, { timeout: 30_000 });
    const leftBefore = await timeLeftSeconds(students[0]!.page);

    // ---- kill -9, and a new process on the same port and store ----
    const port = first.port;
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    server = null;
    await host.page.waitForSelector('[data-banner="workshop-reconnecting"]:not([hidden])', { timeout: 15_000 });
    await students[0]!.page.waitForSelector(".banner-connection:not([hidden])", { timeout: 15_000 });
    // The projector's team game drops too (its watch key dies with the room: it is re-opened).
    await projector.page.waitForSelector(".banner-connection:not([hidden])", { timeout: 15_000 });
    server = await startServerChild({ ...env, PORT: String(port) });

    // ---- everyone back where they were ----
    await host.page.waitForSelector('[data-banner="workshop-reconnecting"]', { state: "hidden", timeout: 60_000 });
    await host.page.waitForFunction(() => document.querySelectorAll(".workshop-team-card").length === 2 && document.querySelectorAll(".workshop-students tbody tr").length === 2);
    for (const [i, student] of students.entries()) {
      await student.page.waitForSelector(".banner-connection", { state: "hidden", timeout: 60_000 });
      expect(await student.page.locator('[data-screen="play"]').count()).toBe(1);
      expect(await student.page.locator(".node-id").textContent()).toBe(seats[i]);
    }
    const leftAfter = await timeLeftSeconds(students[0]!.page);
    // The clock went on from the stored moment (at most 5 game-seconds back), not from 1:30.
    expect(leftAfter).toBeLessThanOrEqual(leftBefore + SAVE_IDLE_EVERY_TICKS / 10);
    expect(leftAfter).toBeLessThanOrEqual(85);
    await projector.page.waitForSelector('[data-banner="workshop-reconnecting"]', { state: "hidden", timeout: 60_000 });
    // Its team's restored game on the big screen, connected (the old one's banner gone with it).
    await projector.page.waitForFunction(
      () => document.querySelector('[data-screen="play"]') !== null && [...document.querySelectorAll<HTMLElement>(".banner-connection")].every((b) => b.hidden),
      null,
      { timeout: 30_000 },
    );
    // Live: its clock moves on.
    const shown = await projector.page.locator("#hud-time").textContent();
    await projector.page.waitForFunction((before) => document.querySelector("#hud-time")?.textContent !== before, shown, { timeout: 10_000 });
    await screenshot(host.page, "workshop-restart-console");
    await screenshot(projector.page, "workshop-restart-projector");

    // The console still runs the restored teams.
    await host.page.click('[data-action="pause-all"]');
    await Promise.all(students.map((s) => s.page.waitForFunction(() => document.querySelector(".hud-phase")?.textContent === "Paused by the facilitator", null, { timeout: 15_000 })));
    // While the server was down the pages logged refused connections; nothing else went wrong.
    for (const page of [host, projector, ...students]) {
      expect(page.problems.all().filter((p) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource|net::ERR|4212|No open game/i.test(p))).toEqual([]);
    }
  }, 240_000);
});
