// The debrief's DOM cards, as plain builders: text goes in through textContent only (h()),
// so nicknames, level text and payloads can never inject markup.
import type { GoalResult } from "../../shared/checks/verdict.js";
import type { GhostDiff } from "../../shared/view/debrief-ghost.js";
import type { Horizon } from "../../shared/view/debrief-horizon.js";
import type { RealWorldCard } from "../../shared/view/real-world.js";
import type { DebriefMetrics } from "../../shared/view/debrief-metrics.js";
import type { Spotlight } from "../../shared/view/debrief-spotlight.js";
import { formatTicks } from "../../shared/view/space-time.js";
import type { LeaderboardRow } from "../net/api-types.js";
import { messageStyle } from "../view/message-styles.js";
import type { PacketShape } from "../view/packet-styles.js";
import { chapterLabel } from "./chapters.js";
import { button, h } from "./dom.js";

const SHAPE_GLYPH: Record<PacketShape, string> = {
  circle: "●",
  square: "■",
  triangle: "▲",
  diamond: "◆",
  hexagon: "⬢",
  star: "★",
  pentagon: "⬟",
  "triangle-down": "▼",
  cross: "✚",
  ring: "◯",
};

const hex = (color: number): string => `#${color.toString(16).padStart(6, "0")}`;

export function card(name: string, title: string, ...children: (Node | string | null)[]): HTMLElement {
  const id = `debrief-${name}-title`;
  return h("section", { class: `debrief-card debrief-${name}`, "aria-labelledby": id, "data-card": name }, h("h2", { id, class: "card-title" }, title), ...children);
}

// ---- incident ------------------------------------------------------------------------------

/**
 * The incident spotlight; `observed`: the same for a finding the level's variant exists to show
 * (level.observe), which costs no stars and says so.
 */
export function incidentCard(spot: Spotlight, more: number, onShow: () => void, onEvent: (i: number) => void, observed = false): HTMLElement {
  const noun = observed ? "finding" : "violation";
  return h(
    "section",
    { class: `debrief-card debrief-incident${observed ? " debrief-observed" : ""}`, "aria-labelledby": "debrief-incident-title", "data-card": "incident", ...(observed ? { "data-observed": "true" } : {}) },
    h("p", { class: "incident-kicker" }, h("span", { class: observed ? "observed-tag" : "incident-tag" }, observed ? "SEEN BREAKING" : "INCIDENT"), ` at ${formatTicks(spot.tick)}`),
    h("h2", { id: "debrief-incident-title", class: "card-title" }, spot.title),
    h("p", { class: "incident-message" }, capitalise(spot.message), "."),
    h("p", { class: "incident-explain" }, spot.explain),
    observed ? h("p", { class: "incident-observed-note" }, "This is what the variant you picked sets out to show, not a mistake of yours: it costs no stars or points.") : null,
    h("p", { class: "evidence-heading" }, "The events that prove it (red rings on the diagram):"),
    h(
      "ol",
      { class: "evidence-list" },
      ...spot.evidence.map((e) => h("li", {}, button(e.text, () => onEvent(e.i), { class: "evidence-item", "data-evidence": e.i }))),
    ),
    h(
      "div",
      { class: "card-actions" },
      button("Show me on the diagram", onShow, { class: observed ? "btn btn-secondary" : "btn btn-danger", "data-action": "show-incident" }),
      more > 0 ? h("span", { class: "muted" }, `+ ${more} more ${noun}${more === 1 ? "" : "s"} after this one`) : null,
    ),
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- knowledge horizon -----------------------------------------------------------------------

export function horizonIdleCard(): HTMLElement {
  return card(
    "horizon",
    "Knowledge horizon",
    h("p", {}, "Click a moment on a lane, or select a lane with ", h("kbd", {}, "Tab"), " and press ", h("kbd", {}, "Enter"), ": everything that node could not have known at that moment turns grey."),
  );
}

export function horizonSentence(h0: Horizon, totalBefore: number): string {
  return `At ${formatTicks(h0.tick)}, ${h0.node} could know ${h0.knownCount} of the ${totalBefore} events that had happened anywhere by then.`;
}

/** The grey things, in words: "3 lost messages, 17 events on N2 it had not heard of, ...". */
export function unknowableItems(h0: Horizon): string[] {
  const u = h0.unknowable;
  const items: string[] = [];
  if (u.drops > 0) items.push(`${u.drops} lost message${u.drops === 1 ? "" : "s"} (nobody is told about a loss)`);
  if (u.inFlightToMe > 0) items.push(`${u.inFlightToMe} message${u.inFlightToMe === 1 ? "" : "s"} sent to ${h0.node} that had not arrived (in flight, or lost)`);
  for (const [node, n] of Object.entries(u.byNode).sort(([a], [b]) => a.localeCompare(b))) {
    items.push(`${n} thing${n === 1 ? "" : "s"} ${node} did that no message had carried to ${h0.node} yet`);
  }
  if (u.crashes > 0) items.push(`${u.crashes} crash${u.crashes === 1 ? "" : "es"} elsewhere`);
  if (u.faults > 0) items.push(`${u.faults} change${u.faults === 1 ? "" : "s"} in the network (partitions, slow links)`);
  if (u.duplicates > 0) items.push(`${u.duplicates} duplicate${u.duplicates === 1 ? "" : "s"} the network made`);
  return items;
}

export function horizonCard(h0: Horizon, yours: boolean, totalBefore: number, onClear: () => void): HTMLElement {
  const items = unknowableItems(h0);
  return card(
    "horizon",
    yours ? "You could not have known" : `${h0.node} could not have known`,
    h("p", { class: "horizon-sentence" }, horizonSentence(h0, totalBefore)),
    items.length > 0
      ? h("ul", { class: "horizon-list" }, ...items.map((item) => h("li", {}, item)))
      : h("p", { class: "muted" }, "Nothing was hidden: everything that had happened was in its causal past."),
    h("p", { class: "muted small" }, "Bright: its causal past (its own events, and what messages carried to it). Grey: everything else, however early it happened."),
    h("div", { class: "card-actions" }, button("Clear the horizon", onClear, { class: "btn btn-ghost", "data-action": "clear-horizon" })),
  );
}

// ---- goals, lesson, ghost, leaderboard -----------------------------------------------------------

export function goalsCard(goals: readonly GoalResult[], violations: number): HTMLElement {
  const rows = goals.map((g) =>
    h(
      "li",
      { class: g.met ? "goal goal-met" : "goal goal-missed", "data-goal": g.id },
      h("span", { class: "goal-mark", "aria-hidden": "true" }, g.met ? "✓" : "✗"),
      h("span", { class: "goal-body" }, h("span", { class: "goal-title" }, g.title), h("span", { class: "sr-only" }, g.met ? " (met)" : " (missed)"), h("span", { class: "goal-detail" }, g.detail)),
    ),
  );
  const safety = h(
    "li",
    { class: violations === 0 ? "goal goal-met" : "goal goal-missed", "data-goal": "safety" },
    h("span", { class: "goal-mark", "aria-hidden": "true" }, violations === 0 ? "✓" : "✗"),
    h(
      "span",
      { class: "goal-body" },
      h("span", { class: "goal-title" }, "No safety rule broken"),
      h("span", { class: "goal-detail" }, violations === 0 ? "every safety check held after every event" : `${violations} violation${violations === 1 ? "" : "s"}: the stars are capped at zero`),
    ),
  );
  return card("goals", "Goals", h("ul", { class: "goal-list" }, safety, ...rows));
}

export function lessonCard(chapter: number, lesson: string): HTMLElement {
  return card("lesson", `The lesson · ${chapterLabel(chapter)}`, h("p", { class: "lesson-text" }, lesson));
}

/** This game's numbers beside the book's real magnitudes (shared/view/real-world.ts). */
export function realWorldSection(rw: RealWorldCard): HTMLElement {
  return card(
    "realworld",
    "In the real world",
    h("ul", { class: "realworld-list" }, ...rw.here.map((line) => h("li", {}, line))),
    rw.there.length > 0 ? h("p", { class: "realworld-heading" }, "In the book's systems:") : null,
    rw.there.length > 0 ? h("ul", { class: "realworld-list" }, ...rw.there.map((line) => h("li", {}, line))) : null,
  );
}

export function ghostPendingCard(): HTMLElement {
  return card("ghost", "Ghost replay", h("p", { class: "muted" }, "Replaying the same storm with a by-the-book bot in your seat…"));
}

export function ghostErrorCard(message: string): HTMLElement {
  return card("ghost", "Ghost replay", h("p", { class: "muted" }, message));
}

/** `onOverlay` draws (true) or removes (false) the bot's messages on the diagram. */
export function ghostCard(diff: GhostDiff, onOverlay?: (on: boolean) => void): HTMLElement {
  const sign = (n: number): string => (n > 0 ? `+${n}` : String(n));
  let overlaid = false;
  const toggle = onOverlay
    ? button("Overlay the bot's messages on your lane", () => {
        overlaid = !overlaid;
        toggle!.setAttribute("aria-pressed", String(overlaid));
        toggle!.textContent = overlaid ? "Hide the bot's messages" : "Overlay the bot's messages on your lane";
        onOverlay(overlaid);
      }, { class: "btn btn-ghost btn-small", "data-action": "ghost-overlay", "aria-pressed": "false" })
    : null;
  return card(
    "ghost",
    "Ghost replay: you vs the by-the-book bot",
    h("p", { class: "ghost-summary" }, diff.summary),
    toggle ? h("div", { class: "card-actions" }, toggle, h("span", { class: "muted" }, "dashed white lines")) : null,
    h(
      "table",
      { class: "ghost-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, ""), h("th", { scope: "col", class: "num" }, "You"), h("th", { scope: "col", class: "num" }, "Bot"), h("th", { scope: "col", class: "num" }, "Diff"))),
      h(
        "tbody",
        {},
        ...diff.rows.map((r) =>
          h(
            "tr",
            { "data-row": r.id, class: `diff-${r.verdict}` },
            h("th", { scope: "row" }, r.label),
            h("td", { class: "num" }, String(r.you)),
            h("td", { class: "num" }, String(r.ghost)),
            h("td", { class: "num diff" }, r.delta === 0 ? "=" : sign(r.delta), h("span", { class: "sr-only" }, ` (${r.verdict})`)),
          ),
        ),
      ),
    ),
  );
}

export function leaderboardCard(rows: readonly LeaderboardRow[] | null, nickname: string, score: number, error: string | null): HTMLElement {
  if (error) return card("leaderboard", "Leaderboard", h("p", { class: "muted" }, error));
  if (!rows) return card("leaderboard", "Leaderboard", h("p", { class: "muted" }, "Loading…"));
  const mine = nickname ? rows.find((r) => r.nickname === nickname) : undefined;
  // Ranked among everyone else: your own best row would be this game's place, not a second entry.
  const others = rows.filter((r) => r !== mine);
  const wouldBe = others.filter((r) => r.score > score).length + 1;
  const outOf = others.length + 1;
  const lines: (Node | string)[] = [];
  if (mine) lines.push(h("p", { class: "rank-line" }, h("span", { class: "rank-big" }, `#${mine.rank}`), ` ${nickname}'s best on this level (${mine.score} points)`));
  lines.push(h("p", { class: mine ? "muted" : "rank-line" }, mine ? `This game's ${score} points alone would place #${wouldBe} of ${outOf}.` : `This game's ${score} points would place #${wouldBe} of ${outOf}.`));
  const top = rows.slice(0, 3).map((r) => h("li", {}, h("span", { class: "lb-name" }, r.nickname), h("span", { class: "num" }, String(r.score))));
  if (top.length > 0) lines.push(h("ol", { class: "lb-top" }, ...top));
  return card("leaderboard", "Leaderboard", ...lines);
}

// ---- metrics strip and legend -----------------------------------------------------------------

export function metricsStrip(m: DebriefMetrics): HTMLElement {
  const item = (name: string, value: string, hint: string, key: string): HTMLElement =>
    h("div", { class: "metric", "data-metric": key, title: hint }, h("span", { class: "metric-value" }, value), h("span", { class: "metric-name" }, name));
  const latency = m.latency.count > 0 ? `${formatTicks(m.latency.meanTicks)}` : "—";
  return h(
    "div",
    { class: "metrics-strip", role: "group", "aria-label": "Metrics" },
    item("latency (avg)", latency, `average answer time; p95 ${formatTicks(m.latency.p95Ticks)}, worst ${formatTicks(m.latency.maxTicks)}`, "latency"),
    item("p95", m.latency.count > 0 ? formatTicks(m.latency.p95Ticks) : "—", "95% of answers came at least this fast", "p95"),
    item("served", `${m.served}/${m.requests}`, "client requests answered OK", "served"),
    item("errors", String(m.errors), `client requests answered with an error (as in the score and the ghost table); ${m.unanswered} never answered`, "errors"),
    // Only where a node pointed a client elsewhere: the protocol working, so apart from errors.
    m.redirects > 0 ? item("redirects", String(m.redirects), "client requests a node pointed at the node that can serve them: not errors, no points lost", "redirects") : null,
    item("refused", String(m.refusedActions), "your actions the rules refused", "refused"),
    item("your msgs", String(m.yourMessages), "messages your node sent", "yours"),
    item("messages", String(m.messages), "messages sent by every node", "messages"),
    item("dropped", String(m.dropped), "messages the network lost", "dropped"),
    item("duplicated", String(m.duplicated), "extra copies the network delivered", "duplicated"),
    item("delayed", String(m.delayed), "deliveries far slower than the link's usual delay", "delayed"),
  );
}

export function legendCard(messageTypes: readonly string[]): HTMLElement {
  const types = messageTypes.map((type) => {
    const style = messageStyle(type);
    return h("li", {}, h("span", { class: "glyph", style: `color:${hex(style.color)}`, "aria-hidden": "true" }, SHAPE_GLYPH[style.shape]), ` ${type}`, h("span", { class: "sr-only" }, ` (${style.shape})`));
  });
  const line = (glyph: string, cls: string, words: string): HTMLElement => h("li", {}, h("span", { class: `glyph ${cls}`, "aria-hidden": "true" }, glyph), ` ${words}`);
  return card(
    "legend",
    "How to read it",
    h("ul", { class: "legend-types" }, ...types),
    h(
      "ul",
      { class: "legend-lines" },
      line("──▸", "", "delivered"),
      line("──✕", "lg-cross", "lost on the way"),
      line("◯⑂", "", "duplicated: one send, two copies"),
      line("╱╱", "lg-slow", "slow: far above the link's usual delay"),
      line("▨", "lg-pause", "paused (frozen)"),
      line("┆✕┆", "lg-cross", "crashed: a gap in the lane"),
      line("▤", "lg-part", "partition: cut-off lanes shaded"),
      line("◆", "", "your action (red: refused)"),
      line("■", "lg-ok", "answer to a client"),
    ),
  );
}
