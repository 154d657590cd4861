// A nemesis team playing the network against a node team, in Chromium: the facilitator makes
// team 2 the nemesis of team 1 with a budget of 4 points; the node student plays their seat, the
// nemesis student gets the god's view with the fault menu, throws a split (3 points) and is
// refused a crash (3 more: over budget) in words; the console shows the move with who threw it.
// At the end both debriefs show the two scores and the move, reachable by keyboard.
import { describe, expect, it } from "vitest";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";

const status = chromiumStatus();

describe.skipIf(!status.ok)("workshop nemesis in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("a nemesis team plays the network against a node team; the debrief shows the move and both scores", async () => {
    const host = await newPage(browser.browser);
    host.page.on("dialog", (dialog) => void dialog.accept());
    await host.page.goto(`${server.url}/?speed=3`);
    await host.page.click('[data-action="workshop"]');
    await host.page.waitForSelector('[data-screen="workshop-doors"]');
    await host.page.selectOption("#ws-level", "l00-hello-network");
    await host.page.fill("#ws-team-size", "1");
    await host.page.click('[data-action="workshop-run"]');
    await host.page.waitForSelector('[data-screen="workshop-console"]');
    const joinLink = (await host.page.getAttribute('[data-link="join"]', "href"))!;

    // Nia joins first (team 1, the nodes), Max second (team 2, the nemesis).
    const nia = await newPage(browser.browser);
    const max = await newPage(browser.browser);
    for (const [student, name] of [[nia, "Nia"], [max, "Max"]] as const) {
      await student.page.goto(joinLink);
      await student.page.fill("#ws-nickname", name);
      await student.page.click('[data-action="workshop-join"]');
      await student.page.waitForSelector('[data-screen="workshop-wait"]');
      await host.page.waitForSelector(`.workshop-students tr[data-student="${name}"]`);
    }

    // Team 2 plays the network of team 1, with 4 points.
    await host.page.fill("#ws-nemesis-points", "4");
    await host.page.selectOption("#ws-plays-1", "0");
    await host.page.waitForFunction(() => document.querySelector(".workshop-status")?.textContent === "Team 2 is the nemesis of team 1, with 4 fault points.");
    await screenshot(host.page, "workshop-nemesis-console-lobby");
    // Max's page says what his team will do.
    await max.page.waitForFunction(() => document.querySelector(".workshop-status")?.textContent?.startsWith("Your team is the nemesis of team 1"));
    await host.page.click('[data-action="start-workshop"]');

    await nia.page.waitForSelector('[data-screen="play"]', { timeout: 30_000 });
    await max.page.waitForSelector('[data-screen="play"] [data-nemesis]', { timeout: 30_000 });
    // Nia has a seat; Max has none, and the fault menu with his budget and the level's limits.
    expect(await nia.page.locator('[data-action="fault-menu"]').isVisible()).toBe(false);
    await max.page.click('[data-action="fault-menu"]');
    expect(await max.page.locator("[data-nemesis-rules]").innerText()).toContain("Your team's budget: 4 of 4 points left, shared.");
    expect(await max.page.locator('[data-fault="heal"]').count()).toBe(0);
    await screenshot(max.page, "workshop-nemesis-menu");

    // Within budget: the split acts. Over budget: the crash is refused in words.
    await max.page.click('[data-fault="split"]');
    await max.page.waitForFunction(() => !(document.querySelector(".nemesis-menu") as HTMLDetailsElement | null)?.open);
    await max.page.click('[data-action="fault-menu"]');
    await max.page.waitForFunction(() => document.querySelector("[data-nemesis-rules]")?.textContent?.startsWith("Your team's budget: 1 of 4 points left"));
    await max.page.click('[data-fault="crash-N2"]');
    await max.page.waitForSelector(".fault-pop .refusal");
    expect(await max.page.locator(".fault-pop .refusal").innerText()).toContain("Over budget: a crash costs 3 points and 1 of your 4 are left.");
    await screenshot(max.page, "workshop-nemesis-refused");
    await max.page.setViewportSize({ width: 390, height: 844 });
    await max.page.waitForTimeout(300);
    await screenshot(max.page, "workshop-nemesis-phone");
    expect(await max.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // The open menu fits the phone's width.
    const pop = (await max.page.locator(".nemesis-menu .fault-pop").boundingBox())!;
    expect(pop.x).toBeGreaterThanOrEqual(0);
    expect(pop.x + pop.width).toBeLessThanOrEqual(390);
    await max.page.setViewportSize({ width: 1280, height: 720 });

    // The console: the nemesis card lists the move, with who threw it.
    await host.page.waitForFunction(() => document.querySelector('[data-nemesis-of="0"]')?.textContent?.includes("Max: split N1 | N2 for 15 s (3 pts)"), undefined, { timeout: 10_000 });
    await screenshot(host.page, "workshop-nemesis-console-live");

    await host.page.click('[data-action="end-all"]');
    for (const student of [nia, max]) {
      await student.page.waitForSelector('[data-screen="debrief"][data-state="ready"]', { timeout: 40_000 });
      const card = student.page.locator('[data-card="nemesis"]');
      await card.waitFor();
      expect(await card.locator('[data-team-score="nodes"]').innerText()).toMatch(/Nodes.*\n?.*pts/);
      expect(await card.locator('[data-team-score="nemesis"]').innerText()).toMatch(/Nemesis.*\n?.*\d+ pts/);
      expect(await card.innerText()).toContain("Budget: 3 of 4 points spent on 1 fault.");
      expect(await card.locator("[data-nemesis-move]").count()).toBe(1);
    }
    // By keyboard: the move's button moves the time cursor to it.
    await max.page.focus('[data-nemesis-move="0"]');
    const before = await max.page.getAttribute(".debrief-diagram", "data-scrub-tick");
    await max.page.keyboard.press("Enter");
    await max.page.waitForFunction((b) => document.querySelector(".debrief-diagram")?.getAttribute("data-scrub-tick") !== b, before);
    await screenshot(max.page, "workshop-nemesis-debrief");

    // The report scores both teams.
    await host.page.waitForSelector('[data-nemesis-row="1"]', { timeout: 20_000 });
    expect(await host.page.locator('[data-nemesis-row="1"]').innerText()).toContain("nemesis of team 1");
    await screenshot(host.page, "workshop-nemesis-report");

    for (const p of [host, nia, max]) expect(p.problems.pageErrors).toEqual([]);
    for (const p of [host, nia, max]) await p.context.close();
  }, 180_000);
});
