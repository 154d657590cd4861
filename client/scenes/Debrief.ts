// Debrief: the post-mortem of one stored game. Fetch the recipe, replay it here with shared/,
// check the hash, then draw the space-time diagram (canvas) with its DOM panels around it:
// incident spotlight, knowledge horizon, goals, ghost replay, lesson, leaderboard, metrics.
import Phaser from "phaser";
import { fetchLeaderboard, fetchLevels, userMessageOf } from "../net/api.js";
import { clearDebriefHash, type DebriefRequest } from "../debrief/debrief-route.js";
import { loadDebrief, type LoadedDebrief } from "../debrief/load-debrief.js";
import { ghostDiff, ghostReplay, sentBy } from "../../shared/view/debrief-ghost.js";
import { horizonAt } from "../../shared/view/debrief-horizon.js";
import { arrowsInFlight, buildSpaceTime, describeEvent, formatTicks, laneStatusAt, type Arrow } from "../../shared/view/space-time.js";
import { uiRoot } from "../ui/overlay.js";
import { protocolDebriefCards } from "../ui/debrief-protocol-cards.js";
import { nemesisCard } from "../ui/debrief-nemesis-card.js";
import { nemesisMarks } from "../../shared/checks/nemesis-score.js";
import { DebriefScreen, readoutText } from "../ui/debrief-screen.js";
import { ghostCard, ghostErrorCard, ghostPendingCard, horizonCard, horizonIdleCard, incidentCard, leaderboardCard } from "../ui/debrief-cards.js";
import type { LevelsResult } from "../ui/ui-app.js";
import { SpaceTimeView, type HoverTarget } from "../view/space-time-view.js";
import { CATALOG } from "../../shared/protocols/catalog.js";
import { PlayOnControl } from "../ui/play-on-control.js";
import { emitPlay } from "../ui/play-event.js";

/** How much game time the "show me" zoom shows around an incident (40 gs). */
const INCIDENT_WINDOW_TICKS = 400;
/** The first view: 30 gs, so a message's flight is tens of pixels tall, not a flat line. */
const OPENING_WINDOW_TICKS = 300;

export class Debrief extends Phaser.Scene {
  private screen: DebriefScreen | null = null;
  private view: SpaceTimeView | null = null;
  private loaded: LoadedDebrief | null = null;
  private resultId = "";
  /** A seatless screen (facilitator, projector): no lane is "you". */
  private watching = false;
  private cleanup: (() => void)[] = [];
  private leaving = false;
  /** "Play on from here" (your own seat's debrief only). */
  private playOn: PlayOnControl | null = null;

  constructor() {
    super("Debrief");
  }

  create(data: Partial<DebriefRequest>): void {
    this.resultId = typeof data.resultId === "string" ? data.resultId : "";
    this.watching = data.watching === true;
    this.leaving = false;
    this.loaded = null;
    this.view = null;
    const screen = new DebriefScreen(uiRoot(), { home: () => void this.goHome(), retry: () => this.scene.restart({ resultId: this.resultId, watching: this.watching }) });
    this.screen = screen;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      void this.goHome();
    };
    document.addEventListener("keydown", onKey);
    this.cleanup.push(() => document.removeEventListener("keydown", onKey));
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.teardown());
    void this.loadGame();
  }

  override update(): void {
    this.view?.update();
  }

  private teardown(): void {
    for (const fn of this.cleanup.splice(0)) fn();
    this.view?.destroy();
    this.view = null;
    this.screen?.destroy();
    this.screen = null;
  }

  private async loadGame(): Promise<void> {
    const screen = this.screen;
    try {
      const loaded = await loadDebrief(this.resultId, (fraction, label) => screen?.setProgress(fraction, label));
      if (this.screen !== screen || !screen) return; // left while loading
      this.loaded = loaded;
      this.showReady(screen, loaded);
    } catch (error) {
      if (this.screen !== screen || !screen) return;
      console.warn("debrief failed to load", error);
      screen.showError(userMessageOf(error));
    }
  }

  private showReady(screen: DebriefScreen, loaded: LoadedDebrief): void {
    const { model, result } = loaded;
    const diagram = screen.showReady({ model, resultId: result.id, nickname: result.nickname, versionMismatch: loaded.versionMismatch, storedLevelVersion: result.levelVersion });
    const seatLane = this.watching ? -1 : model.spaceTime.lanes.findIndex((l) => l.id === model.seat);
    // An incident first; else what the level's variant set out to show (drawn the same way).
    const incident = model.spotlights[0] ?? model.observed[0] ?? null;
    const observed = model.spotlights.length === 0 && incident !== null;
    const view = new SpaceTimeView(this, model.spaceTime, seatLane, incident, {
      onChange: () => this.updateReadout(),
      onHorizon: (lane, tick) => this.setHorizon(lane, tick),
      onHover: (target, x, y) => this.hover(target, x, y),
    }, observed ? "SEEN BREAKING" : "INCIDENT");
    this.view = view;
    // A workshop's nemesis: their moves shaded on the diagram beside the protocol's own marks.
    view.setProtocolMarks(model.nemesis ? [...model.protocolDebrief.marks, ...nemesisMarks(model.nemesis)] : model.protocolDebrief.marks);
    if (model.nemesis) screen.fill("nemesis", nemesisCard(model.nemesis, model.verdict.score, (tick, node) => this.showMoment(tick, node)));
    screen.fill("protocol", protocolDebriefCards(model.protocolDebrief, (tick, node) => this.showMoment(tick, node)));
    if (incident) {
      screen.fill(
        "incident",
        incidentCard(incident, (observed ? model.observed : model.spotlights).length - 1, () => this.showIncident(), (i) => this.showEvent(i), observed),
      );
    }
    // Open close enough that messages slant visibly (time runs down); 0 fits the whole game.
    if (incident) {
      view.focusTicks(incident.tick, OPENING_WINDOW_TICKS);
      view.scrubTo(incident.tick);
    } else if (model.spaceTime.durationTicks > OPENING_WINDOW_TICKS * 1.5) {
      view.focusTicks(OPENING_WINDOW_TICKS / 2, OPENING_WINDOW_TICKS);
    }
    this.layoutDiagram();
    const observer = new ResizeObserver(() => this.layoutDiagram());
    observer.observe(diagram);
    this.cleanup.push(() => observer.disconnect());
    const onResize = (): void => this.layoutDiagram();
    this.scale.on("resize", onResize);
    this.cleanup.push(() => this.scale.off("resize", onResize));
    const onKey = (event: KeyboardEvent): void => this.onDiagramKey(event);
    diagram.addEventListener("keydown", onKey);
    this.cleanup.push(() => diagram.removeEventListener("keydown", onKey));
    this.addPlayOn(loaded);
    this.updateReadout();
    diagram.focus({ preventScroll: true });
    this.loadGhostLater(loaded);
    void this.loadLeaderboard(loaded);
  }

  private layoutDiagram(): void {
    const rect = this.screen?.diagramRect();
    if (!rect || !this.view) return;
    this.view.setRect({ x: rect.left, y: rect.top, width: rect.width, height: rect.height });
  }

  // ---- keyboard ------------------------------------------------------------------------------

  private onDiagramKey(event: KeyboardEvent): void {
    const view = this.view;
    const model = this.loaded?.model;
    if (!view || !model) return;
    const lanes = model.spaceTime.lanes.length;
    const big = event.shiftKey;
    let handled = true;
    switch (event.key) {
      case "ArrowDown":
        view.scrubBy(big ? 50 : 5);
        break;
      case "ArrowUp":
        view.scrubBy(big ? -50 : -5);
        break;
      case "PageDown":
        view.scrubBy(150);
        break;
      case "PageUp":
        view.scrubBy(-150);
        break;
      case "Home":
        view.scrubTo(0);
        break;
      case "End":
        view.scrubTo(model.spaceTime.endTick);
        break;
      case "ArrowRight":
        view.stepEvent(1);
        break;
      case "ArrowLeft":
        view.stepEvent(-1);
        break;
      case "Tab":
        // Tab walks the lanes; past the last (or before the first) it leaves the diagram.
        if (!event.shiftKey && view.state.selectedLane < lanes - 1) view.selectLane(view.state.selectedLane + 1);
        else if (event.shiftKey && view.state.selectedLane > 0) view.selectLane(view.state.selectedLane - 1);
        else handled = false;
        break;
      case "Enter":
      case " ":
        this.toggleHorizon(view.state.selectedLane, view.state.scrubTick);
        break;
      case "Delete":
      case "Backspace":
        this.clearHorizon();
        break;
      case "p":
      case "P":
        if (this.playOn) this.playOn.play();
        else handled = false;
        break;
      case "+":
      case "=":
        view.zoomBy(1.6);
        break;
      case "-":
      case "_":
        view.zoomBy(1 / 1.6);
        break;
      case "0":
      case "f":
        view.fit();
        break;
      case "i":
        this.showIncident();
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  }

  // ---- knowledge horizon, incident ---------------------------------------------------------------

  private toggleHorizon(lane: number, tick: number): void {
    const current = this.view?.state.horizon;
    const node = this.loaded?.model.spaceTime.lanes[lane]?.id;
    if (current && current.node === node && current.tick === tick) this.clearHorizon();
    else this.setHorizon(lane, tick);
  }

  private setHorizon(lane: number, tick: number): void {
    const model = this.loaded?.model;
    const node = model?.spaceTime.lanes[lane]?.id;
    if (!model || !node || !this.view || !this.screen) return;
    const horizon = horizonAt(model.causal, node, tick);
    this.view.setHorizon(horizon);
    const totalBefore = countUpTo(model.causal.trace, tick);
    this.screen.fill("horizon", horizonCard(horizon, node === model.seat, totalBefore, () => this.clearHorizon()));
  }

  private clearHorizon(): void {
    if (!this.view?.state.horizon) return;
    this.view.setHorizon(null);
    this.screen?.fill("horizon", horizonIdleCard());
    this.screen?.diagram?.focus({ preventScroll: true });
  }

  private showIncident(): void {
    const spot = this.loaded?.model.spotlights[0] ?? this.loaded?.model.observed[0];
    if (!spot || !this.view) return;
    this.view.focusTicks(spot.tick, INCIDENT_WINDOW_TICKS);
    const last = spot.evidence[spot.evidence.length - 1];
    const lane = last?.node ? this.loaded!.model.spaceTime.lanes.findIndex((l) => l.id === last.node) : -1;
    if (lane >= 0) this.view.selectLane(lane);
    this.view.scrubTo(spot.tick);
    this.screen?.diagram?.focus({ preventScroll: true });
  }

  /** A protocol card's or mark's moment: zoom there, on its lane when it has one. */
  private showMoment(tick: number, node?: string): void {
    const view = this.view;
    const model = this.loaded?.model;
    if (!view || !model) return;
    view.focusTicks(tick, INCIDENT_WINDOW_TICKS);
    const lane = node === undefined ? -1 : model.spaceTime.lanes.findIndex((l) => l.id === node);
    if (lane >= 0) view.selectLane(lane);
    view.scrubTo(tick);
    this.screen?.diagram?.focus({ preventScroll: true });
  }

  private showEvent(i: number): void {
    const model = this.loaded?.model;
    const e = model?.causal.trace.at(i);
    if (!model || !e || !this.view) return;
    if ("node" in e) {
      const lane = model.spaceTime.lanes.findIndex((l) => l.id === e.node);
      if (lane >= 0) this.view.selectLane(lane);
    }
    this.view.state.selectedEvent = i;
    this.view.scrubTo(e.tick);
    this.screen?.diagram?.focus({ preventScroll: true });
  }

  private updateReadout(): void {
    const model = this.loaded?.model;
    const view = this.view;
    if (!model || !view || !this.screen) return;
    const lane = model.spaceTime.lanes[view.state.selectedLane];
    if (!lane) return;
    const tick = view.state.scrubTick;
    const h = view.state.horizon;
    const text = readoutText(tick, lane.id, !this.watching && lane.id === model.seat, arrowsInFlight(model.spaceTime, tick).length, laneStatusAt(lane, tick));
    this.screen.setReadout(text, tick, h ? `${h.node}@${h.tick}` : null);
    this.playOn?.setTick(tick);
  }

  /** Beside the time readout: a new solo game from the moment the cursor is on, your seat. */
  private addPlayOn(loaded: LoadedDebrief): void {
    this.playOn = null;
    if (this.watching || loaded.versionMismatch) return;
    const { result } = loaded;
    const control = new PlayOnControl(loaded.model.spaceTime.durationTicks, (tick) => {
      if (this.leaving) return;
      this.leaving = true;
      clearDebriefHash();
      emitPlay({ levelId: result.levelId, mode: result.playMode, start: { playOn: { resultId: result.id, tick } } });
    });
    this.playOn = control;
    this.screen?.root.querySelector(".strip-bottom")?.append(control.element);
  }

  private hover(target: HoverTarget | null, x: number, y: number): void {
    if (!this.screen) return;
    if (!target) {
      this.screen.hideTooltip();
      return;
    }
    const trace = this.loaded?.model.causal.trace;
    if (target.kind === "mark") this.screen.showTooltip(`${formatTicks(target.mark.tick)}  ${target.mark.label}`, x, y);
    else this.screen.showTooltip(arrowWords(target.arrow, trace?.at(target.arrow.sendIndex)), x, y);
  }

  // ---- ghost and leaderboard ---------------------------------------------------------------

  private loadGhostLater(loaded: LoadedDebrief): void {
    const screen = this.screen;
    screen?.fill("ghost", ghostPendingCard());
    // After the diagram's first frames: the ghost is a second full replay.
    const timer = window.setTimeout(() => {
      if (this.screen !== screen || !screen) return;
      try {
        const { result, level, model } = loaded;
        const ghost = ghostReplay(level, CATALOG, result.seed, result.inputs, result.playMode, result.seatNode);
        const diff = ghostDiff(model.verdict, ghost.verdict, [model.metrics.yourMessages, sentBy(ghost.world.trace, result.seatNode)]);
        // The bot's messages on your lane only: the rest of its run is the same kind of traffic.
        const seat = result.seatNode;
        const ghostArrows = buildSpaceTime(level, ghost.world.trace.slice(), ghost.world.tick).arrows.filter((a) => a.from === seat || a.to === seat);
        screen.fill(
          "ghost",
          ghostCard(diff, (on) => {
            this.view?.setGhost(on ? ghostArrows : null);
            screen.setGhostOverlay(on ? ghostArrows.length : 0);
          }),
        );
      } catch (error) {
        console.warn("ghost replay failed", error);
        screen.fill("ghost", ghostErrorCard("The ghost replay could not run for this game."));
      }
    }, 250);
    this.cleanup.push(() => window.clearTimeout(timer));
  }

  private async loadLeaderboard(loaded: LoadedDebrief): Promise<void> {
    const screen = this.screen;
    const { result, model } = loaded;
    screen?.fill("leaderboard", leaderboardCard(null, result.nickname, model.verdict.score, null));
    try {
      const board = await fetchLeaderboard({ levelId: result.levelId, limit: 100 });
      if (this.screen === screen) screen?.fill("leaderboard", leaderboardCard(board.rows, result.nickname, model.verdict.score, null));
    } catch (error) {
      if (this.screen === screen) screen?.fill("leaderboard", leaderboardCard(null, result.nickname, model.verdict.score, userMessageOf(error)));
    }
  }

  private async goHome(): Promise<void> {
    if (this.leaving) return;
    this.leaving = true;
    clearDebriefHash();
    let levels: LevelsResult;
    try {
      levels = { ok: true, levels: await fetchLevels() };
    } catch (error) {
      levels = { ok: false, message: userMessageOf(error) };
    }
    this.scene.start("Home", levels);
  }
}

/** How many trace events happened at or before `tick` (the trace is in time order). */
function countUpTo(trace: { readonly length: number; at(i: number): { tick: number } | undefined }, tick: number): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trace.at(mid)!.tick <= tick) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function arrowWords(a: Arrow, send: Parameters<typeof describeEvent>[0] | undefined): string {
  const head = send ? describeEvent(send) : `${a.from} sends ${a.type} #${a.msgId} to ${a.to}`;
  const copy = a.forked ? (a.copy === 0 ? " (original)" : " (network duplicate)") : "";
  switch (a.fate) {
    case "delivered":
      return `${formatTicks(a.t0)}  ${head}${copy} · arrived after ${formatTicks(a.delayTicks)}${a.delayed ? " (far slower than usual)" : ""}`;
    case "dropped":
      return `${formatTicks(a.t0)}  ${head}${copy} · LOST (${a.dropReason ?? "?"})`;
    case "in-flight":
      return `${formatTicks(a.t0)}  ${head}${copy} · still on its way when the game ended`;
  }
}
