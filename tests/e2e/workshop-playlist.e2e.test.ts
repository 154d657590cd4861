// A workshop playlist in Chromium: the facilitator ticks a second level on the form; one student
// plays the first level, the console ends it and starts the next, and the student's page goes
// into the second level's game on its own. The report's CSV has a row per level.
import { describe, expect, it } from "vitest";
import { chromiumStatus, newPage, screenshot, type TestBrowser, type TestServer, useServerAndBrowser } from "./harness.js";

const status = chromiumStatus();

describe.skipIf(!status.ok)("workshop playlist in Chromium", () => {
  let server: TestServer;
  let browser: TestBrowser;
  useServerAndBrowser((s, b) => ([server, browser] = [s, b]));

  it("the same team plays l00, then l12, when the console says so", async () => {
    const host = await newPage(browser.browser);
    host.page.on("dialog", (dialog) => void dialog.accept());
    await host.page.goto(`${server.url}/?speed=5`);
    await host.page.click('[data-action="workshop"]');
    await host.page.waitForSelector('[data-screen="workshop-doors"]');
    await host.page.selectOption("#ws-level", "l00-hello-network");
    // The first level cannot also be a later one; l12 comes after it.
    expect(await host.page.isDisabled('[data-then="l00-hello-network"]')).toBe(true);
    await host.page.check('[data-then="l12-survive-a-partition"]');
    await host.page.fill("#ws-team-size", "2");
    await screenshot(host.page, "workshop-form-playlist");
    await host.page.click('[data-action="workshop-run"]');
    await host.page.waitForSelector('[data-screen="workshop-console"]');
    expect(await host.page.locator(".workshop-stage-line").innerText()).toContain("Level 1 of 2: Hello, Network · next: Survive a Partition");
    const joinLink = (await host.page.getAttribute('[data-link="join"]', "href"))!;

    const student = await newPage(browser.browser);
    await student.page.goto(joinLink);
    await student.page.fill("#ws-nickname", "Pia");
    await student.page.click('[data-action="workshop-join"]');
    await student.page.waitForSelector('[data-screen="workshop-wait"]');
    await host.page.waitForFunction(() => document.querySelectorAll(".workshop-students tbody tr").length === 1);

    await host.page.click('[data-action="start-workshop"]');
    await student.page.waitForSelector('[data-screen="play"]', { timeout: 30_000 });
    expect(await student.page.locator(".hud-level").textContent()).toBe("Hello, Network");
    await host.page.click('[data-action="end-all"]');
    await student.page.waitForSelector('[data-screen="debrief"]', { timeout: 30_000 });

    // Between the levels: the console offers the next one; the student's page follows.
    await host.page.waitForSelector('[data-action="next-level"]', { timeout: 20_000 });
    await screenshot(host.page, "workshop-console-between");
    await host.page.click('[data-action="next-level"]');
    await student.page.waitForFunction(() => document.querySelector(".hud-level")?.textContent === "Survive a Partition", undefined, { timeout: 30_000 });
    await host.page.waitForFunction(() => document.querySelector(".workshop-stage-line")?.textContent?.includes("Level 2 of 2"));
    await screenshot(student.page, "workshop-student-second-level");

    await host.page.click('[data-action="end-all"]');
    await student.page.waitForSelector('[data-screen="debrief"]', { timeout: 30_000 });
    await host.page.waitForSelector('[data-link="report-csv"]', { timeout: 20_000 });
    const csvHref = (await host.page.getAttribute('[data-link="report-csv"]', "href"))!;
    const csv = await (await host.page.request.get(`${server.url}${csvHref}`)).text();
    expect(csv.split("\r\n").filter((l) => l.includes(",Pia,")).map((l) => l.split(",")[1])).toEqual(["l00-hello-network", "l12-survive-a-partition"]);
    expect(host.problems.pageErrors).toEqual([]);
    expect(student.problems.pageErrors).toEqual([]);
    await host.context.close();
    await student.context.close();
  }, 150_000);
});
