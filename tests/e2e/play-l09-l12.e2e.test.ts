// Playing l09 (Lamport clocks) and l12 (Survive a Partition) through the real UI, by keyboard,
// against the real server at test speed: the protocol-specific inbox bindings (a stamp field on
// a gossip card, the quiz answers; acknowledge / queue / refuse a reservation) reach the server
// with the right params, and Guided mode's refusals come back with the rule.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";

const status = chromiumStatus();

/** Home -> the level -> Play solo -> nickname -> the play screen, at `speed` ticks per 100 ms. */
async function openGame(page: Page, url: string, levelId: string, speed: number, nickname: string, mode: "guided" | "free" = "guided"): Promise<void> {
  await page.goto(`${url}/?speed=${speed}`);
  await page.waitForSelector(`[data-level-id="${levelId}"]`);
  await page.click(`[data-level-id="${levelId}"]`);
  await page.waitForSelector("#briefing-title");
  await page.check(`#mode-${mode}`);
  await page.click('[data-action="play-solo"]');
  await page.waitForSelector("#lobby-nickname");
  await page.fill("#lobby-nickname", nickname);
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-screen="play"]');
}

const highlight = async (page: Page, id: string): Promise<string> => (await page.locator(`[data-highlight="${id}"] .highlight-value`).textContent()) ?? "";

/** The seq of the newest waiting card matching `has` (a selector inside the card). */
async function waitingCard(page: Page, has: string, timeout = 30_000): Promise<string> {
  const card = page.locator(`.inbox-card:not(.handled):has(${has})`).first();
  await card.waitFor({ timeout });
  return (await card.getAttribute("data-seq"))!;
}

describe.skipIf(!status.ok)("l09 and l12 through the UI", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("l09: receives and stamps a message by the rule; a wrong stamp is refused with the formula; answers the quiz", async () => {
    const { context, page, problems } = await openPage();
    // 80 ticks a second: round 2 (tick 600) after ~7.5 s, the quiz (tick 1800) after ~22 s.
    await openGame(page, server.url, "l09-order-events-without-wall-clocks", 8, "Leslie");
    expect(await page.locator(".node-id").textContent()).toBe("N1");
    expect(await highlight(page, "round")).toBe("1");

    // Round 2: a gossip card with an empty stamp field, your clock and the message's stamp.
    await page.waitForSelector('[data-highlight="round"] .highlight-value:text("2")', { timeout: 30_000 });
    const seq = await waitingCard(page, ".act-receive");
    const card = page.locator(`.inbox-card[data-seq="${seq}"]`);
    expect(await card.locator(".field-stamp").inputValue()).toBe("");
    const hint = (await card.locator(".field-hint").textContent()) ?? "";
    const mine = Number(/your clock (\d+)/.exec(hint)?.[1]);
    const carried = Number(/carries (\d+)/.exec(hint)?.[1]);
    expect(Number(await highlight(page, "clock"))).toBe(mine);
    const right = Math.max(mine, carried) + 1;

    // A stamp that is not larger than both clocks: Guided refuses it on the card, quoting the formula.
    await card.locator(".field-stamp").fill(String(right - 1));
    await card.locator(".field-stamp").press("Enter");
    const refusal = card.locator(".refusal-rule");
    await refusal.waitFor();
    expect(await refusal.locator(".refusal-message").textContent()).toContain(`max(${mine}, ${carried}) + 1 = ${right}`);
    expect(await refusal.locator(".refusal-rule-text").textContent()).toMatch(/^Rule.*max\(yours, received\) \+ 1/);
    // The whole card, its refusal included, fits the inbox list at 1280x720: no scrolling inside one card.
    const heights = await card.evaluate((e) => ({ card: e.getBoundingClientRect().height, list: e.parentElement!.clientHeight }));
    expect(heights.card, JSON.stringify(heights)).toBeLessThanOrEqual(heights.list);
    // Focus in the card keeps it in place while newer cards arrive above it.
    await card.locator(".field-stamp").focus();
    await card.evaluate((e) => e.scrollIntoView({ block: "end" }));
    await page.waitForTimeout(400);
    expect(await card.evaluate((e) => e.getBoundingClientRect().bottom <= e.parentElement!.getBoundingClientRect().bottom + 1)).toBe(true);
    await screenshot(page, "play-l09-refusal");

    // The right stamp, with the card's R key: accepted, the card is dealt with, the clock moves.
    await card.locator(".field-stamp").fill(String(right));
    await card.focus();
    await page.keyboard.press("r");
    await card.locator(".card-done").waitFor();
    await page.waitForSelector(`[data-highlight="clock"] .highlight-value:text-is("${right}")`);
    expect(await page.locator(".refusal").count()).toBe(0);

    // One more, typed and sent with Enter in the field.
    const seq2 = await waitingCard(page, ".act-receive");
    const card2 = page.locator(`.inbox-card[data-seq="${seq2}"]`);
    const hint2 = (await card2.locator(".field-hint").textContent()) ?? "";
    const right2 = Math.max(Number(/your clock (\d+)/.exec(hint2)?.[1]), Number(/carries (\d+)/.exec(hint2)?.[1] ?? "0")) + 1;
    await card2.locator(".field-stamp").fill(String(right2));
    await card2.locator(".field-stamp").press("Enter");
    await card2.locator(".card-done").waitFor();
    await page.waitForSelector(`[data-highlight="clock"] .highlight-value:text-is("${right2}")`);
    await page.waitForTimeout(300);
    await card2.evaluate((e) => e.scrollIntoView({ block: "center" }));
    await screenshot(page, "play-l09");

    // The archivist can only ask about events it was told of: auto-report on (Shift+2).
    await page.keyboard.press("Shift+Digit2");
    await page.waitForSelector('.autopilot .switch[data-chore="auto-report"][aria-pressed="true"]');

    // Round 3: the quiz card's four answers; T ("cannot tell from Lamport stamps") answers the first question.
    const quizSeq = await waitingCard(page, '[data-answer="cannot-tell"]', 40_000);
    const quiz = page.locator(`.inbox-card[data-seq="${quizSeq}"]`);
    expect(await quiz.locator(".action-group").first().locator(".btn-action").allTextContents()).toEqual([
      "A A before B",
      "B B before A",
      "C Concurrent",
      "T Cannot tell from Lamport stamps",
    ]);
    const first = await quiz.locator(".group-title").first().textContent();
    expect(first).toMatch(/^Question 1 of \d: could A have influenced B\?$/);
    await quiz.focus();
    await page.keyboard.press("t");
    await page.waitForSelector('[data-highlight="quiz"] .highlight-value:text-matches("^1 / ")');
    await quiz.evaluate((e) => e.scrollIntoView({ block: "start" }));
    await screenshot(page, "play-l09-quiz");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 120_000);

  it("l12: a reservation can be acknowledged (refused without 3 of 5, with the rule), queued and refused", async () => {
    const { context, page, problems } = await openPage();
    await openGame(page, server.url, "l12-survive-a-partition", 4, "Barbara");
    expect(await page.locator(".node-id").textContent()).toBe("N1");
    // Follow whoever the others elect: confirm replication rounds automatically (Shift+1).
    const autoAcks = page.locator('.autopilot .switch[data-chore="replica-acks"]');
    await autoAcks.waitFor();
    await page.keyboard.press("Shift+Digit1");
    await page.waitForSelector('.autopilot .switch[data-chore="replica-acks"][aria-pressed="true"]');
    expect(await highlight(page, "epoch")).toMatch(/^\d+$/);
    // The panel reads as l12, not Raft: its role, its epoch, its seat map with the confirmed count.
    expect(await page.locator(".node-title .role-chip").textContent()).toMatch(/^(leader|follower|candidate)$/);
    expect(await page.locator(".node-title .term-chip").textContent()).toMatch(/^epoch \d+$/);
    expect(await page.locator(".node-log h3").textContent()).toMatch(/Seat map \(\d+\) · confirmed \d+$/);
    expect(await page.locator(".play-node").textContent()).not.toMatch(/\bterm\b|committed to/i);

    // A buyer's reservation: Acknowledge sale shows what it needs; as a follower, Guided refuses it.
    const seq = await waitingCard(page, ".act-ackSale");
    const card = page.locator(`.inbox-card[data-seq="${seq}"]`);
    expect(await card.locator(".act-ackSale").textContent()).toBe("Y Acknowledge sale (needs 3 of 5 + paid)");
    // The keyboard path is covered in l09; here a click, retried if a re-render swallowed it, so
    // the test checks the rule rather than the timing of a busy screen.
    const refusal = card.locator(".refusal-rule");
    for (let attempt = 0; attempt < 3 && !(await refusal.isVisible()); attempt++) {
      await card.locator(".act-ackSale").click();
      await refusal.waitFor({ timeout: 8_000 }).catch(() => undefined);
    }
    await refusal.waitFor({ timeout: 5_000 });
    // Who leads depends on the moment; either way, only a leader with 3 of 5 may say sold.
    expect(await refusal.locator(".refusal-message").textContent()).toMatch(/leader|3 of 5|paid/);
    expect(await refusal.locator(".refusal-rule-text").textContent()).toContain("3 of 5");

    // Queue it: the buyer is told "reservation pending", kept on disk for after the healing.
    const pending = card.locator('.group-line:text("reservation pending")');
    for (let attempt = 0; attempt < 3 && !(await pending.isVisible()); attempt++) {
      await card.locator(".act-queue").first().click();
      await pending.waitFor({ timeout: 8_000 }).catch(() => undefined);
    }
    await pending.waitFor({ timeout: 5_000 });
    await card.evaluate((e) => e.scrollIntoView({ block: "start" }));
    await screenshot(page, "play-l12");

    // The next reservation: refuse it (try later). The buyer gets an answer: the card is done.
    const seq2 = await page.locator(`.inbox-card:not(.handled):not([data-seq="${seq}"]):has(.act-refuse)`).first().getAttribute("data-seq", { timeout: 30_000 });
    const card2 = page.locator(`.inbox-card[data-seq="${seq2}"]`);
    const done = card2.locator(".card-done");
    for (let attempt = 0; attempt < 3 && !(await done.isVisible()); attempt++) {
      await card2.locator(".act-refuse").first().click();
      await done.waitFor({ timeout: 8_000 }).catch(() => undefined);
    }
    await done.waitFor({ timeout: 5_000 });
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 120_000);

  it("l12 Free mode: saying sold without a majority raises the INCIDENT banner", async () => {
    const { context, page, problems } = await openPage();
    await openGame(page, server.url, "l12-survive-a-partition", 4, "Mallory", "free");
    expect(await page.locator("#hud-mode").textContent()).toBe("Free mode");
    // Nothing is refused for breaking the rules in Free mode: acknowledge the first reservation
    // at once, before any 3 of 5 can hold it. (This replaced an l08 test that pressed keys until
    // an incident happened: under a loaded CI machine it sometimes never did within 2 minutes.)
    const seq = await waitingCard(page, ".act-ackSale");
    const card = page.locator(`.inbox-card[data-seq="${seq}"]`);
    const banner = page.locator(".banner-incident:not([hidden])");
    for (let attempt = 0; attempt < 3 && (await banner.count()) === 0; attempt++) {
      await card.locator(".act-ackSale").click();
      await banner.waitFor({ timeout: 8_000 }).catch(() => undefined);
    }
    await banner.waitFor({ timeout: 5_000 });
    expect(await banner.textContent()).toContain("INCIDENT");
    expect(await page.locator(".refusal").count()).toBe(0);
    await screenshot(page, "incident-free-mode");
    expect(problems.all()).toEqual([]);
    await context.close();
  }, 90_000);

  async function openPage() {
    return newPage(browser.browser);
  }
});
