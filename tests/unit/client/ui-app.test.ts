// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PLAY_EVENT, type PlayRequest } from "../../../client/ui/play-event.js";
import { STARS_KEY } from "../../../client/ui/stars-store.js";
import { UiApp } from "../../../client/ui/ui-app.js";
import { levelSummary } from "./fixtures.js";

let root: HTMLElement;
let app: UiApp;

beforeEach(() => {
  document.body.innerHTML = '<main id="ui"></main><div id="status" role="status"></div>';
  root = document.getElementById("ui") as HTMLElement;
  localStorage.clear();
  app = new UiApp(root);
});

afterEach(() => app.destroy());

const screen = (): string | undefined => (root.firstElementChild as HTMLElement | null)?.dataset.screen;
const pressEscape = (): boolean => document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", cancelable: true }));

describe("UiApp", () => {
  it("lists levels by chapter with the stars already earned", () => {
    localStorage.setItem(STARS_KEY, JSON.stringify({ "l00-hello-network": 2 }));
    app.start({ ok: true, levels: [levelSummary(), levelSummary({ id: "l08-reach-consensus", chapter: 6, title: "Reach Consensus" })] });
    expect(screen()).toBe("home");
    expect([...root.querySelectorAll(".chapter-heading")].map((h) => h.textContent)).toEqual([
      "Chapter 1You're already doing distributed systems",
      "Chapter 6Consensus",
    ]);
    const card = root.querySelector('[data-level-id="l00-hello-network"]');
    expect(card?.tagName).toBe("BUTTON");
    expect(card?.textContent).toContain("2 of 3 stars");
    expect(root.textContent).toContain("2 of 6 stars earned");
  });

  it("puts server text in as text, never as markup", () => {
    app.start({ ok: true, levels: [levelSummary({ title: '<img src=x onerror="alert(1)">' })] });
    expect(root.querySelector("img")).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
  });

  it("opens the briefing, emits the play request, and Escape returns focus home", () => {
    app.start({ ok: true, levels: [levelSummary()] });
    (root.querySelector('[data-level-id="l00-hello-network"]') as HTMLButtonElement).click();
    expect(screen()).toBe("briefing");
    expect(document.activeElement?.id).toBe("briefing-title");
    expect(root.querySelector(".action-list")?.textContent).toContain("Send note");

    const requests: PlayRequest[] = [];
    window.addEventListener(PLAY_EVENT, (e) => requests.push((e as CustomEvent<PlayRequest>).detail));
    (root.querySelector("#mode-free") as HTMLInputElement).checked = true;
    (root.querySelector('[data-action="play-solo"]') as HTMLButtonElement).click();
    expect(requests).toEqual([{ levelId: "l00-hello-network", mode: "free" }]);

    expect(pressEscape()).toBe(false); // handled: default prevented
    expect(screen()).toBe("home");
    expect((document.activeElement as HTMLElement).dataset.levelId).toBe("l00-hello-network");
  });

  it("shows a plain-words error with a retry instead of Home when levels failed to load", () => {
    app.start({ ok: false, message: "We can't reach the game server." });
    expect(screen()).toBe("error");
    expect(root.querySelector('[role="alert"]')?.textContent).toContain("We can't reach the game server.");
    expect(document.activeElement?.getAttribute("data-action")).toBe("retry");
    pressEscape();
    expect(screen()).toBe("error");
  });
});
