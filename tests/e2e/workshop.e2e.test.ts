// A two-team workshop in Chromium, one browser context per person: a facilitator runs it from
// the console (no seat), a projector shows the join screen and then team 1's god's view with the
// leaderboard, nine students join by code (one with a suggested name), one reloads her waiting
// page and is still herself, one is kicked, the eight left are put in two teams of four and land
// in their team's game on their own; the facilitator pauses everyone, throws a split at team 1
// (the projector draws it), ends everyone; the projector shows team 1's debrief, the console the
// report, and the CSV downloads.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";

const LEVEL_ID = "l08-reach-consensus";
const status = chromiumStatus();

async function noHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe.skipIf(!status.ok)("workshop in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("facilitator, projector and eight students (nine join, one is kicked) run a two-team workshop end to end", async () => {
    const t0 = Date.now();
    const step = (what: string) => console.log(`[workshop e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s: ${what}`);
    // ---- the facilitator creates it from the home screen ----
    const host = await newPage(browser.browser);
    host.page.on("dialog", (dialog) => void dialog.accept());
    await host.page.goto(`${server.url}/?speed=3`);
    await host.page.click('[data-action="workshop"]');
    await host.page.waitForSelector('[data-screen="workshop-doors"]');
    await host.page.selectOption("#ws-level", LEVEL_ID);
    await host.page.fill("#ws-team-size", "4");
    await host.page.click('[data-action="workshop-run"]');
    await host.page.waitForSelector('[data-screen="workshop-console"]');
    const code = (await host.page.getAttribute("[data-workshop-code]", "data-workshop-code"))!;
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    expect(await host.page.locator(".workshop-share svg.qr-code path").count()).toBe(1);
    const joinLink = (await host.page.getAttribute('[data-link="join"]', "href"))!;
    const projectorLink = (await host.page.getAttribute('[data-link="projector"]', "href"))!;
    const consoleLink = (await host.page.getAttribute('[data-link="console"]', "href"))!;
    expect(joinLink).toContain(`#workshop-join=${code}`);
    expect(consoleLink).toMatch(/#workshop-console=[A-Z0-9]{6}\.[A-Za-z0-9_-]{22}$/);

    step('the projector: the big join screen');
    // ---- the projector: the big join screen ----
    const projector = await newPage(browser.browser);
    await projector.page.goto(projectorLink);
    await projector.page.waitForSelector('[data-screen="workshop-projector"]');
    expect(await projector.page.locator("[data-workshop-code]").innerText()).toBe(code);

    step('nine students join');
    // ---- nine students join by code (the QR's link), one with a suggested nickname ----
    const names = ["Ana", "Ben", "Cleo", "", "Dev", "Fay", "Gus", "Hal", "Eve"];
    const students = [];
    for (const name of names) {
      const student = await newPage(browser.browser);
      await student.page.goto(joinLink);
      await student.page.waitForSelector("#ws-nickname");
      expect(await student.page.inputValue("#ws-code")).toBe(code);
      if (students.length === 0) {
        // The doors on a phone: nothing wider than the screen.
        await student.page.setViewportSize({ width: 390, height: 844 });
        await student.page.waitForTimeout(400); // the screen's 220 ms fade-in
        await screenshot(student.page, "workshop-doors-phone");
        expect(await noHorizontalScroll(student.page)).toBe(true);
      }
      if (name === "Cleo") {
        // By keyboard only: type the name, Enter submits.
        await student.page.focus("#ws-nickname");
        await student.page.keyboard.press("ControlOrMeta+a");
        await student.page.keyboard.type(name);
        await student.page.keyboard.press("Enter");
      } else {
        if (name) await student.page.fill("#ws-nickname", name);
        else await student.page.click('[data-action="suggest-nickname"]');
        await student.page.click('[data-action="workshop-join"]');
      }
      await student.page.waitForSelector('[data-screen="workshop-wait"]');
      students.push(student);
    }
    await host.page.waitForFunction(() => document.querySelectorAll(".workshop-students tbody tr").length === 9);
    await projector.page.waitForFunction(() => document.querySelector(".workshop-count")?.textContent === "9 students in.");
    await screenshot(host.page, "workshop-console-lobby");
    await screenshot(projector.page, "workshop-projector-join");
    expect(await noHorizontalScroll(host.page)).toBe(true);

    step('a phone');
    // A phone: the student's waiting screen at 390x844.
    await students[1]!.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(students[1]!.page, "workshop-student-wait-phone");
    expect(await noHorizontalScroll(students[1]!.page)).toBe(true);

    step('a reload in the lobby');
    // ---- Cleo reloads her waiting page: back as Cleo, not at the doors, still nine students ----
    await students[2]!.page.reload();
    await students[2]!.page.waitForSelector('[data-screen="workshop-wait"]', { timeout: 20_000 });
    expect(await students[2]!.page.locator("#ws-wait-title").textContent()).toBe("Hello, Cleo");
    await host.page.waitForFunction(() => document.querySelectorAll(".workshop-students tbody tr").length === 9);

    step('a kick');
    // ---- a kick: Eve is removed and told so ----
    await host.page.click('tr[data-student="Eve"] button');
    await students[8]!.page.waitForFunction(() => document.querySelector(".workshop-status")?.textContent?.includes("removed you"));
    await host.page.waitForFunction(() => document.querySelectorAll(".workshop-students tbody tr").length === 8);
    await students[8]!.context.close();

    step('the start');
    // ---- the start: two teams of four, each student's page goes into their team's game ----
    await host.page.click('[data-action="start-workshop"]');
    const playing = students.slice(0, 8);
    const screens = () => Promise.all(playing.map((s) => s.page.evaluate(() => [...document.querySelectorAll("[data-screen]")].map((e) => (e as HTMLElement).dataset.screen).join("+"))));
    await Promise.all(playing.map((s) => s.page.waitForSelector('[data-screen="play"]', { timeout: 60_000 }))).catch(async (error: unknown) => {
      throw new Error(`not every student is playing: ${JSON.stringify(await screens())} (${String(error)})`);
    });
    await host.page.waitForFunction(() => document.querySelectorAll(".workshop-team-card").length === 2);
    step('the projector follows team 1');
    // The projector follows team 1: its god's view, and the leaderboard.
    await projector.page.waitForSelector('[data-screen="play"]', { timeout: 20_000 });
    await projector.page.waitForSelector("[data-workshop-board] li");
    expect(await projector.page.locator("[data-workshop-board] li").count()).toBe(2);
    // Nobody's seat is run by a bot where a student sits; the empty seats are.
    await host.page.waitForFunction(() => [...document.querySelectorAll(".workshop-team-card")].every((c) => c.querySelectorAll(".chip-bot").length === 1));

    step('pause everyone');
    // ---- pause everyone, then resume ----
    await host.page.click('[data-action="pause-all"]');
    await Promise.all(playing.map((s) => s.page.waitForFunction(() => document.querySelector(".hud-phase")?.textContent === "Paused by the facilitator")));
    await host.page.click('[data-action="resume-all"]');
    await Promise.all(playing.map((s) => s.page.waitForFunction(() => document.querySelector(".hud-phase")?.textContent === "")));

    step('a split thrown');
    // ---- a split thrown at team 1 only: the projector (showing team 1) draws the cut links ----
    await host.page.selectOption("#ws-fault", "split");
    await host.page.selectOption("#ws-fault-target", "0");
    await host.page.click('[data-action="throw-fault"]');
    await projector.page.waitForFunction(() => document.querySelectorAll(".fault-link.fault-cut").length > 0, undefined, { timeout: 10_000 });
    await host.page.waitForFunction(() => document.querySelector(".workshop-status")?.textContent?.includes("team 1"));
    await projector.page.waitForTimeout(500);
    await screenshot(projector.page, "workshop-projector-team");
    await screenshot(host.page, "workshop-console-running");
    await host.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(host.page, "workshop-console-phone");
    expect(await noHorizontalScroll(host.page)).toBe(true);
    await host.page.setViewportSize({ width: 1280, height: 720 });

    step('the end for everyone');
    // ---- the end for everyone: students get their debriefs, the projector team 1's ----
    await host.page.click('[data-action="end-all"]');
    await Promise.all(playing.map((s) => s.page.waitForSelector('[data-screen="debrief"]', { timeout: 30_000 })));
    await projector.page.waitForSelector('[data-screen="debrief"]', { timeout: 30_000 });
    await projector.page.waitForSelector('[data-screen="debrief"][data-state="ready"]', { timeout: 30_000 });
    await screenshot(projector.page, "workshop-projector-debrief");
    // The facilitator steps the room through team 1's debrief from the console: the projector
    // moves to the next moment (the split thrown at 1 is one) and says which of how many.
    await host.page.click('[data-action="debrief-next"]');
    const caption = projector.page.locator('.step-caption[data-step="1"]');
    await caption.waitFor({ timeout: 10_000 });
    expect(await caption.textContent()).toMatch(/^Moment 2 of \d+: /);
    await screenshot(projector.page, "workshop-projector-debrief-step");
    await host.page.click('[data-action="debrief-whole"]');
    await projector.page.locator('.step-caption[data-step="0"]').waitFor({ timeout: 10_000 });

    step('the report');
    // ---- the report: on the console, and as CSV ----
    await host.page.waitForSelector('[data-link="report-csv"]', { timeout: 15_000 });
    await screenshot(host.page, "workshop-console-report");
    const csvHref = (await host.page.getAttribute('[data-link="report-csv"]', "href"))!;
    const csv = await host.page.request.get(`${server.url}${csvHref}`);
    expect(csv.status()).toBe(200);
    const rows = (await csv.text()).split("\r\n").filter((line) => line.includes(code));
    expect(rows).toHaveLength(8);
    for (const name of ["Ana", "Ben", "Cleo", "Dev", "Fay", "Gus", "Hal"]) expect(rows.some((r) => r.includes(`,${name},`))).toBe(true);
    expect(rows.some((r) => r.includes(",Eve,"))).toBe(false);

    expect(host.problems.pageErrors).toEqual([]);
    expect(projector.problems.pageErrors).toEqual([]);
    for (const s of students) expect(s.problems.pageErrors).toEqual([]);
    for (const s of [host, projector, ...playing]) await s.context.close();
  }, 300_000);

  it("a facilitator runs a team room without a seat; the projector follows it and then shows the room's debrief", async () => {
    const host = await newPage(browser.browser);
    await host.page.goto(`${server.url}/?speed=4`);
    await host.page.click('[data-action="create-team"]');
    await host.page.waitForSelector("#intent-facilitate");
    await host.page.check("#intent-facilitate");
    // No nickname asked: the facilitator takes no seat.
    expect(await host.page.locator("#lobby-nickname").isVisible()).toBe(false);
    await host.page.selectOption("#lobby-level", "l00-hello-network");
    await host.page.click('[data-action="lobby-go"]');
    await host.page.waitForSelector('[data-screen="waiting-room"]');
    const code = (await host.page.getAttribute("[data-join-code]", "data-join-code"))!;
    const projectorCode = (await host.page.getAttribute("[data-projector-code]", "data-projector-code"))!;
    // Both seats are open: the facilitator is nobody's node.
    expect(await host.page.locator(".seats tbody tr", { hasText: "bot (open seat)" }).count()).toBe(2);

    const player = await newPage(browser.browser);
    await player.page.goto(`${server.url}/?speed=4`);
    await player.page.click('[data-action="join-by-code"]');
    await player.page.fill("#lobby-nickname", "Noor");
    await player.page.fill("#lobby-code", code);
    await player.page.click('[data-action="lobby-go"]');
    await player.page.waitForSelector('[data-screen="waiting-room"]');

    const projector = await newPage(browser.browser);
    await projector.page.goto(`${server.url}/`);
    await projector.page.click('[data-action="join-by-code"]');
    await projector.page.check("#intent-spectate");
    await projector.page.fill("#lobby-code", projectorCode);
    await projector.page.click('[data-action="lobby-go"]');
    await projector.page.waitForSelector('[data-screen="waiting-room"]');

    await host.page.waitForSelector('[data-action="start-game"]:not([hidden])');
    await host.page.click('[data-action="start-game"]');
    await Promise.all([host, player, projector].map((p) => p.page.waitForSelector('[data-screen="play"]')));
    // The seatless facilitator keeps the fault menu and the pause.
    await host.page.waitForSelector('.fault-menu:not([hidden])');
    await host.page.click('[data-action="pause"]');
    await player.page.waitForFunction(() => document.querySelector(".hud-phase")?.textContent === "Paused by the facilitator");
    await host.page.click('[data-action="pause"]');
    // The end: the projector opens the room's debrief (Noor's seat), not "watch it elsewhere".
    await projector.page.waitForSelector('[data-screen="debrief"]', { timeout: 60_000 });
    await projector.page.waitForFunction(() => document.body.innerText.includes("Noor"), undefined, { timeout: 30_000 });
    // Watching is not playing: no lane of the room's debrief is "you" on the projector.
    await projector.page.waitForSelector('[data-screen="debrief"][data-state="ready"]', { timeout: 30_000 });
    expect(await projector.page.evaluate(() => document.body.innerText.includes("(you)"))).toBe(false);
    await screenshot(projector.page, "facilitator-no-seat-projector-debrief");
    await host.page.waitForSelector('[data-screen="debrief"]', { timeout: 30_000 });
    expect(projector.problems.pageErrors).toEqual([]);
    expect(host.problems.pageErrors).toEqual([]);
    for (const p of [host, player, projector]) await p.context.close();
  }, 150_000);
});
