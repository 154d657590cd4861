// A teacher's class in Chromium (issue 16 items 8-9, issue 11 item 7): a teacher makes a class
// from Home, two students (two browsers, so two player ids) play a level with its code through
// the lobby, and the teacher's page shows both by levels, opens a student's debrief, exports
// the CSV, and tells a wrong link it is not the key. Also at phone size.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";
import { watchDebrief, debriefHandedOff } from "./debrief-handoff.js";

const LEVEL_ID = "l00-hello-network";
/** Game ticks per 100 ms: the 90 s level plays in about 18 s. */
const SPEED = 5;
const GAME_MS_MAX = 60_000;
const status = chromiumStatus();
if (!status.ok) console.warn(`Skipping browser tests: ${status.reason}`);

/** One student plays l00 solo with the class code, through the lobby, to the debrief. */
async function playWithClass(browser: Browser, url: string, nickname: string, classCode: string): Promise<string> {
  const { context, page, problems } = await newPage(browser);
  await watchDebrief(page);
  await page.goto(`${url}/?speed=${SPEED}`);
  await page.click(`[data-level-id="${LEVEL_ID}"]`);
  await page.click('[data-action="play-solo"]');
  await page.waitForSelector("#lobby-nickname");
  await page.fill("#lobby-nickname", nickname);
  // Typed as a child copies it from the board: lower case, with spaces around.
  await page.fill("#lobby-class", ` ${classCode.toLowerCase()} `);
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-screen="play"]');
  await page.waitForSelector(".switch");
  await page.keyboard.press("Shift+Digit1");
  const startMs = Date.now();
  while (!(await debriefHandedOff(page).then((d) => d !== undefined))) {
    if (Date.now() - startMs > GAME_MS_MAX) throw new Error("the game did not end in time");
    for (const key of ["n", "c"]) {
      await page.keyboard.press(key);
      await page.waitForTimeout(50);
    }
  }
  const { resultId } = (await debriefHandedOff(page))!;
  expect(problems.all()).toEqual([]);
  await context.close();
  return resultId;
}

describe.skipIf(!status.ok)("a teacher's class in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("creates a class, sees two students' games by level, opens a debrief and exports the CSV", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await page.goto(server.url);
    await page.click('[data-action="teach"]');
    await page.locator('[data-screen="teach"]').waitFor();
    // An empty name is refused with words, not sent.
    await page.click('button:has-text("Create class")');
    await expect.poll(() => page.locator(".form-error").textContent()).toMatch(/name/);
    await page.fill("#teach-name", "Year 11 distributed systems");
    await page.keyboard.press("Enter");
    const codeLocator = page.locator(".class-code-big");
    await codeLocator.waitFor();
    const code = (await codeLocator.textContent())!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    const link = await page.locator("#teach-link").inputValue();
    expect(link).toMatch(new RegExp(`/#class=${code}&key=[A-Za-z0-9_-]{32}$`));
    await screenshot(page, "teach-created");

    // Two students, each in their own browser (their own player id), play with the code.
    const ada = await playWithClass(browser.browser, server.url, "Ada", code);
    const linus = await playWithClass(browser.browser, server.url, "Linus", code);
    expect(await server.store.getResult(ada)).toMatchObject({ classCode: code, board: `class-${code}` });
    const [adaRow, linusRow] = [await server.store.getResult(ada), await server.store.getResult(linus)];
    expect(adaRow!.playerId).not.toBe(linusRow!.playerId);

    // The teacher's page: both students, by level, with stars.
    await page.click('[data-action="open-class"]');
    await page.locator('[data-screen="class"] .class-table').waitFor();
    expect(await page.locator("#class-title").textContent()).toBe(`Year 11 distributed systems · class ${code}`);
    const rows = page.locator(".class-table tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator("th").textContent()).toBe("Ada");
    expect(await page.locator(".class-table thead th").allTextContents()).toEqual(["Student", "ID", "L00"]);
    // The class leaderboard for the level, on the class's own seed.
    await page.locator(".class-section .lb-results .leaderboard caption").first().waitFor();
    expect(await page.locator(".class-section .lb-results .leaderboard caption").first().textContent()).toContain(`class ${code}`);
    await screenshot(page, "class-page");

    // The CSV, fetched with the secret.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-action="class-csv"]')]);
    expect(download.suggestedFilename()).toBe(`split-brain-${code}.csv`);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n").filter((line) => line.length > 0)).toHaveLength(3);
    expect(csv).toContain(",Ada,");
    expect(csv).toContain(",Linus,");

    // A cell opens that student's debrief.
    await rows.nth(1).locator("a.class-cell").click();
    await page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`#debrief=${linus}`);
    expect(problems.all()).toEqual([]);
    await context.close();

    // The link alone opens the page in a fresh browser (bookmarked); at phone size too.
    const phone = await browser.browser.newContext({ viewport: { width: 390, height: 844 } });
    const phonePage = await phone.newPage();
    await phonePage.goto(link);
    await phonePage.locator('[data-screen="class"] .class-table').waitFor();
    await screenshot(phonePage, "class-page-phone");
    // A wrong key gets words, not data.
    await phonePage.goto("about:blank");
    await phonePage.goto(link.replace(/key=.*/, `key=${"x".repeat(32)}`));
    await expect.poll(() => phonePage.locator('[data-screen="class"] .error-box').textContent()).toMatch(/not this class's teacher secret/);
    await phone.close();
  }, 240_000);

  it("tells a student that a class code does not exist, in the lobby", async () => {
    const { context, page } = await newPage(browser.browser);
    await page.goto(`${server.url}/?speed=${SPEED}`);
    await page.click(`[data-level-id="${LEVEL_ID}"]`);
    await page.click('[data-action="play-solo"]');
    await page.waitForSelector("#lobby-nickname");
    await page.fill("#lobby-nickname", "Typo");
    await page.fill("#lobby-class", "NOPE42");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator('[role="alert"]').allTextContents(), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/no class NOPE42.*teacher/)]));
    await screenshot(page, "lobby-unknown-class");
    await context.close();
  }, 60_000);
});
