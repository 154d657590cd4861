// A level's knobs on the play screen (shared/sim/knobs.ts, client/ui/play-knobs.ts): l00's sender
// sets its retry timeout in seconds, the server's value comes back into the field, a value out of
// the level's limits is refused under the field in the level's words, and digits typed into the
// field never trigger the action bar's keys.
import { describe, expect, it } from "vitest";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";

const status = chromiumStatus();

describe.skipIf(!status.ok)("knobs in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("l00's sender sets its retry timeout; out of limits is refused in words", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await page.goto(`${server.url}/?speed=1`);
    await page.click('[data-level-id="l00-hello-network"]');
    await page.waitForSelector("#briefing-title");
    expect(await page.locator(".briefing").textContent()).toContain("Settings, beside the autopilot");
    await page.click('[data-action="play-solo"]');
    await page.waitForSelector("#lobby-nickname");
    await page.fill("#lobby-nickname", "Tuner");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-screen="play"]');
    const field = page.locator('input[data-knob="retryTicks"]');
    await field.waitFor();
    expect(await field.inputValue()).toBe("2.5");
    expect(await page.getByLabel("Retry after (s)").count()).toBe(1);

    await field.fill("6");
    await field.press("Enter");
    await field.blur();
    await page.locator(".knob-note:has-text('Now 6 s')").waitFor({ timeout: 10_000 });
    await screenshot(page, "play-l00-knob");

    await field.fill("12");
    await field.press("Enter");
    await field.blur();
    await page.locator(".knob-note.knob-refused").waitFor({ timeout: 10_000 });
    expect(await page.locator(".knob-note.knob-refused").textContent()).toBe("Retry after must be 0.5 s to 10 s in steps of 0.5 s (got 12 s).");
    // The server's value comes back into the field once it is left.
    await page.waitForFunction(() => (document.querySelector('input[data-knob="retryTicks"]') as HTMLInputElement).value === "6", undefined, { timeout: 10_000 });
    expect(page.url()).not.toContain("#debrief");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 60_000);
});
