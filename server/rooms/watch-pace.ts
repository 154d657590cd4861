/**
 * How fast a watched game runs (watch mode, see GameSession.takeSeat): the player picks half,
 * normal, double or four times speed. The room steps the world a whole number of ticks per
 * interval, so half speed is a tick every other interval: the fraction is carried over.
 */
export const WATCH_SPEEDS = [0.5, 1, 2, 4] as const;
export type WatchSpeed = (typeof WATCH_SPEEDS)[number];

export class WatchPace {
  speed: WatchSpeed = 1;
  /** Half-ticks owed from earlier intervals (0 or 1: only half speed leaves a remainder). */
  private halves = 0;

  /** The ticks to step in an interval that runs `ticks` at normal speed. */
  ticksFor(ticks: number): number {
    const halves = this.halves + ticks * this.speed * 2;
    const whole = Math.floor(halves / 2);
    this.halves = halves - whole * 2;
    return whole;
  }
}
