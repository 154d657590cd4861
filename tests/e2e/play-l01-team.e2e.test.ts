// l01 "The Welcome Email" as a team of two, through the real UI against the real server at
// test speed: the host creates a team room and takes the first seat (the Signup Service), a
// guest joins by code and takes the second (the Email provider). The service inserts signups
// (with their outbox row once it unlocks at 1:30) and emails committed users with the key; the
// provider, reading each request's check (is its key already honoured?), sends the email or
// acknowledges a repeat without sending. Both play to their debrief, whose replay reaches the
// server's hash. Built with the level kit only: nothing here is l01 code in client/ or server/.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser, VIEWPORT } from "./harness.js";
import { watchDebrief, debriefHandedOff } from "./debrief-handoff.js";

const LEVEL_ID = "l01-the-welcome-email";
/** Game ticks per 100 ms: the 3:20 level plays in about 67 s. */
const SPEED = 3;
const GAME_MS_MAX = 150_000;
const PHONE = { width: 390, height: 844 } as const;
const status = chromiumStatus();


/** The service's turn, as play-l01.e2e.test.ts plays it: emails owed (with the key) first, then signups. */
async function serviceRound(page: Page, outbox: boolean): Promise<boolean> {
  return page.evaluate((outboxSeen) => {
    const open = (selector: string) => [...document.querySelectorAll<HTMLButtonElement>(`.inbox-card:not(.handled) ${selector}`)];
    const txn = outboxSeen || open(".act-txn").length > 0;
    const owed = open("button.act-email").filter((b) => /with key/.test(b.textContent ?? "") && !/without/.test(b.textContent ?? "") && b.closest(".inbox-card")?.querySelector(".act-insert, .act-txn") === null);
    const signups = open(txn ? "button.act-txn" : "button.act-insert");
    for (const b of [...owed.slice(0, 2), ...signups.slice(0, 2)]) b.click();
    return txn;
  }, outbox);
}

/**
 * The provider's turn: on each open email request, the card's check says whether its key is
 * already honoured: ✓ send it, ✗ acknowledge without sending. One card per key per round (a
 * second card of a key just sent shows its check only once the view catches up). Returns what
 * it clicked.
 */
async function providerRound(page: Page): Promise<{ sent: number; acked: number }> {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>(".inbox-card:not(.handled)")].filter((c) => c.querySelector("button.act-send") && c.querySelector(".card-checks li"));
    const keys = new Set<string>();
    let sent = 0;
    let acked = 0;
    for (const card of cards.slice(0, 3)) {
      const check = card.querySelector(".card-checks li")!;
      const key = /Key (\S+)/.exec(check.textContent ?? "")?.[1] ?? "";
      if (keys.has(key)) continue;
      keys.add(key);
      const fresh = check.classList.contains("ok");
      card.querySelector<HTMLButtonElement>(fresh ? "button.act-send" : "button.act-ack")!.click();
      if (fresh) sent++;
      else acked++;
    }
    return { sent, acked };
  });
}

describe.skipIf(!status.ok)("l01 as a team, through the UI", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("two players take the Signup Service and the Email provider of one team room and play to the debrief", async () => {
    const host = await newPage(browser.browser);
    const guest = await newPage(browser.browser);
    for (const p of [host.page, guest.page]) await watchDebrief(p);

    await host.page.goto(`${server.url}/?speed=${SPEED}`);
    await host.page.click(`[data-level-id="${LEVEL_ID}"]`);
    await host.page.waitForSelector("#briefing-title");
    await host.page.click('[data-action="create-team"]');
    await host.page.waitForSelector("#lobby-nickname");
    await host.page.fill("#lobby-nickname", "Grace");
    await host.page.click('[data-action="lobby-go"]');
    await host.page.waitForSelector("[data-join-code]");
    const code = await host.page.getAttribute("[data-join-code]", "data-join-code");

    await guest.page.goto(`${server.url}/?speed=${SPEED}`);
    await guest.page.click('[data-action="join-by-code"]');
    await guest.page.waitForSelector("#lobby-code");
    await guest.page.fill("#lobby-nickname", "Linus");
    await guest.page.fill("#lobby-code", code!);
    await guest.page.click('[data-action="lobby-go"]');
    await guest.page.waitForSelector('[data-screen="waiting-room"]');
    await host.page.waitForSelector('.seat-nick:text("Linus")');
    await guest.page.click('[data-action="ready"]');
    await host.page.waitForSelector('td:text("✓ ready")');
    await host.page.click('[data-action="start-game"]');
    await Promise.all([host.page.waitForSelector('[data-screen="play"]'), guest.page.waitForSelector('[data-screen="play"]')]);
    expect(await host.page.locator(".node-id").textContent()).toBe("SVC");
    expect(await guest.page.locator(".node-id").textContent()).toBe("EMAIL");
    // The service's chores are the service's: the provider's screen has no autopilot switch.
    await host.page.waitForSelector(".autopilot .switch");
    expect(await host.page.locator(".autopilot .switch").count()).toBe(2);
    expect(await guest.page.locator(".autopilot .switch").count()).toBe(0);

    // The service hands its chores (answer clients, retry overdue emails) to the autopilot.
    for (let i = 1; i <= 2; i++) {
      const on = host.page.locator(`.autopilot .switch[aria-keyshortcuts="Shift+${i}"][aria-pressed="true"]`);
      for (let attempt = 0; (await on.count()) === 0; attempt++) {
        if (attempt === 4) throw new Error(`autopilot switch ${i} did not turn on`);
        await host.page.keyboard.press(`Shift+Digit${i}`);
        await host.page.waitForTimeout(500);
      }
    }

    const startMs = Date.now();
    let outbox = false;
    let sent = 0;
    let acked = 0;
    let shot = false;
    for (;;) {
      const [a, b] = await Promise.all([debriefHandedOff(host.page), debriefHandedOff(guest.page)]);
      if (a && b) break;
      if (Date.now() - startMs > GAME_MS_MAX) throw new Error("the game did not end in time");
      if (!a) outbox = await serviceRound(host.page, outbox);
      if (!b) {
        const round = await providerRound(guest.page);
        sent += round.sent;
        acked += round.acked;
        // The provider's screen with requests waiting on it, at 1280x720 and on a phone.
        if (!shot && round.sent > 0 && sent > 20) {
          shot = true;
          await screenshot(guest.page, "play-l01-team-email");
          await guest.page.setViewportSize(PHONE);
          await guest.page.waitForTimeout(300);
          await screenshot(guest.page, "play-l01-team-email-phone");
          await guest.page.setViewportSize(VIEWPORT);
        }
      }
      await host.page.waitForTimeout(150);
    }
    expect(outbox).toBe(true);
    expect(sent).toBeGreaterThan(50);

    // Both debriefs: each browser's replay reaches the server's hash; nothing broke a rule.
    for (const page of [host.page, guest.page]) {
      await page.locator('[data-screen="debrief"][data-state="ready"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-screen="debrief"]').getAttribute("data-hash-match")).toBe("true");
      expect(await page.locator('[data-card="incident"]').count()).toBe(0);
    }
    await screenshot(guest.page, "debrief-l01-team-email");
    expect([...host.problems.all(), ...guest.problems.all()]).toEqual([]);
    // Repeats reach the provider only through lost replies and its outage: not on every run, so reported, not required.
    console.log(`provider: ${sent} sent, ${acked} acknowledged without sending`);
    await host.context.close();
    await guest.context.close();
  }, 300_000);
});
