// @vitest-environment jsdom
// A level's phase is announced as it begins, for a while, in a live region.
import { describe, expect, it } from "vitest";
import { PhaseNews } from "../../../client/ui/phase-news.js";

const level = { phases: [{ atTick: 900, title: "Outbox open.", text: "Commit the user and the email together.", enable: ["txn"], disable: [] }] };

describe("PhaseNews", () => {
  it("says nothing before the phase, announces it as it begins, and steps aside after 12 s", () => {
    const news = new PhaseNews();
    expect(news.element.getAttribute("aria-live")).toBe("polite");
    news.update(level, 899);
    expect(news.element.hidden).toBe(true);
    news.update(level, 900);
    expect(news.element.hidden).toBe(false);
    expect(news.element.textContent).toBe("Outbox open. Commit the user and the email together.");
    news.update(level, 1019);
    expect(news.element.hidden).toBe(false);
    news.update(level, 1020);
    expect(news.element.hidden).toBe(true);
  });
});
