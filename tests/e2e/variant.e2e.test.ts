// Level variants through the real UI (issue 13 item 8): l12's briefing offers "Clocks drift
// apart"; picking it starts that variant's game; its debrief shows the lease overlap the variant
// exists to show as "seen breaking", with the stars kept, and replays to the server's hash.
import { describe, expect, it } from "vitest";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { replay } from "../../shared/sim/replay.js";
import { newResultOf } from "../../server/store/result-of-game.js";
import { loadLevels, withVariants } from "../../server/level-files.js";
import { TEST_CATALOG } from "../support/test-catalog.js";
import { chromiumStatus, newPage, screenshot, useServerAndBrowser, type TestBrowser, type TestServer } from "./harness.js";

const status = chromiumStatus();
if (!status.ok) console.warn(`Skipping browser tests: ${status.reason}`);

const BASE_ID = "l12-survive-a-partition";
const VARIANT_ID = `${BASE_ID}-drift`;

describe.skipIf(!status.ok)("level variants", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  it("the briefing offers the variant, and picking it plays the variant's game", async () => {
    const { context, page, problems } = await newPage(browser.browser);
    await page.goto(`${server.url}/?speed=4`);
    await page.waitForSelector(`[data-level-id="${BASE_ID}"]`);
    // Home lists the level once: the variant is a choice on its briefing, not a card of its own.
    expect(await page.locator(`[data-level-id="${VARIANT_ID}"]`).count()).toBe(0);
    await page.click(`[data-level-id="${BASE_ID}"]`);
    await page.waitForSelector("#briefing-title");
    const choice = page.locator(".variant-choice");
    expect(await choice.locator("legend").textContent()).toBe("Variant");
    expect(await page.locator(`#variant-${BASE_ID}`).isChecked()).toBe(true);
    expect(await choice.locator(".mode-name").allTextContents()).toEqual(["As written", "Clocks drift apart"]);
    await choice.scrollIntoViewIfNeeded();
    await page.check(`#variant-${VARIANT_ID}`);
    await screenshot(page, "briefing-variant");
    await page.click('[data-action="play-solo"]');
    await page.waitForSelector("#lobby-nickname");
    await page.fill("#lobby-nickname", "Lamport");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-screen="play"]');
    expect(await page.locator(".hud-level").textContent()).toBe("Survive a Partition: Clocks drift apart");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 60_000);

  it("the debrief shows the lease overlap as seen breaking, keeps the stars, and replays", async () => {
    const level = withVariants(loadLevels()).find((l) => l.id === VARIANT_ID)!;
    // Seed 1, every seat played by its correct bot: two nodes both hold a lease at one moment.
    const { world, hash } = replay(level, TEST_CATALOG, 1, []);
    const verdict = computeVerdict(world);
    expect(verdict.observations!.length).toBeGreaterThan(0);
    const stored = await server.store.saveResult(newResultOf(world, verdict, hash, { mode: "solo", seatNode: "N1", nickname: "bot", classCode: null }));
    const { context, page, problems } = await newPage(browser.browser);
    await page.goto(`${server.url}/#debrief=${stored.id}`);
    await page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-screen="debrief"]').getAttribute("data-hash-match")).toBe("true");
    const card = page.locator('[data-card="incident"][data-observed="true"]');
    await card.waitFor();
    expect(await card.locator(".observed-tag").textContent()).toBe("SEEN BREAKING");
    expect(await card.textContent()).toMatch(/not a mistake of yours: it costs no stars/);
    expect(await page.locator(".debrief-header .incident-tag").count()).toBe(0);
    await card.locator('[data-action="show-incident"]').click();
    await screenshot(page, "debrief-variant-observed");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 90_000);
});
