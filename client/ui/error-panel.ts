// Shown instead of Home when the level list could not be loaded.
import { button, h } from "./dom.js";

export function renderLoadError(message: string, retry: () => void): HTMLElement {
  return h(
    "div",
    { class: "screen screen-error", "data-screen": "error" },
    h(
      "section",
      { class: "panel error-panel", role: "alert", "aria-labelledby": "error-title" },
      h("h2", { id: "error-title" }, "No connection to the game server"),
      h("p", {}, message),
      h("p", { class: "muted" }, "Ironically, this is exactly the kind of failure the game is about."),
      button("Try again", retry, { class: "btn btn-primary", "data-action": "retry" }),
    ),
  );
}
