// The space-time diagram on the canvas: lanes across, time running down, every message an
// arrow. It draws the pure model from shared/view/space-time.ts and keeps the view state
// (playhead, selected lane and event, knowledge horizon, zoom). Input arrives from the scene
// (pointer) and from the DOM diagram element (keyboard); changes go out through `onChange`.
import Phaser from "phaser";
import type { Horizon } from "../../shared/view/debrief-horizon.js";
import type { Spotlight } from "../../shared/view/debrief-spotlight.js";
import { clockOffsetAt, formatTicks, type Arrow, type Mark, type SpaceTime } from "../../shared/view/space-time.js";
import type { DebriefMark, MarkTone } from "../../shared/sim/debrief-marks.js";
import { BACKGROUND, OKABE_ITO } from "./palette.js";
import { messageStyle } from "./message-styles.js";
import { arrowHead, clipToWindow, cross, dashedLine, drawShape, hatch } from "./space-time-draw.js";
import { distanceToSegment, HEADER_HEIGHT, rulerStepTicks, SpaceTimeLayout, type Rect } from "./space-time-layout.js";

export const DIAGRAM = {
  lane: 0x3f5a94,
  laneSeat: 0x7cc8f2,
  column: 0x13213f,
  grid: 0x1c2b4f,
  text: "#e8eefc",
  muted: "#a7b6d6",
  grey: 0x4b5675,
  incident: 0xff6a3d,
  /** The ghost run's messages (dashed, faint). */
  ghost: 0xe8eefc,
  incidentCss: "#ff8a5c",
  playhead: 0xffd166,
  playheadCss: "#ffd166",
  horizon: 0xffd166,
  partition: 0xcc79a7,
  cutOff: 0xcc79a7,
  gray: 0xa7b6d6,
  flaky: 0xf0e442,
  pause: 0x56b4e9,
  down: 0x05080f,
  cross: 0xff6a3d,
  delayed: 0xf0e442,
} as const;

/** A protocol mark's colour by tone (Okabe-Ito, so tones stay apart for colour-blind eyes). */
const TONE: Readonly<Record<MarkTone, number>> = {
  bad: OKABE_ITO.vermillion,
  warn: OKABE_ITO.orange,
  good: OKABE_ITO.bluishGreen,
  info: OKABE_ITO.skyBlue,
};

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const HOVER_PX = 9;
const GREY_ALPHA = 0.28;
const FUTURE_ALPHA = 0.45;

export interface DiagramState {
  scrubTick: number;
  selectedLane: number;
  selectedEvent: number | null;
  horizon: Horizon | null;
}

export type HoverTarget = { kind: "mark"; mark: Mark } | { kind: "arrow"; arrow: Arrow };

export interface SpaceTimeCallbacks {
  /** Anything the DOM readouts show changed. */
  onChange(state: DiagramState): void;
  /** The user asked for a horizon at (lane, tick) (click or Enter). */
  onHorizon(laneIndex: number, tick: number): void;
  onHover(target: HoverTarget | null, screenX: number, screenY: number): void;
}

export class SpaceTimeView {
  readonly layout: SpaceTimeLayout;
  readonly state: DiagramState;
  private readonly back: Phaser.GameObjects.Graphics;
  private readonly lines: Phaser.GameObjects.Graphics;
  private readonly front: Phaser.GameObjects.Graphics;
  private readonly texts: Phaser.GameObjects.Text[] = [];
  private textsUsed = 0;
  private spotlight: Spotlight | null;
  private spotArrows = new Set<string>();
  private spotIndices = new Set<number>();
  /** The ghost's messages to and from your lane, drawn faint under yours; null: not shown. */
  private ghost: readonly Arrow[] | null = null;
  private protocolMarks: readonly DebriefMark[] = [];
  private hover: HoverTarget | null = null;
  private drag: { y: number; startTick: number } | null = null;
  private dirty = true;

  constructor(
    private readonly scene: Phaser.Scene,
    private readonly model: SpaceTime,
    private readonly seatLane: number,
    spotlight: Spotlight | null,
    private readonly callbacks: SpaceTimeCallbacks,
    /** The spotlight's tag: a variant's observed finding is not an incident. */
    private readonly spotlightLabel = "INCIDENT",
  ) {
    this.layout = new SpaceTimeLayout(model.lanes.length, model.durationTicks);
    this.back = scene.add.graphics();
    this.lines = scene.add.graphics();
    this.front = scene.add.graphics();
    this.state = { scrubTick: model.endTick, selectedLane: Math.max(0, seatLane), selectedEvent: null, horizon: null };
    this.spotlight = null;
    this.setSpotlight(spotlight);
    this.bindPointer();
  }

  setRect(rect: Rect): void {
    this.layout.setRect(rect);
    this.dirty = true;
  }

  setSpotlight(spotlight: Spotlight | null): void {
    this.spotlight = spotlight;
    this.spotArrows = new Set(spotlight?.arrowKeys ?? []);
    this.spotIndices = new Set(spotlight?.indices ?? []);
    this.dirty = true;
  }

  /** Overlay the ghost run's arrows (same lanes: the same level), or hide them with null. */
  setGhost(arrows: readonly Arrow[] | null): void {
    this.ghost = arrows;
    this.dirty = true;
  }

  /** The protocol's own shaded spans and moments (shared/sim/debrief-marks.ts). */
  setProtocolMarks(marks: readonly DebriefMark[]): void {
    this.protocolMarks = marks;
    this.dirty = true;
  }

  setHorizon(horizon: Horizon | null): void {
    this.state.horizon = horizon;
    this.changed();
  }

  /** Called every frame by the scene; draws only when something changed. */
  update(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.draw();
  }

  destroy(): void {
    this.scene.input.off("pointermove", this.onPointerMove, this);
    this.scene.input.off("pointerdown", this.onPointerDown, this);
    this.scene.input.off("pointerup", this.onPointerUp, this);
    this.scene.input.off("wheel", this.onWheel, this);
  }

  // ---- commands (keyboard and panel buttons) ----------------------------------------------

  scrubTo(tick: number): void {
    this.state.scrubTick = Math.round(Math.min(this.model.endTick, Math.max(0, tick)));
    this.layout.ensureVisible(this.state.scrubTick);
    this.changed();
  }

  scrubBy(deltaTicks: number): void {
    this.scrubTo(this.state.scrubTick + deltaTicks);
  }

  selectLane(lane: number): void {
    this.state.selectedLane = Math.min(this.model.lanes.length - 1, Math.max(0, lane));
    this.state.selectedEvent = null;
    this.changed();
  }

  /** Jump to the previous (-1) or next (+1) event on the selected lane. */
  stepEvent(direction: 1 | -1): void {
    const lane = this.model.lanes[this.state.selectedLane];
    if (!lane) return;
    const points = this.laneEventPoints(lane.id);
    const now = this.state.scrubTick;
    const current = this.state.selectedEvent;
    let target: { i: number; tick: number } | undefined;
    if (direction > 0) target = points.find((p) => p.tick > now || (p.tick === now && current !== null && p.i > current) || (p.tick === now && current === null));
    else target = [...points].reverse().find((p) => p.tick < now || (p.tick === now && current !== null && p.i < current));
    if (!target) return;
    this.state.selectedEvent = target.i;
    this.scrubTo(target.tick);
  }

  zoomBy(factor: number): void {
    this.layout.zoom(factor, this.state.scrubTick);
    this.changed();
  }

  fit(): void {
    this.layout.fit();
    this.changed();
  }

  focusTicks(tick: number, spanTicks: number): void {
    this.layout.focus(tick, spanTicks);
    this.changed();
  }

  private changed(): void {
    this.dirty = true;
    this.callbacks.onChange(this.state);
  }

  /** Trace events on one lane, as points to step through: marks and arrow ends. */
  private laneEventPoints(node: string): { i: number; tick: number }[] {
    const points: { i: number; tick: number }[] = [];
    for (const m of this.model.marks) if (m.node === node) points.push({ i: m.i, tick: m.tick });
    for (const a of this.model.arrows) {
      if (a.from === node && a.copy === 0) points.push({ i: a.sendIndex, tick: a.t0 });
      if (a.to === node && a.fate === "delivered" && a.endIndex !== null) points.push({ i: a.endIndex, tick: a.t1 });
    }
    return points.sort((a, b) => a.tick - b.tick || a.i - b.i);
  }

  // ---- pointer -----------------------------------------------------------------------------

  private bindPointer(): void {
    this.scene.input.on("pointermove", this.onPointerMove, this);
    this.scene.input.on("pointerdown", this.onPointerDown, this);
    this.scene.input.on("pointerup", this.onPointerUp, this);
    this.scene.input.on("wheel", this.onWheel, this);
  }

  private onPointerMove(pointer: Phaser.Input.Pointer): void {
    if (this.drag && pointer.isDown) {
      const ticksPerPx = 1 / this.layout.scale;
      const delta = (this.drag.y - pointer.y) * ticksPerPx;
      const span = this.layout.endTick - this.layout.startTick;
      this.layout.startTick = this.drag.startTick;
      this.layout.endTick = this.drag.startTick + span;
      this.layout.pan(delta);
      this.dirty = true;
      return;
    }
    const target = this.layout.inPlot(pointer.x, pointer.y) ? this.hitTest(pointer.x, pointer.y) : null;
    const same = target?.kind === this.hover?.kind && (target?.kind === "mark" ? target.mark.i === (this.hover as { mark: Mark }).mark.i : target?.kind === "arrow" && target.arrow.key === (this.hover as { arrow: Arrow }).arrow.key);
    if (!same || target) {
      this.hover = target;
      this.dirty = true;
      this.callbacks.onHover(target, pointer.x, pointer.y);
    }
  }

  private onPointerDown(pointer: Phaser.Input.Pointer): void {
    if (!this.layout.inPlot(pointer.x, pointer.y)) return;
    this.drag = { y: pointer.y, startTick: this.layout.startTick };
  }

  private onPointerUp(pointer: Phaser.Input.Pointer): void {
    const drag = this.drag;
    this.drag = null;
    if (!drag || Math.abs(pointer.y - drag.y) > 4 || !this.layout.inPlot(pointer.x, pointer.y)) return;
    // A click: on an event, select it; anywhere on a lane, the knowledge horizon there.
    const hit = this.hitTest(pointer.x, pointer.y);
    let lane = this.layout.laneAt(pointer.x);
    let tick = Math.round(this.layout.yToTick(pointer.y));
    if (hit?.kind === "mark") {
      lane = this.model.lanes.findIndex((l) => l.id === hit.mark.node);
      tick = hit.mark.tick;
      this.state.selectedEvent = hit.mark.i;
    }
    if (lane === null || lane < 0) return;
    this.state.selectedLane = lane;
    this.state.scrubTick = Math.min(this.model.endTick, Math.max(0, tick));
    this.callbacks.onHorizon(lane, this.state.scrubTick);
    this.changed();
  }

  private onWheel(pointer: Phaser.Input.Pointer, _over: unknown, _dx: number, dy: number): void {
    if (!this.layout.inPlot(pointer.x, pointer.y)) return;
    this.layout.zoom(dy < 0 ? 1.25 : 0.8, this.layout.yToTick(pointer.y));
    this.changed();
  }

  private hitTest(x: number, y: number): HoverTarget | null {
    const L = this.layout;
    let best: HoverTarget | null = null;
    let bestD = HOVER_PX;
    for (const m of this.model.marks) {
      if (m.tick < L.startTick || m.tick > L.endTick) continue;
      const lane = this.laneIndexOf(m.node);
      const d = Math.hypot(L.laneX(lane) - x, L.tickY(m.tick) - y);
      if (d < bestD) {
        bestD = d;
        best = { kind: "mark", mark: m };
      }
    }
    if (best) return best;
    bestD = HOVER_PX - 3;
    for (const a of this.model.arrows) {
      const seg = clipToWindow(a.x0, a.t0, a.x1, a.t1, L.startTick, L.endTick);
      if (!seg) continue;
      const d = distanceToSegment(x, y, L.laneX(seg[0]), L.tickY(seg[1]), L.laneX(seg[2]), L.tickY(seg[3]));
      if (d < bestD) {
        bestD = d;
        best = { kind: "arrow", arrow: a };
      }
    }
    return best;
  }

  private laneIndexOf(node: string): number {
    return this.model.lanes.findIndex((l) => l.id === node);
  }

  // ---- drawing -----------------------------------------------------------------------------

  private text(x: number, y: number, content: string, size: number, color: string, bold = false, box?: { bg: string; px: number; py: number }): Phaser.GameObjects.Text {
    let t = this.texts[this.textsUsed];
    if (!t) {
      t = this.scene.add.text(0, 0, "", { fontFamily: FONT, fontSize: "14px", color: DIAGRAM.text }).setDepth(5);
      this.texts.push(t);
    }
    this.textsUsed++;
    // Style first, text last: the texture is measured once with everything in place.
    t.setStyle({ fontFamily: FONT, fontSize: `${size}px`, color, fontStyle: bold ? "700" : "400" });
    // setStyle keeps an earlier background: always set it (an empty string draws none).
    t.setBackgroundColor(box ? box.bg : "");
    t.setPadding(box ? box.px : 0, box ? box.py : 0, box ? box.px : 0, box ? box.py : 0);
    t.setText(content).setPosition(x, y).setOrigin(0, 0).setAlpha(1).setVisible(true);
    return t;
  }

  private draw(): void {
    this.back.clear();
    this.lines.clear();
    this.front.clear();
    this.textsUsed = 0;
    this.drawBackground();
    this.drawGhost();
    this.drawArrows();
    this.drawMarks();
    this.drawSpotlight();
    this.drawPlayhead();
    this.drawHeaders();
    for (let k = this.textsUsed; k < this.texts.length; k++) this.texts[k]!.setVisible(false);
  }

  /** Grey for what lies outside the knowledge horizon; dimmer for what comes after the playhead. */
  private known(i: number | null): boolean {
    const h = this.state.horizon;
    if (!h) return true;
    return i !== null && h.known[i] === 1;
  }

  private drawBackground(): void {
    const L = this.layout;
    const g = this.back;
    const top = L.plotTop;
    const bottom = L.plotBottom;
    const w = L.laneWidth;
    // Panel behind the whole diagram, so it reads on its own when projected.
    g.fillStyle(0x0a1020, 0.72).fillRoundedRect(L.rect.x, L.rect.y, L.rect.width, L.rect.height, 14);
    this.model.lanes.forEach((lane, k) => {
      const x = L.plotLeft + k * w;
      if (k % 2 === 0) g.fillStyle(DIAGRAM.column, 0.55).fillRect(x, top, w, bottom - top);
      if (k === this.state.selectedLane) g.fillStyle(0x56b4e9, 0.07).fillRect(x, L.rect.y + 6, w, bottom - L.rect.y - 6);
    });
    this.drawRuler();
    this.drawBands();
    this.drawProtocolMarks();
    this.model.lanes.forEach((lane, k) => {
      const x = L.laneX(k);
      const seat = k === this.seatLane;
      g.lineStyle(seat ? 3 : 2, seat ? DIAGRAM.laneSeat : DIAGRAM.lane, seat ? 0.9 : 0.8);
      // The lane line, broken where the node was down.
      let from = L.startTick;
      const gaps = lane.crashes.filter((s) => s.endTick > L.startTick && s.startTick < L.endTick).sort((a, b) => a.startTick - b.startTick);
      for (const gap of gaps) {
        if (gap.startTick > from) g.lineBetween(x, L.tickY(from), x, L.tickY(gap.startTick));
        from = Math.max(from, gap.endTick);
      }
      if (from < L.endTick) g.lineBetween(x, L.tickY(from), x, L.tickY(L.endTick));
      for (const gap of gaps) this.drawCrash(x, gap.startTick, gap.endTick, gap.open);
      for (const p of lane.pauses) this.drawPause(x, p.startTick, p.endTick);
      for (const s of lane.slows) this.drawSlow(x, s.startTick, s.endTick);
      for (const c of lane.clockMarks) this.drawClockMark(x, c.tick, c.stepTicks, c.driftPpm);
    });
  }

  private drawRuler(): void {
    const L = this.layout;
    const g = this.back;
    const step = rulerStepTicks(L.scale);
    const first = Math.ceil(L.startTick / step) * step;
    g.lineStyle(1, DIAGRAM.grid, 0.9);
    for (let t = first; t <= L.endTick; t += step) {
      const y = L.tickY(t);
      g.lineBetween(L.plotLeft, y, L.plotRight, y);
      this.text(L.rect.x + 8, y - 8, formatRuler(t, step), 13, DIAGRAM.muted);
    }
  }

  private drawBands(): void {
    const L = this.layout;
    const g = this.back;
    for (const band of this.model.bands) {
      if (band.endTick < L.startTick || band.startTick > L.endTick) continue;
      const y0 = L.tickY(Math.max(band.startTick, L.startTick));
      const y1 = L.tickY(Math.min(band.endTick, L.endTick));
      const color = band.kind === "gray" ? DIAGRAM.gray : band.kind === "flaky" ? DIAGRAM.flaky : DIAGRAM.partition;
      g.fillStyle(color, 0.08).fillRect(L.plotLeft, y0, L.plotRight - L.plotLeft, y1 - y0);
      // The cut-off lanes carry the stronger shade, with hatching: "you are on your own here".
      for (const node of band.cutOff) {
        const k = this.laneIndexOf(node);
        if (k < 0) continue;
        const x = L.plotLeft + k * L.laneWidth;
        g.fillStyle(color, 0.16).fillRect(x, y0, L.laneWidth, y1 - y0);
        g.lineStyle(1, color, 0.25);
        hatch(g, x, y0, L.laneWidth, y1 - y0, 14);
      }
      g.lineStyle(2, color, 0.85);
      if (band.startTick >= L.startTick) dashedLine(g, L.plotLeft, y0, L.plotRight, y0, 10, 6);
      if (!band.open && band.endTick <= L.endTick) dashedLine(g, L.plotLeft, y1, L.plotRight, y1, 10, 6);
      if (band.startTick >= L.startTick && y0 + 24 < L.plotBottom) {
        this.text(L.plotLeft + 6, y0 + 4, band.label, 13, "#f3c6df", true, { bg: "rgba(11,18,36,0.85)", px: 5, py: 2 });
      }
      if (!band.open && band.endTick <= L.endTick && y1 - y0 > 40) {
        this.text(L.plotLeft + 6, y1 - 20, "healed", 12, "#f3c6df", false, { bg: "rgba(11,18,36,0.85)", px: 5, py: 1 });
      }
    }
  }

  /**
   * A protocol's spans: a lane's shade (a narrow strip beside the lane line, so arrows stay
   * readable) or a band across the diagram; moments are a tick line. Labels sit at the start.
   */
  private drawProtocolMarks(): void {
    const L = this.layout;
    const g = this.back;
    for (const mark of this.protocolMarks) {
      if (mark.toTick < L.startTick || mark.fromTick > L.endTick) continue;
      const color = TONE[mark.tone];
      const y0 = L.tickY(Math.max(mark.fromTick, L.startTick));
      const y1 = Math.max(y0 + 2, L.tickY(Math.min(mark.toTick, L.endTick)));
      const k = mark.node === undefined ? -1 : this.laneIndexOf(mark.node);
      const x = k >= 0 ? L.laneX(k) - L.laneWidth * 0.3 : L.plotLeft;
      const width = k >= 0 ? L.laneWidth * 0.6 : L.plotRight - L.plotLeft;
      g.fillStyle(color, k >= 0 ? 0.22 : 0.09).fillRect(x, y0, width, y1 - y0);
      g.lineStyle(2, color, 0.9).lineBetween(x, y0, x + width, y0);
      // A moment's label sits above its line, a span's inside its top edge, and only where it
      // fits: stacked labels of short spans would hide each other and the arrows.
      const moment = mark.toTick === mark.fromTick;
      const fits = moment ? y0 - 18 > L.plotTop : y1 - y0 >= 18 && y0 + 20 < L.plotBottom;
      if (mark.fromTick >= L.startTick && fits) {
        const css = `#${color.toString(16).padStart(6, "0")}`;
        // A lane's strip: the label beside it. A band across the diagram: inside its left edge.
        const labelX = k >= 0 ? x + width + 4 : x + 6;
        this.text(labelX, moment ? y0 - 18 : y0 + 3, mark.label, 12, css, true, { bg: "rgba(11,18,36,0.85)", px: 4, py: 1 });
      }
    }
  }

  private drawCrash(x: number, startTick: number, endTick: number, open: boolean): void {
    const L = this.layout;
    const g = this.back;
    const y0 = L.tickY(Math.max(startTick, L.startTick));
    const y1 = L.tickY(Math.min(endTick, L.endTick));
    g.fillStyle(DIAGRAM.down, 0.85).fillRect(x - 12, y0, 24, y1 - y0);
    g.lineStyle(3, DIAGRAM.incident, 0.95);
    if (startTick >= L.startTick) {
      g.lineBetween(x - 14, y0, x + 14, y0);
      cross(g, x, y0, 7);
    }
    if (!open && endTick <= L.endTick) {
      g.lineStyle(3, OKABE_ITO.bluishGreen, 0.95).lineBetween(x - 14, y1, x + 14, y1);
    }
    if (y1 - y0 > 36) this.text(x + 16, y0 + 4, open ? "down" : "down (crash)", 12, DIAGRAM.incidentCss, true);
  }

  private drawPause(x: number, startTick: number, endTick: number): void {
    const L = this.layout;
    if (endTick < L.startTick || startTick > L.endTick) return;
    const g = this.back;
    const y0 = L.tickY(Math.max(startTick, L.startTick));
    const y1 = L.tickY(Math.min(endTick, L.endTick));
    g.fillStyle(DIAGRAM.pause, 0.12).fillRect(x - 10, y0, 20, Math.max(2, y1 - y0));
    g.lineStyle(1.5, DIAGRAM.pause, 0.75);
    hatch(g, x - 10, y0, 20, Math.max(2, y1 - y0), 6);
    g.lineStyle(1.5, DIAGRAM.pause, 0.9).strokeRect(x - 10, y0, 20, Math.max(2, y1 - y0));
    if (y1 - y0 > 30) this.text(x + 13, y0 + 2, "paused", 12, "#9fd5f5", true);
  }

  private drawSlow(x: number, startTick: number, endTick: number): void {
    const L = this.layout;
    if (endTick < L.startTick || startTick > L.endTick) return;
    const y0 = L.tickY(Math.max(startTick, L.startTick));
    const y1 = L.tickY(Math.min(endTick, L.endTick));
    this.back.lineStyle(2, DIAGRAM.delayed, 0.6);
    dashedLine(this.back, x - 8, y0, x - 8, y1, 3, 4);
  }

  private drawClockMark(x: number, tick: number, stepTicks: number, driftPpm: number): void {
    const L = this.layout;
    if (tick < L.startTick || tick > L.endTick) return;
    const y = L.tickY(tick);
    this.back.lineStyle(2, OKABE_ITO.yellow, 0.9).lineBetween(x - 9, y, x + 9, y);
    const what = stepTicks !== 0 ? `clock ${stepTicks > 0 ? "+" : ""}${formatTicks(stepTicks)}` : `drift ${driftPpm} ppm`;
    this.text(x + 11, y - 8, what, 12, "#f5ec8a");
  }

  /**
   * The ghost: what the by-the-book bot sent and received on your lane, as faint dashed white
   * lines under your own arrows, so where you and it parted ways shows at a glance.
   */
  private drawGhost(): void {
    if (!this.ghost) return;
    const L = this.layout;
    const g = this.back;
    g.lineStyle(2, DIAGRAM.ghost, 0.45);
    for (const a of this.ghost) {
      const seg = clipToWindow(a.x0, a.t0, a.x1, a.t1, L.startTick, L.endTick);
      if (!seg) continue;
      dashedLine(g, L.laneX(seg[0]), L.tickY(seg[1]), L.laneX(seg[2]), L.tickY(seg[3]), 4, 4);
    }
  }

  private drawArrows(): void {
    const L = this.layout;
    const g = this.lines;
    const scrub = this.state.scrubTick;
    // Dense stretches (hundreds of messages on screen) get thinner, lighter lines and no
    // glyphs, so the structure (bands, gaps, the incident) still reads on a projector.
    let visible = 0;
    for (const a of this.model.arrows) if (a.t1 >= L.startTick && a.t0 <= L.endTick) visible++;
    const perLaneHeight = (L.plotBottom - L.plotTop) / Math.max(1, visible / Math.max(1, this.model.lanes.length));
    const dense = perLaneHeight < 14;
    const thick = dense ? 1 : L.scale > 2 ? 2.2 : L.scale > 0.8 ? 1.6 : 1.2;
    const baseAlpha = dense ? 0.5 : 0.85;
    const shapeR = L.scale > 2 ? 5 : 4;
    for (const a of this.model.arrows) {
      const seg = clipToWindow(a.x0, a.t0, a.x1, a.t1, L.startTick, L.endTick);
      if (!seg) continue;
      const known = this.known(a.endIndex ?? a.sendIndex) && (a.endIndex !== null || this.state.horizon === null);
      const spot = this.spotArrows.has(a.key);
      const style = messageStyle(a.type);
      const color = spot ? DIAGRAM.incident : known ? style.color : DIAGRAM.grey;
      let alpha = known ? (spot ? 1 : baseAlpha) : GREY_ALPHA;
      if (a.t0 > scrub) alpha *= FUTURE_ALPHA;
      const x0 = L.laneX(seg[0]);
      const y0 = L.tickY(seg[1]);
      const x1 = L.laneX(seg[2]);
      const y1 = L.tickY(seg[3]);
      const fullEnd = seg[3] === a.t1;
      if (a.delayed && known) g.lineStyle(thick + 6, DIAGRAM.delayed, 0.22 * alpha).lineBetween(x0, y0, x1, y1);
      g.lineStyle(spot ? thick + 1.8 : thick, color, alpha);
      if (a.fate === "in-flight") dashedLine(g, x0, y0, x1, y1, 6, 5);
      else g.lineBetween(x0, y0, x1, y1);
      if (a.fate === "delivered" && fullEnd && (!dense || spot)) {
        g.fillStyle(color, alpha);
        arrowHead(g, L.laneX(a.x0), L.tickY(a.t0), x1, y1, 6 + thick);
      }
      if (a.fate === "dropped" && fullEnd) {
        g.lineStyle(2.6, spot ? DIAGRAM.incident : known || !this.state.horizon ? DIAGRAM.cross : DIAGRAM.grey, Math.max(alpha, 0.35));
        cross(g, x1, y1, 5);
      }
      if (a.forked && a.copy === 1 && seg[1] === a.t0) {
        // The fork: a ring where one send became two copies.
        g.lineStyle(2, color, alpha).strokeCircle(x0, y0, 5);
      }
      const len = Math.hypot(x1 - x0, y1 - y0);
      if (len > 34 && seg[1] === a.t0 && (!dense || spot)) {
        const f = a.fate === "dropped" ? 0.55 : 0.42;
        drawShape(g, style.shape, x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, shapeR, known ? style.color : DIAGRAM.grey, alpha, BACKGROUND);
      }
      if (a.delayed && known && len > 60 && L.scale > 0.5) {
        const mx = (x0 + x1) / 2;
        const my = (y0 + y1) / 2;
        this.text(mx + 6, my - 8, `slow ${formatTicks(a.delayTicks)}`, 12, "#f5ec8a").setAlpha(alpha);
      }
    }
    // Packets in flight at the playhead, at their interpolated place: the scrubber's "now".
    if (scrub < this.model.endTick) {
      for (const a of this.model.arrows) {
        if (!(a.t0 <= scrub && scrub < a.t1) || scrub < L.startTick || scrub > L.endTick) continue;
        const f = (scrub - a.t0) / Math.max(1, a.t1 - a.t0);
        const x = L.laneX(a.x0 + (a.x1 - a.x0) * f);
        const known = this.known(a.sendIndex);
        drawShape(this.front, messageStyle(a.type).shape, x, L.tickY(scrub), 7, known ? messageStyle(a.type).color : DIAGRAM.grey, 1, BACKGROUND);
      }
    }
  }

  private drawMarks(): void {
    const L = this.layout;
    const g = this.lines;
    const scrub = this.state.scrubTick;
    for (const m of this.model.marks) {
      if (m.tick < L.startTick || m.tick > L.endTick) continue;
      if (m.kind === "crash" || m.kind === "recover" || m.kind === "pause" || m.kind === "resume" || m.kind === "clock") continue;
      const x = L.laneX(this.laneIndexOf(m.node));
      const y = L.tickY(m.tick);
      const known = this.known(m.i);
      let alpha = known ? 1 : GREY_ALPHA;
      if (m.tick > scrub) alpha *= FUTURE_ALPHA;
      const grey = !known;
      switch (m.kind) {
        case "action": {
          const color = grey ? DIAGRAM.grey : m.refused ? DIAGRAM.incident : 0xffffff;
          g.fillStyle(BACKGROUND, alpha).lineStyle(2.2, color, alpha);
          const pts = [
            new Phaser.Math.Vector2(x, y - 7),
            new Phaser.Math.Vector2(x + 7, y),
            new Phaser.Math.Vector2(x, y + 7),
            new Phaser.Math.Vector2(x - 7, y),
          ];
          g.fillPoints(pts, true).strokePoints(pts, true, true);
          if (m.refused) g.lineBetween(x - 5, y + 5, x + 5, y - 5);
          break;
        }
        case "response":
          g.fillStyle(grey ? DIAGRAM.grey : m.label.endsWith("OK") ? OKABE_ITO.bluishGreen : m.redirect ? DIAGRAM.gray : DIAGRAM.incident, alpha).fillRect(x - 4, y - 4, 8, 8);
          break;
        case "request":
          g.lineStyle(2, grey ? DIAGRAM.grey : 0xe8eefc, alpha).strokeCircle(x, y, 4.5);
          break;
        case "control":
          g.lineStyle(2.5, grey ? DIAGRAM.grey : DIAGRAM.playhead, alpha).strokeCircle(x, y, 8);
          break;
        case "timer":
          g.lineStyle(1.5, grey ? DIAGRAM.grey : 0xa7b6d6, alpha * 0.8).strokeCircle(x, y, 3);
          break;
        default:
          g.fillStyle(grey ? DIAGRAM.grey : 0xa7b6d6, alpha * 0.8).fillCircle(x, y, 2.2);
      }
    }
    // Selected event and hover ring.
    const sel = this.state.selectedEvent;
    if (sel !== null) {
      const p = this.pointOf(sel);
      if (p) this.front.lineStyle(2.5, 0xffffff, 1).strokeCircle(p.x, p.y, 11);
    }
    if (this.hover?.kind === "mark") {
      const p = this.pointOf(this.hover.mark.i);
      if (p) this.front.lineStyle(2, DIAGRAM.playhead, 0.9).strokeCircle(p.x, p.y, 9);
    }
    if (this.hover?.kind === "arrow") {
      const a = this.hover.arrow;
      const seg = clipToWindow(a.x0, a.t0, a.x1, a.t1, L.startTick, L.endTick);
      if (seg) this.front.lineStyle(4, DIAGRAM.playhead, 0.55).lineBetween(L.laneX(seg[0]), L.tickY(seg[1]), L.laneX(seg[2]), L.tickY(seg[3]));
    }
  }

  /** Screen position of a trace event (marks and arrow ends). */
  pointOf(i: number): { x: number; y: number } | null {
    const L = this.layout;
    const mark = this.model.marks.find((m) => m.i === i);
    if (mark) return { x: L.laneX(this.laneIndexOf(mark.node)), y: L.tickY(mark.tick) };
    const send = this.model.arrows.find((a) => a.sendIndex === i);
    if (send) return { x: L.laneX(send.x0), y: L.tickY(send.t0) };
    const end = this.model.arrows.find((a) => a.endIndex === i);
    if (end) return { x: L.laneX(end.x1), y: L.tickY(end.t1) };
    return null;
  }

  private drawSpotlight(): void {
    const spot = this.spotlight;
    if (!spot) return;
    const L = this.layout;
    const g = this.front;
    if (spot.tick >= L.startTick && spot.tick <= L.endTick) {
      const y = L.tickY(spot.tick);
      g.lineStyle(1.5, DIAGRAM.incident, 0.7);
      dashedLine(g, L.plotLeft, y, L.plotRight, y, 4, 5);
      this.text(L.plotRight - 4, y - 24, this.spotlightLabel, 13, "#0b1224", true, { bg: DIAGRAM.incidentCss, px: 6, py: 2 }).setOrigin(1, 0);
    }
    for (const i of this.spotIndices) {
      const p = this.pointOf(i);
      if (!p || p.y < L.plotTop || p.y > L.plotBottom) continue;
      g.fillStyle(DIAGRAM.incident, 0.22).fillCircle(p.x, p.y, 15);
      g.lineStyle(3, DIAGRAM.incident, 1).strokeCircle(p.x, p.y, 11);
    }
  }

  private drawPlayhead(): void {
    const L = this.layout;
    const g = this.front;
    const h = this.state.horizon;
    if (h) {
      const lane = this.laneIndexOf(h.node);
      if (h.tick >= L.startTick && h.tick <= L.endTick && lane >= 0) {
        const x = L.laneX(lane);
        const y = L.tickY(h.tick);
        g.fillStyle(DIAGRAM.horizon, 0.25).fillCircle(x, y, 16);
        g.lineStyle(3, DIAGRAM.horizon, 1).strokeCircle(x, y, 12);
        g.lineStyle(2, DIAGRAM.horizon, 0.9).lineBetween(x - 22, y, x + 22, y);
        const label = this.text(x + 18, y + 10, `${h.node} at ${formatTicks(h.tick)}: what it could know`, 13, "#0b1224", true, { bg: DIAGRAM.playheadCss, px: 6, py: 2 });
        if (label.x + label.width > L.plotRight) label.setX(x - 18 - label.width);
      }
    }
    const t = this.state.scrubTick;
    if (t < L.startTick || t > L.endTick) return;
    const y = L.tickY(t);
    g.lineStyle(2, DIAGRAM.playhead, 0.9).lineBetween(L.plotLeft - 6, y, L.plotRight, y);
    this.text(L.rect.x + 4, y - 10, formatTicks(t), 13, "#0b1224", true, { bg: DIAGRAM.playheadCss, px: 4, py: 2 });
  }

  private drawHeaders(): void {
    const L = this.layout;
    const g = this.front;
    const top = L.rect.y + 8;
    g.lineStyle(1, 0x2a3c66, 1).lineBetween(L.plotLeft, L.rect.y + HEADER_HEIGHT - 4, L.plotRight, L.rect.y + HEADER_HEIGHT - 4);
    this.model.lanes.forEach((lane, k) => {
      const x = L.laneX(k);
      const seat = k === this.seatLane;
      const selected = k === this.state.selectedLane;
      const name = this.text(x, top, lane.id, 18, seat ? "#7cc8f2" : DIAGRAM.text, true).setOrigin(0.5, 0);
      if (seat) {
        this.text(name.x + name.width / 2 + 6, top + 3, "YOU", 11, "#0b1224", true, { bg: "#7cc8f2", px: 4, py: 1 });
      }
      const offset = clockOffsetAt(lane, this.state.scrubTick);
      this.text(x, top + 23, truncate(lane.label, Math.floor(L.laneWidth / 7)), 12, DIAGRAM.muted).setOrigin(0.5, 0);
      const clock = `clock ${offset === 0 ? "±0" : `${offset > 0 ? "+" : ""}${formatTicks(offset)}`}`;
      this.text(x, top + 39, clock, 12, offset === 0 ? "#6f82a8" : "#f5ec8a", offset !== 0).setOrigin(0.5, 0);
      if (selected) g.lineStyle(3, DIAGRAM.playhead, 1).lineBetween(x - 30, top + 58, x + 30, top + 58);
    });
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function formatRuler(tick: number, step: number): string {
  const s = tick / 10;
  if (step >= 10) {
    const m = Math.floor(s / 60);
    const rest = Math.round(s % 60);
    return m > 0 ? `${m}:${String(rest).padStart(2, "0")}` : `${rest} s`;
  }
  return `${s.toFixed(1)} s`;
}
