// The protocol's own debrief (shared/sim/debrief-marks.ts) as DOM: its cards, and a list of the
// spans it marked on the diagram, each a button that moves the time cursor there. The list is
// what a keyboard or a screen reader reaches; the canvas shades the same spans.
import type { DebriefMark, ProtocolDebrief } from "../../shared/sim/debrief-marks.js";
import { clockTime } from "../../shared/sim/screen-text.js";
import { card } from "./debrief-cards.js";
import { button, h } from "./dom.js";

/** More than this many marks read as a list nobody scans; the diagram still shades them all. */
const LISTED_MARKS_MAX = 12;

export function protocolDebriefCards(debrief: ProtocolDebrief, show: (tick: number, node?: string) => void): HTMLElement | null {
  if (debrief.cards.length === 0 && debrief.marks.length === 0) return null;
  const cards = debrief.cards.map((c, k) =>
    h(
      "div",
      { class: `protocol-card tone-${c.tone ?? "info"}`, "data-protocol-card": String(k) },
      h("h3", { class: "protocol-card-title" }, c.title),
      ...c.lines.map((line) => h("p", { class: "protocol-card-line" }, line)),
      c.tick === undefined ? null : button(`Show ${clockTime(c.tick)}`, () => show(c.tick!), { class: "btn btn-ghost btn-small" }),
    ),
  );
  const listed = debrief.marks.slice(0, LISTED_MARKS_MAX);
  const marks =
    listed.length === 0
      ? null
      : h(
          "ul",
          { class: "protocol-marks", "aria-label": "Marked on the diagram" },
          ...listed.map((m) => h("li", { class: `tone-${m.tone}` }, button(markWords(m), () => show(m.fromTick, m.node), { class: "btn btn-ghost btn-small protocol-mark" }))),
          debrief.marks.length > listed.length ? h("li", {}, `and ${debrief.marks.length - listed.length} more on the diagram`) : null,
        );
  return card("protocol", "Marked on your game", ...cards, marks);
}

function markWords(m: DebriefMark): string {
  const when = m.toTick > m.fromTick ? `${clockTime(m.fromTick)}–${clockTime(m.toTick)}` : clockTime(m.fromTick);
  return `${when}${m.node ? ` · ${m.node}` : ""} · ${m.label}`;
}
