// The inbox: what arrived at your node, newest first, as cards. Each card says what it is
// (type with its packet shape, who it CLAIMS to be from, the payload and when it arrived on your
// clocks) and offers the actions that apply to it, with their keys. Cards are keyed by their
// inbox seq, so a patch never steals focus or rebuilds a card the player is reading.
import type { InboxCard, PrivateView } from "../net/snapshot.js";
import type { Binding } from "./play-bindings.js";
import type { CardCheck } from "../../shared/sim/screen.js";
import { h } from "./dom.js";
import { clockText, payloadFacts, seconds } from "./play-format.js";
import { shapeIcon } from "./play-shapes.js";
import { icon } from "./play-icons.js";
import { humanize } from "./words.js";
import { InputFields, groupedButtons } from "./play-bindings-form.js";

export interface InboxHandlers {
  bindings(card: InboxCard): Binding[];
  run(binding: Binding, anchor: HTMLElement): void;
  /** The protocol's checks for a card (the vote rule's on a vote request), from your view now. */
  checks(card: InboxCard): CardCheck[];
  messageSummary(type: string): string | undefined;
  /** A client request's payload in words (the protocol's own when it has them). */
  requestWords(payload: unknown): string;
}

interface CardView {
  card: InboxCard;
  element: HTMLElement;
  actions: HTMLElement;
  checks: HTMLElement;
  checksKey: string;
  /** Fields some bindings need (a stamp...): kept across patches, merged into params on run. */
  fields: InputFields;
  bindings: Binding[];
  bindingKey: string;
  handled: boolean;
}

export class InboxPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private readonly views = new Map<number, CardView>();
  /** Newest first, as shown. */
  ordered: CardView[] = [];
  selected: number | null = null;

  constructor(private readonly handlers: InboxHandlers) {
    this.count = h("span", { class: "inbox-count" }, "");
    this.list = h("ol", { class: "inbox-list", "aria-label": "Inbox, newest first" });
    this.element = h(
      "section",
      { class: "panel play-inbox", "aria-labelledby": "inbox-title" },
      h("h2", { id: "inbox-title", class: "panel-title" }, "Inbox ", this.count, h("span", { class: "title-hint" }, h("kbd", {}, "J"), " ", h("kbd", {}, "K"), " move")),
      this.list,
    );
  }

  update(me: PrivateView | null): void {
    // Newest first; cards still waiting for you above the ones already dealt with.
    const newest = me ? [...me.inbox].reverse() : [];
    const cards = [...newest.filter((c) => !c.handled), ...newest.filter((c) => c.handled)];
    const keep = new Set(cards.map((c) => c.seq));
    for (const [seq, view] of this.views) {
      if (!keep.has(seq)) {
        view.element.remove();
        this.views.delete(seq);
      }
    }
    // The card the player is working in (typing a stamp...) stays where it is on screen when
    // newer cards arrive above it.
    const focused = this.focusedIndex();
    const anchor = focused === null ? null : this.ordered[focused]!.element;
    const anchorTop = anchor ? anchor.offsetTop - this.list.scrollTop : 0;
    const ordered: CardView[] = [];
    for (const card of cards) {
      let view = this.views.get(card.seq);
      if (!view) {
        view = this.makeCard(card, me!);
        this.views.set(card.seq, view);
      }
      view.card = card;
      this.refresh(view, me!);
      ordered.push(view);
    }
    // Put the elements in order without recreating them (moving a focused node keeps focus in Chromium).
    ordered.forEach((view, i) => {
      if (this.list.children[i] !== view.element) this.list.insertBefore(view.element, this.list.children[i] ?? null);
    });
    this.ordered = ordered;
    if (anchor && anchor.isConnected) {
      const drift = anchor.offsetTop - this.list.scrollTop - anchorTop;
      if (drift !== 0) this.list.scrollTop += drift;
    }
    const waiting = ordered.filter((v) => !v.handled && v.bindings.length > 0).length;
    this.count.textContent = waiting > 0 ? `${waiting} waiting` : "";
    // A bot runs the node (watch mode, or a held seat): it deals with arrivals, no card waits.
    const empty = me?.controller.kind === "bot" ? "A bot runs this node: it deals with everything that arrives, so no card waits here." : "Nothing has arrived yet.";
    const shown = this.list.querySelector(".inbox-empty");
    if (ordered.length === 0 && shown?.textContent !== empty) {
      shown?.remove();
      this.list.append(h("li", { class: "inbox-empty muted" }, empty));
    }
    if (ordered.length > 0) shown?.remove();
  }

  cardsForKeys(): { handled: boolean; bindings: Binding[]; element: HTMLElement }[] {
    return this.ordered.map((v) => ({ handled: v.handled, bindings: v.bindings.map((b) => v.fields.resolve(b)), element: v.element }));
  }

  /** The index of the card holding keyboard focus, if any. */
  focusedIndex(): number | null {
    const active = document.activeElement;
    const i = this.ordered.findIndex((v) => v.element === active || (active instanceof Node && v.element.contains(active)));
    return i >= 0 ? i : null;
  }

  move(delta: 1 | -1): void {
    if (this.ordered.length === 0) return;
    const from = this.focusedIndex() ?? this.selected ?? -1;
    const to = Math.max(0, Math.min(this.ordered.length - 1, from + delta));
    this.selected = to;
    this.ordered[to]?.element.focus();
    this.ordered[to]?.element.scrollIntoView({ block: "nearest" });
  }

  private makeCard(card: InboxCard, me: PrivateView): CardView {
    const e = card.event;
    const actions = h("div", { class: "card-actions" });
    // Enter in a field runs the card's first action that uses the fields.
    const fields = new InputFields((anchor) => {
      const view = this.views.get(card.seq);
      const first = view?.bindings.find((b) => (b.inputs?.length ?? 0) > 0);
      const btn = first && view ? view.actions.querySelector<HTMLElement>(`[data-action="${CSS.escape(first.action)}"]`) : null;
      if (first && view) this.handlers.run(fields.resolve(first), btn ?? anchor);
    });
    let title: HTMLElement;
    let body: (HTMLElement | null)[] = [];
    let kindClass = "card-message";
    if (e.kind === "message") {
      title = h("h3", { class: "card-title" }, shapeIcon(e.type), h("span", { class: "card-type" }, e.type), h("span", { class: "card-from" }, `from ${e.from}`));
      const facts = payloadFacts(e.payload);
      body = [
        facts.length > 0 ? h("dl", { class: "card-facts" }, ...facts.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v)))) : null,
        h("p", { class: "card-meta" }, `msg #${e.msgId} · arrived at uptime ${clockText(card.uptimeTicks)}`),
      ];
    } else if (e.kind === "timer") {
      kindClass = "card-timer";
      title = h("h3", { class: "card-title" }, icon("clock", "shape-icon"), h("span", { class: "card-type" }, `${humanize(e.name)} timer fired`));
      body = [h("p", { class: "card-meta" }, `at uptime ${clockText(card.uptimeTicks)}`)];
    } else {
      kindClass = "card-request";
      title = h("h3", { class: "card-title" }, icon("person", "shape-icon"), h("span", { class: "card-type" }, "Client request"), h("span", { class: "card-from" }, e.requestId));
      body = [
        h("p", { class: "card-request-words" }, this.handlers.requestWords(e.payload)),
        h("p", { class: "card-meta" }, `arrived at uptime ${clockText(card.uptimeTicks)}`),
      ];
    }
    const summary = e.kind === "message" ? this.handlers.messageSummary(e.type) : undefined;
    const checks = h("ul", { class: "card-checks", "aria-label": "The rule's checks, from what your node knows now", hidden: true });
    const element = h(
      "li",
      { class: `inbox-card ${kindClass} fresh`, tabindex: 0, "data-seq": card.seq, "aria-label": cardLabel(card, me) },
      title,
      summary ? h("p", { class: "card-summary", title: summary }, summary) : null,
      ...body,
      checks,
      fields.element,
      actions,
    );
    setTimeout(() => element.classList.remove("fresh"), 1600);
    return { card, element, actions, checks, checksKey: "", fields, bindings: [], bindingKey: "", handled: card.handled };
  }

  private refreshChecks(view: CardView): void {
    drawChecks(view, view.handled ? [] : this.handlers.checks(view.card));
  }

  private refresh(view: CardView, _me: PrivateView): void {
    view.handled = view.card.handled;
    view.element.classList.toggle("handled", view.handled);
    this.refreshChecks(view);
    const bindings = view.handled ? [] : this.handlers.bindings(view.card);
    const key = bindings.map((b) => `${b.action}${JSON.stringify(b.params)}${b.key}${b.label}${JSON.stringify(b.group ?? "")}`).join("|") + (view.handled ? "done" : "");
    view.bindings = bindings;
    view.fields.update(bindings);
    if (key === view.bindingKey) return;
    view.bindingKey = key;
    const focusedAction = document.activeElement instanceof HTMLElement && view.actions.contains(document.activeElement) ? document.activeElement.dataset.action : undefined;
    if (view.handled) {
      view.actions.replaceChildren(h("span", { class: "card-done" }, "✓ dealt with"));
      if (focusedAction) view.element.focus();
      return;
    }
    const focusedKey = focusedAction && document.activeElement instanceof HTMLElement ? document.activeElement.getAttribute("aria-keyshortcuts") : null;
    view.actions.replaceChildren(
      ...groupedButtons(bindings, (b) => {
        const btn = h(
          "button",
          { type: "button", class: `btn-action act-${b.action}`, "data-action": b.action, "aria-keyshortcuts": b.key ? b.key.toUpperCase() : undefined, "data-answer": typeof b.params.answer === "string" ? b.params.answer : undefined },
          b.key ? h("kbd", { "aria-hidden": "true" }, b.key.toUpperCase()) : null,
          ` ${b.label}`,
        );
        btn.addEventListener("click", () => this.handlers.run(view.fields.resolve(b), btn));
        return btn;
      }),
    );
    if (focusedAction) (view.actions.querySelector<HTMLElement>(`[data-action="${CSS.escape(focusedAction)}"]${focusedKey ? `[aria-keyshortcuts="${CSS.escape(focusedKey)}"]` : ""}`) ?? view.actions.querySelector<HTMLElement>(`[data-action="${CSS.escape(focusedAction)}"]`))?.focus();
  }
}

/** ✓ or ✗ per check, redrawn only when their text changes (nothing once the card is dealt with). */
function drawChecks(view: CardView, checks: readonly CardCheck[]): void {
  const key = JSON.stringify(checks);
  if (key === view.checksKey) return;
  view.checksKey = key;
  view.checks.hidden = checks.length === 0;
  view.checks.replaceChildren(
    ...checks.map((c) => h("li", { class: c.ok ? "check ok" : "check bad" }, h("span", { class: "check-mark", "aria-hidden": "true" }, c.ok ? "✓" : "✗"), h("span", { class: "sr-only" }, c.ok ? "yes: " : "no: "), c.text)),
  );
}

function cardLabel(card: InboxCard, me: PrivateView): string {
  const e = card.event;
  const ago = `${seconds(me.uptimeTicks - card.uptimeTicks)} ago`;
  if (e.kind === "message") return `${e.type} from ${e.from}, ${ago}`;
  if (e.kind === "timer") return `${humanize(e.name)} timer fired, ${ago}`;
  return `Client request ${e.requestId}, ${ago}`;
}
