// Where things go on screen: lanes across, time down, inside the rectangle the DOM layout left
// for the diagram. Pure arithmetic (no Phaser), so zoom, fit and hit-testing are unit-tested.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Room above the lanes for their headers, and on the left for the time ruler. */
export const HEADER_HEIGHT = 76;
export const RULER_WIDTH = 58;
export const BOTTOM_PAD = 14;
export const RIGHT_PAD = 10;
/** Zoomed all the way in, the view still shows this much game time (2 gs). */
export const WINDOW_TICKS_MIN = 20;

export class SpaceTimeLayout {
  rect: Rect = { x: 0, y: 0, width: 800, height: 600 };
  /** The visible stretch of game time [startTick, endTick]. */
  startTick = 0;
  endTick: number;

  constructor(
    readonly laneCount: number,
    readonly durationTicks: number,
  ) {
    this.endTick = durationTicks;
  }

  setRect(rect: Rect): void {
    this.rect = rect;
  }

  get plotTop(): number {
    return this.rect.y + HEADER_HEIGHT;
  }

  get plotBottom(): number {
    return this.rect.y + this.rect.height - BOTTOM_PAD;
  }

  get plotLeft(): number {
    return this.rect.x + RULER_WIDTH;
  }

  get plotRight(): number {
    return this.rect.x + this.rect.width - RIGHT_PAD;
  }

  get laneWidth(): number {
    return (this.plotRight - this.plotLeft) / Math.max(1, this.laneCount);
  }

  /** x of a (fractional) lane index: lane k's line sits in the middle of its column. */
  laneX(lane: number): number {
    return this.plotLeft + (lane + 0.5) * this.laneWidth;
  }

  tickY(tick: number): number {
    const span = Math.max(1, this.endTick - this.startTick);
    return this.plotTop + ((tick - this.startTick) / span) * (this.plotBottom - this.plotTop);
  }

  yToTick(y: number): number {
    const span = Math.max(1, this.endTick - this.startTick);
    return this.startTick + ((y - this.plotTop) / Math.max(1, this.plotBottom - this.plotTop)) * span;
  }

  /** The lane whose column holds x, or null outside the plot. */
  laneAt(x: number): number | null {
    if (x < this.plotLeft || x > this.plotRight) return null;
    const lane = Math.floor((x - this.plotLeft) / this.laneWidth);
    return lane >= 0 && lane < this.laneCount ? lane : null;
  }

  inPlot(x: number, y: number): boolean {
    return x >= this.plotLeft && x <= this.plotRight && y >= this.plotTop && y <= this.plotBottom;
  }

  /** Pixels per tick at the current zoom. */
  get scale(): number {
    return (this.plotBottom - this.plotTop) / Math.max(1, this.endTick - this.startTick);
  }

  fit(): void {
    this.startTick = 0;
    this.endTick = this.durationTicks;
  }

  /** Zoom by `factor` (> 1 zooms in), keeping `aroundTick` at the same height on screen. */
  zoom(factor: number, aroundTick: number): void {
    const span = this.endTick - this.startTick;
    const next = Math.min(this.durationTicks, Math.max(WINDOW_TICKS_MIN, span / factor));
    const anchor = Math.min(this.durationTicks, Math.max(0, aroundTick));
    const share = span > 0 ? (anchor - this.startTick) / span : 0.5;
    this.setWindow(anchor - share * next, next);
  }

  /** Show `spanTicks` of time centred on `tick`. */
  focus(tick: number, spanTicks: number): void {
    const span = Math.min(this.durationTicks, Math.max(WINDOW_TICKS_MIN, spanTicks));
    this.setWindow(tick - span / 2, span);
  }

  pan(deltaTicks: number): void {
    this.setWindow(this.startTick + deltaTicks, this.endTick - this.startTick);
  }

  /** Scroll just enough that `tick` is on screen (with a little margin). */
  ensureVisible(tick: number): void {
    const span = this.endTick - this.startTick;
    const margin = span / 10;
    if (tick < this.startTick + margin) this.setWindow(tick - margin, span);
    else if (tick > this.endTick - margin) this.setWindow(tick + margin - span, span);
  }

  get zoomed(): boolean {
    return this.startTick > 0 || this.endTick < this.durationTicks;
  }

  private setWindow(start: number, span: number): void {
    const clamped = Math.min(Math.max(0, start), this.durationTicks - span);
    this.startTick = Math.max(0, clamped);
    this.endTick = this.startTick + span;
  }
}

/** A readable step for the time ruler: about one label per `pixelsMin` pixels. */
export function rulerStepTicks(scalePxPerTick: number, pixelsMin = 48): number {
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 300, 600, 1200, 3000];
  for (const step of steps) if (step * scalePxPerTick >= pixelsMin) return step;
  return steps[steps.length - 1]!;
}

/** Distance from a point to a segment, for hovering over arrows. */
export function distanceToSegment(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2));
  const cx = x0 + t * dx;
  const cy = y0 + t * dy;
  return Math.hypot(px - cx, py - cy);
}
