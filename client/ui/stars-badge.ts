// Stars as a glyph row for the eye and a sentence for screen readers.
import { MAX_STARS } from "./stars-store.js";
import { h } from "./dom.js";

export function starsBadge(earned: number, extraClass = ""): HTMLElement {
  const glyphs = "★".repeat(earned) + "☆".repeat(Math.max(0, MAX_STARS - earned));
  return h(
    "span",
    { class: `stars ${earned > 0 ? "stars-earned" : "stars-none"} ${extraClass}`.trim() },
    h("span", { "aria-hidden": "true" }, glyphs),
    h("span", { class: "sr-only" }, `${earned} of ${MAX_STARS} stars`),
  );
}
