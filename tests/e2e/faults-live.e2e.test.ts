// Network faults drawn live: the projector (the god's view) sees a split network's cut links and
// flaky links on its map and in words as the facilitator throws them; a player's own map says
// it only shows what their node knows (when it last heard each peer), and lists no broken link.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";

const LEVEL_ID = "l08-reach-consensus";
const status = chromiumStatus();

const faultLinks = (page: Page): Promise<number> => page.evaluate(() => Number(document.querySelector<HTMLElement>('[data-screen="play"]')?.dataset.faultLinks ?? "0"));

async function inject(host: Page, fault: string): Promise<void> {
  if (!(await host.locator(".fault-menu").evaluate((d) => (d as HTMLDetailsElement).open))) await host.click('[data-action="fault-menu"]');
  await host.click(`[data-fault="${fault}"]`);
}

describe.skipIf(!status.ok)("faults drawn live in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("the projector's map draws cut and flaky links as they happen; a player's map says what it shows", async () => {
    const host = await newPage(browser.browser);
    await host.page.goto(`${server.url}/`);
    await host.page.click(`[data-level-id="${LEVEL_ID}"]`);
    await host.page.click('[data-action="create-team"]');
    await host.page.waitForSelector("#lobby-nickname");
    await host.page.fill("#lobby-nickname", "Ms K");
    await host.page.click('[data-action="lobby-go"]');
    await host.page.waitForSelector("[data-projector-code]");
    const projectorCode = (await host.page.getAttribute("[data-projector-code]", "data-projector-code"))!;

    const projector = await newPage(browser.browser);
    await projector.page.goto(`${server.url}/`);
    await projector.page.click('[data-action="join-by-code"]');
    await projector.page.check("#intent-spectate");
    await projector.page.fill("#lobby-code", projectorCode);
    await projector.page.click('[data-action="lobby-go"]');
    await projector.page.waitForSelector('[data-screen="waiting-room"]');

    await host.page.click('[data-action="start-game"]');
    await Promise.all([host.page.waitForSelector('[data-screen="play"]'), projector.page.waitForSelector('[data-screen="play"]')]);
    await projector.page.waitForSelector(".fault-links li");
    expect(await projector.page.locator(".fault-links").innerText()).toContain("every link works");
    expect(await faultLinks(projector.page)).toBe(0);

    // The split: five nodes in two halves, every link across cut both ways (2 x 3 = 6).
    await inject(host.page, "split");
    await projector.page.waitForFunction(() => document.querySelectorAll(".fault-link.fault-cut").length > 0, undefined, { timeout: 10_000 });
    expect(await projector.page.locator(".fault-link.fault-cut").count()).toBe(6);
    expect(await projector.page.locator(".fault-links").innerText()).toContain("cut both ways");
    await projector.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-screen="play"]')?.dataset.faultLinks === "6");
    await projector.page.waitForTimeout(600);
    await screenshot(projector.page, "faults-projector-split");

    // Healed, then flaky links between the halves.
    await inject(host.page, "heal");
    await projector.page.waitForFunction(() => document.querySelectorAll(".fault-link").length === 0, undefined, { timeout: 10_000 });
    await inject(host.page, "flaky");
    await projector.page.waitForFunction(() => document.querySelectorAll(".fault-link.fault-flaky").length > 0, undefined, { timeout: 10_000 });
    expect(await projector.page.locator(".fault-links").innerText()).toMatch(/flaky, \d+% lost/);
    expect(await faultLinks(projector.page)).toBeGreaterThan(0);
    await projector.page.waitForTimeout(600);
    await screenshot(projector.page, "faults-projector-flaky");

    // The player (the facilitator's own seat): only what their node knows, and it says so.
    expect(await host.page.locator(".legend-own").innerText()).toContain("only what your node knows");
    expect(await faultLinks(host.page)).toBe(0);
    expect(await host.page.locator(".fault-link").count()).toBe(0);
    await host.page.keyboard.press("Escape");
    await screenshot(host.page, "faults-player-own-map");
    expect([...host.problems.all(), ...projector.problems.all()]).toEqual([]);
    for (const p of [host, projector]) await p.context.close();
  }, 120_000);
});
