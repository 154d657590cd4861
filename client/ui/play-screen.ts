// The play screen's DOM: HUD (level, mode, time left, score, goals), banners (INCIDENT,
// connection), your node panel, the inbox, the client-request queue, the action bar with its
// keys, the autopilot switches and the message legend. The Phaser map draws in the empty
// middle (the `.play-map-slot` box). It reads snapshots and sends actions; the server decides
// what is legal, and a refusal is shown next to the action that caused it, with the rule.
import { WatchStrip, type WatchHandlers } from "./play-watch.js";
import type { FaultSpec } from "../../shared/level/faults.js";
import type { LevelSummary } from "../net/api-types.js";
import { faultPresets, type FaultPreset } from "./fault-presets.js";
import { nemesisPresets, nemesisRules } from "./nemesis-menu.js";
import type { NemesisWelcome, Reply } from "../net/room-client.js";
import type { GameSnapshot, InboxCard, PrivateView } from "../net/snapshot.js";
import type { Protocol } from "../../shared/sim/protocol.js";
import { announce, button, h } from "./dom.js";
import { cardBindings, cardEvent, cardForKey, globalBindings, keyCommand, offersOf, panelForms, viewContext, type Binding } from "./play-bindings.js";
import { LIST_TOTALS_KEY, nodeScreen, type CardCheck, type NodeScreenView } from "../../shared/sim/screen.js";
import type { ActionOffer } from "../../shared/sim/legal-actions.js";
import { requestWords, seconds, timeLeft } from "./play-format.js";
import { PlayHelp } from "./play-help.js";
import { faultyLinks, faultyLinkWords } from "../view/link-faults.js";
import { InboxPanel } from "./play-inbox.js";
import { NodePanel } from "./play-node-panel.js";
import { shapeIcon } from "./play-shapes.js";
import { levelCode } from "./home-panel.js";
import { humanize } from "./words.js";
import "./play.css";
import "./play-fit.css";
import { PhaseNews } from "./phase-news.js";
import { KnobsPanel } from "./play-knobs.js";

export interface PlayScreenOptions {
  level: LevelSummary;
  goals: readonly { id: string; title: string }[];
  protocol: Protocol | undefined;
  node: string | null;
  joinCode: string;
  /** A solo room (from the welcome): no join code to share, and the player may pause. */
  solo: boolean;
  /** The facilitator's only (null for everyone else): what a projector types to watch the god's view. */
  projectorCode: string | null;
  send(action: string, params: Record<string, unknown>): Promise<Reply>;
  autopilot(chore: string, on: boolean): Promise<Reply>;
  /** Sets one of the level's knobs on the player's node. */
  knob(knob: string, value: number): Promise<Reply>;
  facilitator(kind: "pause" | "resume"): Promise<Reply>;
  /** The facilitator throws a fault at the running game (team rooms). */
  injectFault(fault: FaultSpec): Promise<Reply>;
  isFacilitator(): boolean;
  leave(): void;
  /** Watch mode (solo): the speed of the film and taking the seat. */
  watch?: WatchHandlers;
  /** A workshop's nemesis (no seat): the fault menu within their budget, through injectFault. */
  nemesis?: NemesisWelcome | null;
}

const REFUSAL_SHOW_MS = 9000;

export class PlayScreen {
  readonly element: HTMLElement;
  private readonly mapSlot: HTMLElement;
  private readonly hudTime: HTMLElement;
  private readonly phaseNews = new PhaseNews();
  private readonly hudScore: HTMLElement;
  private readonly hudPhase: HTMLElement;
  private readonly incident: HTMLElement;
  private readonly connection: HTMLElement;
  private readonly barSlot: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly autopilotBox: HTMLElement;
  private readonly knobs: KnobsPanel;
  private readonly requestsList: HTMLElement;
  /** The god's view (spectators): the links a fault breaks now, in words beside the map's lines. */
  private readonly faultList: HTMLElement;
  private pauseButton: HTMLButtonElement | null = null;
  /** Watch mode's strip (solo seats only) and the controls it stands in for while watching. */
  private readonly watch: WatchStrip | null;
  private readonly controls: HTMLElement | null;
  private faultMenu: HTMLDetailsElement | null = null;
  /** The nemesis' budget and the level's limits, atop their fault menu. */
  private readonly nemesisRulesLine = h("p", { class: "nemesis-rules small", "data-nemesis-rules": "", "aria-live": "polite" });
  private readonly nodePanel: NodePanel | null;
  private readonly inbox: InboxPanel | null;
  private readonly help: PlayHelp;
  private facilitator = false;
  /** What your node can do now, listed from its view at each patch (shared/sim/legal-actions.ts). */
  private offers: ActionOffer[] = [];
  private snapshot: GameSnapshot | null = null;
  private ended = false;
  private readonly pendingChores = new Map<string, boolean>();
  private globals: Binding[] = [];
  private globalsKey = "";
  private autopilotKey = "";
  private readonly onKeyDown = (event: KeyboardEvent): void => this.handleKey(event);

  constructor(private readonly options: PlayScreenOptions) {
    const { level, node } = options;
    this.hudTime = h("span", { class: "hud-value", id: "hud-time" }, "—");
    this.hudScore = h("span", { class: "hud-value", id: "hud-score" }, "0");
    this.hudPhase = h("span", { class: "hud-phase" }, "");
    this.incident = h("div", { class: "banner banner-incident", role: "alert", hidden: true });
    this.connection = h("div", { class: "banner banner-connection", role: "status", hidden: true });
    this.mapSlot = h("div", { class: "play-map-slot", "aria-hidden": "true" });
    this.barSlot = h("div", { class: "bar-refusal", "aria-live": "assertive" });
    this.bar = h("div", { class: "action-bar", role: "toolbar", "aria-label": "Actions (keys 1 to 9)" });
    this.autopilotBox = h("div", { class: "autopilot", role: "group", "aria-label": "Autopilot (Shift + number)" });
    this.knobs = new KnobsPanel(level.knobs, (knob, value) => options.knob(knob, value));
    this.requestsList = h("ul", { class: "request-list" });
    this.faultList = h("ul", { class: "fault-links", "aria-live": "polite" });
    this.help = new PlayHelp(level, () => this.pauseHint());
    this.watch = node && options.watch ? new WatchStrip(node, options.watch) : null;
    this.controls = node ? h("div", { class: "play-controls" }, this.barSlot, this.bar, this.autopilotBox, this.knobs.element) : null;

    const hud = h(
      "header",
      { class: "play-hud" },
      h(
        "div",
        { class: "hud-title" },
        h("span", { class: "hud-code" }, levelCode(level.id)),
        h("h1", { class: "hud-level" }, level.title),
        h("span", { class: "hud-mode", id: "hud-mode" }, ""),
        options.nemesis ? h("span", { class: "chip chip-nemesis", "data-nemesis": "true" }, "Nemesis: you play the network") : null,
        options.joinCode && level.seats.max > 1 && !this.isSolo() ? h("span", { class: "hud-join", title: "Join code of this room" }, "Code ", h("strong", {}, options.joinCode)) : null,
      ),
      h("div", { class: "hud-stat" }, h("span", { class: "hud-label" }, "Time left"), this.hudTime),
      h("div", { class: "hud-stat" }, h("span", { class: "hud-label" }, "Score"), this.hudScore),
      this.goalsMenu(),
      this.hudPhase,
      h(
        "div",
        { class: "hud-buttons" },
        this.faultMenuElement(),
        this.pauseButtonElement(),
        button("?", () => this.help.toggle(), { class: "btn btn-ghost btn-small btn-help", "data-action": "help", "aria-keyshortcuts": "?", "aria-label": "Help: keys, briefing and goals", title: "Help: keys, briefing and goals (?)" }),
        button("Leave", () => this.confirmLeave(), { class: "btn btn-ghost btn-small", "data-action": "leave" })),
    );

    if (node) {
      this.nodePanel = new NodePanel(node, {
        screen: (me) => this.nodeScreen(node, me),
        enabled: level.actions,
        forms: () => panelForms(this.offers),
        run: (binding, anchor) => this.run(binding, anchor),
      });
      this.inbox = new InboxPanel({
        bindings: (card) => this.cardBindings(card),
        run: (binding, anchor) => this.run(binding, anchor),
        checks: (card) => this.cardChecks(card),
        messageSummary: (type) => options.protocol?.messageTypes[type]?.summary,
        requestWords: (payload) => requestWords(options.protocol, payload),
      });
    } else {
      this.nodePanel = null;
      this.inbox = null;
    }

    const left = h("div", { class: "play-left" }, this.nodePanel?.element ?? this.spectatorPanel());
    const right = h(
      "div",
      { class: "play-right" },
      this.inbox?.element ?? null,
      node ? h("section", { class: "panel play-requests", "aria-labelledby": "req-title" }, h("h2", { id: "req-title", class: "panel-title" }, "Client requests"), this.requestsList) : null,
    );
    const center = h(
      "div",
      { class: "play-center" },
      this.incident,
      this.connection,
      this.phaseNews.element,
      this.mapSlot,
      this.legend(),
      this.watch?.element ?? null,
      this.controls,
    );
    this.element = h("div", { class: "screen-play", "data-screen": "play" }, hud, h("div", { class: "play-body" }, left, center, right), this.help.element);
    document.addEventListener("keydown", this.onKeyDown);
  }

  /** The middle box the canvas map should fill, in CSS pixels. */
  mapRect(): { x: number; y: number; width: number; height: number } {
    const r = this.mapSlot.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  }

  update(snapshot: GameSnapshot): void {
    this.snapshot = snapshot;
    const { protocol, node, level } = this.options;
    this.offers = protocol && node && snapshot.me ? offersOf(protocol, level, node, snapshot.me, snapshot.tick) : [];
    const left = snapshot.durationTicks - snapshot.tick;
    this.hudTime.textContent = timeLeft(left);
    this.phaseNews.update(level, snapshot.tick);
    this.hudTime.classList.toggle("hurry", left < 300 && snapshot.phase === "running");
    this.hudScore.textContent = String(snapshot.score);
    const mode = this.element.querySelector("#hud-mode");
    if (mode) {
      mode.textContent = snapshot.playMode === "free" ? "Free mode" : "Guided mode";
      mode.className = `hud-mode mode-${snapshot.playMode}`;
    }
    this.hudPhase.textContent = snapshot.paused ? (snapshot.mode === "solo" ? "Paused" : "Paused by the facilitator") : snapshot.phase === "lobby" ? "Waiting for the start" : snapshot.phase === "ended" ? "Game over" : "";
    if (this.pauseButton) {
      this.pauseButton.textContent = snapshot.paused ? "Resume" : "Pause";
      this.pauseButton.hidden = !this.canPause();
    }
    this.setIncident(snapshot.incident);
    this.nodePanel?.update(snapshot.me);
    this.inbox?.update(snapshot.me);
    this.renderRequests(snapshot.me);
    this.renderGlobals(snapshot);
    this.renderAutopilot(snapshot);
    const myRole = this.options.level.nodes.find((n) => n.id === this.options.node)?.role ?? null;
    this.knobs.render(snapshot.me?.knobs ?? null, myRole, snapshot.me?.controller.kind === "bot");
    this.renderFaultLinks(snapshot);
    this.watch?.update(snapshot);
    // While the bot plays your node there is nothing for you to press but the watch strip's.
    if (this.controls) this.controls.hidden = this.watch?.isActive ?? false;
  }

  private renderFaultLinks(snapshot: GameSnapshot): void {
    if (this.options.node) return;
    const links = snapshot.observer ? faultyLinks(snapshot.observer.activeFaults, this.options.level.nodes.map((n) => n.id)) : [];
    const words = links.map(faultyLinkWords);
    const key = words.join("|");
    if (this.faultList.dataset.key === key && this.faultList.childElementCount > 0) return;
    this.faultList.dataset.key = key;
    this.faultList.replaceChildren(...(words.length > 0 ? words.map((w, i) => h("li", { class: `fault-link fault-${links[i]!.look}` }, w)) : [h("li", { class: "muted small" }, "None: every link works.")]));
  }

  setConnection(text: string | null, tone: "warn" | "bad" = "warn"): void {
    this.connection.hidden = text === null;
    this.connection.textContent = text ?? "";
    this.connection.classList.toggle("bad", tone === "bad");
  }

  /** The end: a short banner while the debrief takes over (or stays, if it cannot). */
  showEnd(score: number | null, stars: number | null, openDebrief: (() => void) | null, saveError: string | null): void {
    this.ended = true;
    this.clearRefusals();
    const box = h(
      "div",
      { class: "panel play-end", role: "dialog", "aria-modal": "false", "aria-labelledby": "end-title" },
      h("h2", { id: "end-title", tabindex: -1 }, "Time!"),
      h("p", { class: "end-score" }, score !== null ? `Score ${score}` : "The game is over.", stars !== null ? ` · ${"★".repeat(stars)}${"☆".repeat(Math.max(0, 3 - stars))}` : ""),
      saveError ? h("p", { class: "muted" }, saveError) : null,
      h(
        "p",
        { class: "muted" },
        openDebrief
          ? this.options.node
            ? "Opening the debrief: what really happened on the network…"
            : "Opening the room's debrief: what really happened on the network…"
          : "Nobody had a seat in this game, so no debrief was stored.",
      ),
      h(
        "div",
        { class: "end-buttons" },
        openDebrief ? button("Open the debrief", openDebrief, { class: "btn btn-primary", "data-action": "open-debrief" }) : null,
        button("Home", () => this.options.leave(), { class: "btn btn-ghost", "data-action": "home" }),
      ),
    );
    this.element.append(box);
    box.querySelector<HTMLElement>("#end-title")?.focus();
    announce(`Game over.${score !== null ? ` Score ${score}.` : ""}`);
  }

  destroy(): void {
    document.removeEventListener("keydown", this.onKeyDown);
    this.element.remove();
  }

  // ---- actions -------------------------------------------------------------------------------

  private cardBindings(card: InboxCard): Binding[] {
    return cardBindings(this.offers, card);
  }

  /** What the protocol's screen shows of your node, from your node's own view. */
  private nodeScreen(node: string, me: PrivateView): NodeScreenView {
    const { protocol, level } = this.options;
    // Lists the server cut to their newest entries carry their full lengths for the screen to count.
    const state = Object.keys(me.stateTotals).length > 0 ? { ...me.state, [LIST_TOTALS_KEY]: me.stateTotals } : me.state;
    return nodeScreen(protocol?.screen, me.durableFields, state, viewContext(level, node, me), me.status === "down");
  }

  private run(binding: Binding, anchor: HTMLElement): void {
    const snapshot = this.snapshot;
    if (this.ended) return;
    if (!snapshot || snapshot.phase !== "running") {
      this.showRefusal(anchor, { ok: false, code: "not-started", message: snapshot?.phase === "ended" ? "The game is over." : "The game has not started yet." });
      return;
    }
    anchor.classList.add("pending");
    void this.options.send(binding.action, binding.params).then((reply) => {
      anchor.classList.remove("pending");
      if (reply.ok) {
        anchor.classList.add("done-flash");
        setTimeout(() => anchor.classList.remove("done-flash"), 500);
        announce(`${binding.label}: done.`);
        this.clearRefusals();
      } else if (!this.ended) {
        this.showRefusal(anchor, reply);
      }
    });
  }

  private clearRefusals(): void {
    for (const old of this.element.querySelectorAll(".refusal")) old.remove();
  }

  /** Shows the server's refusal right next to the control that asked, with the rule in Guided mode. */
  private showRefusal(anchor: HTMLElement, reply: Extract<Reply, { ok: false }>): void {
    this.clearRefusals();
    const box = h(
      "div",
      { class: reply.code === "rule" ? "refusal refusal-rule" : "refusal", role: "alert" },
      // One line of why, then the rule: short enough to sit inside an inbox card.
      h("p", { class: "refusal-message" }, h("strong", { class: "refusal-title" }, reply.code === "rule" ? "Refused, breaks the rule: " : "Refused: "), reply.message),
      reply.rule ? h("p", { class: "refusal-rule-text", title: reply.rule }, h("span", { class: "refusal-rule-label" }, "Rule"), reply.rule) : null,
    );
    const card = anchor.closest(".inbox-card");
    const logRow = anchor.closest(".log-entry");
    // A fault refused (the nemesis' budget, the level's limits): said inside the menu.
    const faults = anchor.closest(".fault-pop");
    if (faults) faults.prepend(box);
    else if (card) card.append(box);
    else if (logRow) logRow.after(box);
    else this.barSlot.append(box);
    box.scrollIntoView({ block: "nearest" });
    setTimeout(() => box.remove(), REFUSAL_SHOW_MS);
  }

  private renderGlobals(snapshot: GameSnapshot): void {
    if (!this.options.node) return;
    this.globals = globalBindings(this.offers);
    const down = snapshot.me?.status !== "up" || snapshot.phase !== "running";
    // Labels too: a button's words may follow the state ("Send full records (now)", a count).
    const key = this.globals.map((b) => `${b.action}${JSON.stringify(b.params)}${b.label}${b.unavailable ?? ""}`).join("|") + String(down);
    if (key === this.globalsKey) return;
    this.globalsKey = key;
    const focused = document.activeElement instanceof HTMLElement && this.bar.contains(document.activeElement) ? document.activeElement.dataset.action : undefined;
    const button = (b: Binding): HTMLButtonElement => {
      const summary = this.options.protocol?.actions[b.action]?.summary ?? "";
      const why = b.unavailable ? `Not now: ${b.unavailable}` : summary;
      const btn = h(
        "button",
        { type: "button", class: b.unavailable ? "btn-action bar-action bar-action-later" : "btn-action bar-action", "data-action": b.action, "aria-keyshortcuts": b.letter ? `${b.key} ${b.letter.toUpperCase()}` : b.key, title: why, "aria-description": why },
        h("kbd", { "aria-hidden": "true" }, b.key),
        ` ${b.label}`,
        b.letter ? h("span", { class: "key-alt", "aria-hidden": "true" }, b.letter.toUpperCase()) : null,
      );
      if (down || b.unavailable) btn.setAttribute("aria-disabled", "true");
      // Still runs: the server's refusal says why, in the same words as the tooltip.
      btn.addEventListener("click", () => this.run(b, btn));
      return btn;
    };
    const now = this.globals.filter((b) => !b.unavailable);
    const later = this.globals.filter((b) => b.unavailable);
    this.bar.replaceChildren(
      // A seat whose every decision is on a card or a setting (l01's Email provider, l02) says so, not an empty box.
      this.globals.length === 0 ? h("span", { class: "bar-empty muted" }, "Nothing to press here: this seat's actions are on its cards and settings.") : "",
      ...now.map(button),
      later.length > 0 ? h("span", { class: "bar-later", role: "group", "aria-label": "Not possible right now" }, h("span", { class: "bar-later-label", "aria-hidden": "true" }, "Not now"), ...later.map(button)) : "",
    );
    if (focused) this.bar.querySelector<HTMLElement>(`[data-action="${CSS.escape(focused)}"]`)?.focus();
  }

  /** The level's chores this seat's role has (Shift+1 is the first of them). */
  private chores(): readonly string[] {
    const role = this.options.level.nodes.find((n) => n.id === this.options.node)?.role;
    return this.options.level.autopilot.filter((chore) => {
      const roles = this.options.protocol?.autopilot[chore]?.roles;
      return !roles || (role !== undefined && roles.includes(role));
    });
  }

  private renderAutopilot(snapshot: GameSnapshot): void {
    const chores = this.chores();
    const me = snapshot.me;
    const on = new Set(me?.controller.kind === "human" ? me.controller.autopilot : []);
    // A switch the player just flipped shows its new position until the server answers.
    for (const [chore, want] of this.pendingChores) want ? on.add(chore) : on.delete(chore);
    const botRuns = me?.controller.kind === "bot";
    const key = chores.map((c) => `${c}${on.has(c)}`).join() + String(botRuns);
    if (key === this.autopilotKey || chores.length === 0) return;
    this.autopilotKey = key;
    const focused = document.activeElement instanceof HTMLElement && this.autopilotBox.contains(document.activeElement) ? document.activeElement.dataset.chore : undefined;
    this.autopilotBox.replaceChildren(
      h("span", { class: "autopilot-label" }, "Autopilot"),
      ...chores.map((chore, i) => {
        const info = this.options.protocol?.autopilot[chore];
        const pressed = on.has(chore);
        const btn = h(
          "button",
          { type: "button", class: "switch", "data-chore": chore, "aria-pressed": String(pressed), "aria-keyshortcuts": `Shift+${i + 1}`, title: info?.summary ?? "" },
          h("span", { class: "switch-track", "aria-hidden": "true" }, h("span", { class: "switch-thumb" })),
          h("kbd", { "aria-hidden": "true" }, `⇧${i + 1}`),
          ` ${info?.label ?? humanize(chore)}`,
        );
        btn.addEventListener("click", () => this.toggleChore(chore, btn));
        return btn;
      }),
      ...(botRuns ? [h("span", { class: "muted small" }, "A bot runs your node while you are away.")] : []),
    );
    if (focused) this.autopilotBox.querySelector<HTMLElement>(`[data-chore="${CSS.escape(focused)}"]`)?.focus();
  }

  private toggleChore(chore: string, anchor: HTMLElement): void {
    const on = anchor.getAttribute("aria-pressed") !== "true";
    anchor.setAttribute("aria-pressed", String(on));
    this.pendingChores.set(chore, on);
    void this.options.autopilot(chore, on).then((reply) => {
      // Accepted: the next patch carries it. Keep showing the wish until then (one patch later).
      setTimeout(() => this.pendingChores.delete(chore), reply.ok ? 400 : 0);
      if (!reply.ok) this.pendingChores.delete(chore);
      if (!reply.ok) {
        anchor.setAttribute("aria-pressed", String(!on));
        this.showRefusal(anchor, reply);
      } else {
        announce(`${this.options.protocol?.autopilot[chore]?.label ?? chore} ${on ? "on" : "off"}.`);
      }
    });
  }

  private renderRequests(me: PrivateView | null): void {
    if (!this.options.node) return;
    const requests = me?.requests ?? [];
    const rows = requests.slice(0, 6).map((r) => {
      const due = r.dueAtUptimeTicks - (me?.uptimeTicks ?? 0);
      // The same actions as the request's inbox card, which may have scrolled out of the inbox.
      // Actions needing a typed value (a Lamport stamp) stay on the inbox card, where its field is.
      const card = me?.inbox.find((c) => c.event.kind === "request" && c.event.requestId === r.requestId);
      const bindings = card ? cardBindings(this.offers, card).filter((b) => !b.inputs?.length) : [];
      const actions = bindings.map((b) => {
        const btn = h("button", { type: "button", class: "btn-mini", "data-action": b.action, "aria-label": `${b.label}: ${r.requestId}` }, b.label);
        btn.addEventListener("click", () => this.run(b, btn));
        return btn;
      });
      return h(
        "li",
        { class: due < 15 ? "request urgent" : "request" },
        h("span", { class: "request-id" }, r.requestId),
        h("span", { class: "request-payload" }, this.requestWords(r.payload)),
        h("span", { class: "request-due" }, due >= 0 ? `due in ${seconds(due)}` : `late by ${seconds(-due)}`),
        actions.length > 0 ? h("span", { class: "request-actions" }, ...actions) : null,
      );
    });
    const text = rows.map((r) => r.textContent).join("|");
    if (this.requestsList.dataset.text === text) return;
    this.requestsList.dataset.text = text;
    this.requestsList.replaceChildren(...(rows.length > 0 ? rows : [h("li", { class: "muted small" }, "No client is waiting on you.")]));
    if (requests.length > 6) this.requestsList.append(h("li", { class: "muted small" }, `… and ${requests.length - 6} more`));
  }

  /** What a request asks for: the protocol's words if it has them, else its fields as "key: value". */
  private requestWords(payload: unknown): string {
    return requestWords(this.options.protocol, payload);
  }

  /** The protocol's checks for a card (a vote request against your term and log), from your view now. */
  private cardChecks(card: InboxCard): CardCheck[] {
    const { protocol, level, node } = this.options;
    const me = this.snapshot?.me;
    if (!protocol?.screen?.checks || !me || !node) return [];
    return protocol.screen.checks(me.state, cardEvent(card), viewContext(level, node, me));
  }

  // ---- keyboard ------------------------------------------------------------------------------

  private handleKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.repeat) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable)) return;
    // The help is modal: "?" or Esc closes it, and no game key acts behind it.
    if (this.help.isOpen()) {
      if (event.key === "Escape" || event.key === "?") {
        event.preventDefault();
        this.help.close();
      }
      return;
    }
    if (event.key === "?" && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      this.help.open();
      return;
    }
    // Escape closes an open HUD pop-over (goals, faults) and gives focus back to its toggle.
    if (event.key === "Escape") {
      const open = this.element.querySelector<HTMLDetailsElement>("details.hud-goals[open]");
      if (open) {
        event.preventDefault();
        open.open = false;
        open.querySelector<HTMLElement>("summary")?.focus();
        return;
      }
    }
    if (!this.options.node) return;
    if (this.watch?.isActive && !event.ctrlKey && !event.altKey && !event.metaKey) {
      if (this.watch.handleKey(event.key)) event.preventDefault();
      return;
    }
    const command = keyCommand(event.key, { shift: event.shiftKey, ctrl: event.ctrlKey, alt: event.altKey, meta: event.metaKey }, event.code);
    if (!command) return;
    if (command.kind === "global") {
      const binding = this.globals[command.index];
      const btn = binding && this.bar.querySelector<HTMLElement>(`[data-action="${CSS.escape(binding.action)}"]`);
      if (binding && btn) {
        event.preventDefault();
        this.run(binding, btn);
      }
    } else if (command.kind === "autopilot") {
      const chore = this.chores()[command.index];
      const btn = chore && this.autopilotBox.querySelector<HTMLElement>(`[data-chore="${CSS.escape(chore)}"]`);
      if (chore && btn) {
        event.preventDefault();
        this.toggleChore(chore, btn);
      }
    } else if (command.kind === "move") {
      event.preventDefault();
      this.inbox?.move(command.delta);
    } else if (command.kind === "card") {
      const cards = this.inbox?.cardsForKeys() ?? [];
      const hit = cardForKey(cards, command.key, this.inbox?.focusedIndex() ?? null);
      if (hit) {
        event.preventDefault();
        const btn = hit.card.element.querySelector<HTMLElement>(`[data-action="${CSS.escape(hit.binding.action)}"][aria-keyshortcuts="${hit.binding.key.toUpperCase()}"]`) ?? hit.card.element;
        this.run(hit.binding, btn);
        return;
      }
      // A letter no card offers: a global action with that mnemonic (E: start election...).
      const global = this.globals.find((b) => b.letter === command.key);
      const btn = global && this.bar.querySelector<HTMLElement>(`[data-action="${CSS.escape(global.action)}"]`);
      if (global && btn) {
        event.preventDefault();
        this.run(global, btn);
      }
    }
  }

  // ---- pieces --------------------------------------------------------------------------------

  private goalsMenu(): HTMLElement {
    return h("details", { class: "hud-goals" }, ...this.goalsContent(this.options.goals));
  }

  private goalsContent(goals: readonly { id: string; title: string }[]): HTMLElement[] {
    return [
      h("summary", { "data-action": "goals" }, `Goals (${goals.length})`),
      h(
        "div",
        { class: "goals-pop panel" },
        h("p", { class: "muted small" }, "Judged at the end, only while the network is calm. Any safety violation caps the stars at zero."),
        h("ul", { class: "goals-list" }, ...goals.map((g) => h("li", {}, h("span", { class: "goal-box", "aria-hidden": "true" }, "☐"), g.title))),
      ),
    ];
  }

  setGoals(goals: readonly { id: string; title: string }[]): void {
    const details = this.element.querySelector(".hud-goals");
    details?.replaceChildren(...this.goalsContent(goals));
    this.help.setGoals(goals);
  }

  /** A workshop's nemesis: what their team's budget has left (after anyone's throw). */
  setNemesisBudget(spent: number): void {
    const nemesis = this.options.nemesis;
    if (nemesis) this.nemesisRulesLine.textContent = nemesisRules(nemesis, spent);
  }

  setFacilitator(on: boolean): void {
    this.facilitator = on;
    if (this.pauseButton) this.pauseButton.hidden = !this.canPause();
    if (this.faultMenu) this.faultMenu.hidden = !on && !this.options.nemesis;
  }

  /** A solo room: the player's own game, with nobody else to share it with or wait for. */
  private isSolo(): boolean {
    return this.options.solo;
  }

  /** The facilitator pauses a team room; a solo game's only player pauses their own. */
  private canPause(): boolean {
    return this.facilitator || (this.isSolo() && this.options.node !== null);
  }

  private pauseHint(): string {
    if (this.canPause()) return this.snapshot?.paused ? "The game is paused: Resume (top right) plays on." : "Pause (top right) stops the clock while you read.";
    return this.isSolo() ? "" : "Only the facilitator can pause a team game.";
  }

  /**
   * The facilitator's chaos menu: the chapters' faults, ready-made for this level's nodes
   * (client/ui/fault-presets.ts). A summary/details pair, so it opens by keyboard too.
   */
  private faultMenuElement(): HTMLDetailsElement | null {
    if (this.options.level.seats.max <= 1) return null;
    const nodeIds = this.options.level.nodes.map((n) => n.id);
    const nemesis = this.options.nemesis ?? null;
    const presets: FaultPreset[] = nemesis ? nemesisPresets(nodeIds, nemesis) : faultPresets(nodeIds);
    const groups = [...new Set(presets.map((p) => p.group))];
    const menu = h(
      "details",
      { class: `hud-goals fault-menu${nemesis ? " nemesis-menu" : " facilitator-only"}` },
      h("summary", { "data-action": "fault-menu", "aria-label": nemesis ? "Throw a fault (nemesis)" : "Inject a fault", title: nemesis ? "Throw a fault at this team's network" : "Inject a fault into the running game" }, nemesis ? "Throw a fault" : "Faults"),
      h(
        "div",
        { class: "panel goals-pop fault-pop", role: "group", "aria-label": nemesis ? "Faults you can throw now" : "Faults to inject now" },
        nemesis ? this.nemesisRulesLine : null,
        ...groups.map((group) =>
          h(
            "div",
            { class: "fault-group" },
            h("h3", { class: "panel-title" }, group),
            ...presets
              .filter((p) => p.group === group)
              .map((preset) => {
                const btn = button(preset.label, () => {
                  void this.options.injectFault(preset.fault).then((reply) => {
                    if (reply.ok) {
                      announce(`Injected: ${preset.label}.`);
                      menu.open = false;
                    } else {
                      this.showRefusal(btn, reply);
                    }
                  });
                }, { class: "btn btn-ghost btn-small fault-option", "data-fault": preset.id });
                return btn;
              }),
          ),
        ),
        // Opening the projector after the start: the waiting room that showed this is gone.
        this.options.projectorCode
          ? h(
              "div",
              { class: "fault-group" },
              h("h3", { class: "panel-title" }, "Projector"),
              h("p", { class: "muted" }, "Watch by code on the projector, with:"),
              h("strong", { "data-projector-code": this.options.projectorCode }, this.options.projectorCode),
            )
          : null,
      ),
    ) as HTMLDetailsElement;
    menu.hidden = true;
    this.faultMenu = menu;
    return menu;
  }

  private pauseButtonElement(): HTMLButtonElement {
    const btn = button("Pause", () => {
      const paused = this.snapshot?.paused ?? false;
      void this.options.facilitator(paused ? "resume" : "pause").then((reply) => {
        if (!reply.ok) this.showRefusal(btn, reply);
      });
    }, { class: "btn btn-ghost btn-small", "data-action": "pause" });
    btn.hidden = true;
    this.pauseButton = btn;
    return btn;
  }

  private legend(): HTMLElement {
    const types = Object.entries(this.options.protocol?.messageTypes ?? {});
    return h(
      "ul",
      { class: "legend", "aria-label": "Message types: shape and colour on the map" },
      ...types.map(([type, info]) => h("li", { title: info.summary }, shapeIcon(type), h("span", {}, type))),
      ...(this.options.node
        ? [
            h("li", { class: "legend-fog" }, h("span", { class: "fog-swatch", "aria-hidden": "true" }), h("span", {}, "the fog: past it, you can't know")),
            h("li", { class: "legend-own" }, h("span", {}, "Your map shows only what your node knows (\"heard 12 s ago\"): a broken link shows only as silence.")),
          ]
        : [
            h("li", { class: "legend-fault" }, h("span", { class: "fault-swatch fault-cut", "aria-hidden": "true" }, "- ✕ -"), h("span", {}, "cut (a half: one-way)")),
            h("li", { class: "legend-fault" }, h("span", { class: "fault-swatch fault-flaky", "aria-hidden": "true" }, "┄┄"), h("span", {}, "flaky: losing messages")),
            h("li", { class: "legend-fault" }, h("span", { class: "fault-swatch fault-slow", "aria-hidden": "true" }, "┄┄"), h("span", {}, "slow")),
          ]),
    );
  }

  private spectatorPanel(): HTMLElement {
    return h(
      "section",
      { class: "panel play-node" },
      h("h2", { class: "node-title" }, "Watching"),
      h("p", {}, "You see the god's view: every packet in flight, every node's true state. The players only see their own node."),
      h("h3", { class: "panel-title" }, "Broken links now"),
      this.faultList,
    );
  }

  private setIncident(on: boolean): void {
    if (on === !this.incident.hidden) return;
    this.incident.hidden = !on;
    this.incident.replaceChildren(
      h("strong", { class: "incident-word" }, "INCIDENT"),
      h("span", {}, " A safety check tripped: stars capped at zero. Play on, the debrief shows the proof."),
    );
  }

  private confirmLeave(): void {
    if (this.snapshot?.phase === "running" && !window.confirm("Leave this game? A bot takes over your node and you get no result.")) return;
    this.options.leave();
  }
}
