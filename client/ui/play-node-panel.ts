// The node panel: your node's state exactly as your node knows it. Role and term up top,
// the two clocks, timers, every state field (a disk icon marks what survives a crash; the rest
// is RAM), the log with its commit point, who you last heard from, and what you sent without
// hearing back. Re-rendered per section only when that section's text changes.
import type { PrivateView } from "../net/snapshot.js";
import { h } from "./dom.js";
import { HIDDEN_STATE_FIELDS, clockText, entryText, seconds, valueText } from "./play-format.js";
import { shapeIcon } from "./play-shapes.js";
import { icon } from "./play-icons.js";
import { humanize } from "./words.js";
import type { Binding, Highlight } from "./play-bindings.js";
import { InputFields } from "./play-bindings-form.js";

export interface NodePanelHandlers {
  /** Ask to commit up to a log index (the server decides whether the rule allows it). */
  commitTo(index: number, anchor: HTMLElement): void;
  canCommit: boolean;
  /** Nodes in the level: the denominator of "holds this entry". */
  members: number;
  /** Your node's headline numbers for this protocol (Lamport clock; epoch, token, lease, quorum). */
  highlights?(me: PrivateView): Highlight[];
  /** Actions that need a form but no card (Lamport: gossip an item to a peer), and how to run one. */
  forms?(me: PrivateView): Binding[];
  run?(binding: Binding, anchor: HTMLElement): void;
}

type Section = "head" | "highlights" | "forms" | "clocks" | "timers" | "state" | "log" | "heard" | "awaiting";

const num = (v: unknown): number => (typeof v === "number" ? v : 0);

export class NodePanel {
  readonly element: HTMLElement;
  private readonly sections = new Map<Section, { element: HTMLElement; key: string }>();
  /** The forms' fields live outside patch() so typed values and focus survive every patch. */
  private readonly formFields: InputFields;
  private readonly formText = h("div", { class: "form-text" });
  private readonly formButtons = h("div", { class: "card-actions" });
  private formBindings: Binding[] = [];

  constructor(
    private readonly node: string,
    private readonly handlers: NodePanelHandlers,
  ) {
    this.element = h("section", { class: "panel play-node", "aria-labelledby": "node-title" });
    const order: Section[] = ["head", "highlights", "forms", "clocks", "timers", "log", "state", "heard", "awaiting"];
    for (const name of order) {
      const element = h("div", { class: `node-section node-${name}` });
      this.sections.set(name, { element, key: "" });
      this.element.append(element);
    }
    this.formFields = new InputFields((anchor) => {
      const first = this.formBindings[0];
      const btn = first ? this.formButtons.querySelector<HTMLElement>(`[data-action="${CSS.escape(first.action)}"]`) : null;
      if (first) this.handlers.run?.(this.formFields.resolve(first), btn ?? anchor);
    });
    this.sections.get("forms")!.element.append(this.formText, this.formFields.element, this.formButtons);
  }

  update(me: PrivateView | null): void {
    if (!me) {
      this.patch("head", "none", () => [h("h2", { id: "node-title", class: "node-title" }, `Your node ${this.node}`), h("p", { class: "muted" }, "Waiting for the game to start…")]);
      return;
    }
    const s = me.state;
    const role = typeof s.role === "string" ? s.role : "";
    const term = typeof s.currentTerm === "number" ? s.currentTerm : null;
    const status = me.status;
    this.patch("head", `${role}|${term}|${status}`, () => [
      h(
        "h2",
        { id: "node-title", class: "node-title" },
        h("span", { class: "node-id" }, this.node),
        role ? h("span", { class: `role-chip role-${role}` }, role) : null,
        term !== null ? h("span", { class: "term-chip", title: "Your current term (on disk)" }, `term ${term}`) : null,
      ),
      status !== "up"
        ? h("p", { class: `node-status status-${status}`, role: "status" }, status === "down" ? "Crashed: RAM is lost, the disk survives. Waiting to restart." : "Frozen in a long pause: nothing happens until you wake.")
        : null,
    ]);
    this.renderHighlights(me);
    this.renderForms(me);
    this.patch("clocks", `${me.wallTicks}|${me.uptimeTicks}`, () => [
      h("h3", { class: "sr-only" }, "Clocks"),
      h(
        "div",
        { class: "clocks" },
        h("div", { class: "clock" }, h("span", { class: "clock-name" }, "Wall clock"), h("span", { class: "clock-value" }, clockText(me.wallTicks)), h("span", { class: "clock-hint" }, "may be skewed or jump")),
        h("div", { class: "clock" }, h("span", { class: "clock-name" }, "Uptime"), h("span", { class: "clock-value" }, clockText(me.uptimeTicks)), h("span", { class: "clock-hint" }, "monotonic: never goes back")),
      ),
    ]);
    const timers = [...me.timers].sort((a, b) => a.firesAtUptimeTicks - b.firesAtUptimeTicks);
    this.patch("timers", timers.map((t) => `${t.name}:${t.firesAtUptimeTicks - me.uptimeTicks}`).join(","), () => [
      h("h3", {}, "Timers"),
      timers.length === 0
        ? h("p", { class: "muted small" }, "No timers running.")
        : h(
            "ul",
            { class: "timer-list" },
            ...timers.map((t) => {
              const left = Math.max(0, t.firesAtUptimeTicks - me.uptimeTicks);
              return h("li", { class: "timer" }, h("span", { class: "timer-name" }, humanize(t.name)), h("span", { class: "timer-left" }, `fires in ${seconds(left)}`), meter(left, 100));
            }),
          ),
    ]);
    const durable = new Set(me.durableFields);
    const fields = Object.keys(s).filter((k) => !HIDDEN_STATE_FIELDS.has(k) && k !== "role" && k !== "currentTerm");
    fields.sort((a, b) => Number(durable.has(b)) - Number(durable.has(a)));
    const totals = me.stateTotals;
    this.patch("state", JSON.stringify(fields.map((k) => [k, s[k]])) + [...durable].join() + JSON.stringify(totals), () => [
      h("h3", {}, "State ", h("span", { class: "legend-inline" }, icon("disk", "icon disk"), " on disk · ", h("span", { class: "ram-chip", "aria-hidden": "true" }, "RAM"), " lost in a crash")),
      h("dl", { class: "state-list" }, ...fields.map((k) => stateRow(k, s[k], durable.has(k), totals[k]))),
    ]);
    this.renderLog(me, durable.has("log"));
    const peers = Object.entries(me.lastHeard);
    this.patch("heard", peers.map(([p, at]) => `${p}:${at === null ? "-" : Math.floor((me.uptimeTicks - at) / 2)}`).join(","), () => [
      h("h3", {}, "Last heard from"),
      h(
        "ul",
        { class: "heard-list" },
        ...peers.map(([peer, at]) => {
          const ago = at === null ? null : me.uptimeTicks - at;
          const stale = ago === null || ago > 50;
          return h("li", { class: stale ? "heard stale" : "heard" }, h("span", { class: "heard-peer" }, peer), h("span", { class: "heard-ago" }, ago === null ? "never" : `${seconds(ago)} ago`));
        }),
      ),
    ]);
    const awaiting = [...me.awaiting].reverse().slice(0, 6);
    this.patch("awaiting", `${me.awaiting.length}|${awaiting.map((a) => a.msgId).join(",")}|${Math.floor(me.uptimeTicks / 5)}`, () => [
      h("h3", {}, `Sent, not heard back (${me.awaiting.length})`),
      me.awaiting.length === 0
        ? h("p", { class: "muted small" }, "Nothing outstanding.")
        : h(
            "ul",
            { class: "awaiting-list", "aria-label": "Messages you sent without hearing back: you cannot know whether they arrived" },
            ...awaiting.map((a) =>
              h("li", {}, shapeIcon(a.type, "shape-icon small"), h("span", {}, `${a.type} → ${a.to}`), h("span", { class: "muted" }, `${seconds(me.uptimeTicks - a.sentAtUptimeTicks)} ago`)),
            ),
          ),
    ]);
  }

  /** The protocol's headline numbers, large, with a meter where one helps (lease, quorum). */
  private renderHighlights(me: PrivateView): void {
    const items = this.handlers.highlights?.(me) ?? [];
    this.patch("highlights", JSON.stringify(items), () =>
      items.length === 0
        ? []
        : [
            h(
              "dl",
              { class: "highlights", "aria-label": "Your node at a glance" },
              ...items.map((x) =>
                h(
                  "div",
                  { class: `highlight highlight-${x.id}${x.tone ? ` tone-${x.tone}` : ""}`, "data-highlight": x.id },
                  h("dt", { class: "highlight-label" }, x.label),
                  h("dd", { class: "highlight-value" }, x.value),
                  x.meter !== undefined ? meter(100 * x.meter, 100) : null,
                  x.hint ? h("dd", { class: "highlight-hint" }, x.hint) : null,
                ),
              ),
            ),
          ],
    );
  }

  /** Forms needing no card: the fields stay put; only the group text and buttons are redrawn. */
  private renderForms(me: PrivateView): void {
    const bindings = this.handlers.forms?.(me) ?? [];
    this.formBindings = bindings;
    const section = this.sections.get("forms")!;
    section.element.hidden = bindings.length === 0;
    this.formFields.update(bindings);
    const key = JSON.stringify(bindings.map((b) => [b.action, b.params, b.label, b.group]));
    if (key === section.key) return;
    section.key = key;
    const focused = document.activeElement instanceof HTMLElement && this.formButtons.contains(document.activeElement) ? document.activeElement.dataset.action : undefined;
    const groups = [...new Map(bindings.filter((b) => b.group).map((b) => [b.group!.id, b.group!])).values()];
    this.formText.replaceChildren(...groups.flatMap((g) => [h("h3", {}, g.title), ...g.lines.map((line) => h("p", { class: "group-line" }, line))]));
    this.formButtons.replaceChildren(
      ...bindings.map((b) => {
        const btn = h("button", { type: "button", class: `btn-action act-${b.action}`, "data-action": b.action }, b.label);
        btn.addEventListener("click", () => this.handlers.run?.(this.formFields.resolve(b), btn));
        return btn;
      }),
    );
    if (focused) this.formButtons.querySelector<HTMLElement>(`[data-action="${CSS.escape(focused)}"]`)?.focus();
  }

  private renderLog(me: PrivateView, onDisk: boolean): void {
    const s = me.state;
    if (!Array.isArray(s.log)) {
      this.patch("log", "none", () => []);
      return;
    }
    const log = s.log as Record<string, unknown>[];
    const commitIndex = num(s.commitIndex);
    const leader = s.role === "leader";
    const match = (typeof s.matchIndex === "object" && s.matchIndex !== null ? s.matchIndex : {}) as Record<string, unknown>;
    const holders = (index: number): number => 1 + Object.values(match).filter((m) => num(m) >= index).length;
    const first = Math.max(0, log.length - 8);
    const shown = log.slice(first).map((entry, i) => ({ index: first + i + 1, entry }));
    const key = JSON.stringify([log.length, commitIndex, leader, shown.map((x) => [x.index, x.entry.term, leader ? holders(x.index) : 0]), this.handlers.canCommit]);
    this.patch("log", key, () => [
      h("h3", {}, onDisk ? h("span", { class: "disk-wrap", title: "On disk: survives a crash", role: "img", "aria-label": "on disk" }, icon("disk", "icon disk")) : null, ` Log (${log.length}) · committed to #${commitIndex}`),
      log.length === 0
        ? h("p", { class: "muted small" }, "Empty.")
        : h(
            "ol",
            { class: "log-list", "aria-label": `Your log: ${log.length} entries, committed up to entry ${commitIndex}` },
            first > 0 ? h("li", { class: "log-more muted" }, `… ${first} earlier`) : null,
            ...shown.map(({ index, entry }) => {
              const committed = index <= commitIndex;
              const row = h(
                "li",
                { class: committed ? "log-entry committed" : "log-entry" },
                h("span", { class: "log-index" }, `#${index}`),
                h("span", { class: "log-term" }, typeof entry.epoch === "number" && entry.term === undefined ? `e${entry.epoch}` : `t${num(entry.term)}`),
                h("span", { class: "log-cmd" }, entryText({ command: entry.command ?? entry.resId })),
                h("span", { class: "log-mark", "aria-label": committed ? "committed" : "not committed" }, committed ? "✓" : ""),
              );
              if (leader && !committed) {
                row.append(h("span", { class: "log-replicas", title: "Nodes known to hold this entry (you included)" }, `${holders(index)}/${this.handlers.members}`));
                if (this.handlers.canCommit) {
                  const btn = h("button", { type: "button", class: "btn-mini", "data-focus-key": `commit-${index}`, "aria-label": `Commit up to entry ${index}` }, "Commit");
                  btn.addEventListener("click", () => this.handlers.commitTo(index, btn));
                  row.append(btn);
                }
              }
              return row;
            }),
          ),
    ]);
  }

  /** Replaces a section's children only when its key changed, keeping keyboard focus where it was. */
  private patch(name: Section, key: string, build: () => (Node | null)[]): void {
    const section = this.sections.get(name);
    if (!section || section.key === key) return;
    section.key = key;
    const focused = document.activeElement instanceof HTMLElement && section.element.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
    section.element.replaceChildren(...build().filter((n): n is Node => n !== null));
    if (focused) section.element.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
  }
}

/** `total`: the list's full length when the server sent only its newest entries. */
function stateRow(name: string, value: unknown, durable: boolean, total?: number): HTMLElement {
  return h(
    "div",
    { class: durable ? "state-row durable" : "state-row ram" },
    h(
      "dt",
      {},
      durable ? h("span", { class: "disk-wrap", role: "img", "aria-label": "on disk" }, icon("disk", "icon disk")) : h("span", { class: "ram-chip", role: "img", "aria-label": "in RAM" }, "RAM"),
      h("span", { class: "state-name" }, humanize(name)),
    ),
    h("dd", {}, total !== undefined && Array.isArray(value) ? `${total} items` : valueText(value)),
  );
}

function meter(value: number, max: number): HTMLElement {
  const pct = Math.max(0, Math.min(100, (100 * value) / max));
  const bar = h("span", { class: "meter", "aria-hidden": "true" }, h("span", { class: "meter-fill" }));
  (bar.firstElementChild as HTMLElement).style.width = `${pct}%`;
  return bar;
}
