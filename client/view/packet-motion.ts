// Packet motion on the player's map, computed on the client from ticks (never synced per frame).
// A node knows when it SENT a message and when one was DELIVERED to it, on its own uptime clock,
// and nothing in between: so a sent packet leaves along its link and fades into "the fog"
// before the far end, and a received packet comes out of the fog and lands on the node at its
// delivery tick. Positions are fractions of the link measured from the player's own node.
// Pure: unit-tested without Phaser.

/** Link fraction (from your node) where the fog begins: beyond it you know nothing. */
export const FOG_START = 0.38;
/** Where a packet is fully gone into the fog (sent) or first appears out of it (received). */
export const FOG_END = 0.62;
/** Game ticks a packet takes to cross a whole link on the map (about one game-second). */
export const LINK_TICKS = 10;
/**
 * The map runs this many ticks behind the newest patch, so a delivery the server reports after
 * the fact can still be drawn landing at its own tick instead of popping in.
 */
export const DISPLAY_LAG_TICKS = 6;

export interface Motion {
  /** Distance from your node as a fraction of the link: 0 at your node, 1 at the peer. */
  d: number;
  alpha: number;
}

const clamp01 = (v: number): number => Math.max(0, Math.min(1, v));

/** A message you sent at `sentAt` (your uptime), seen at display time `now`; null when not visible. */
export function sentMotion(sentAt: number, now: number): Motion | null {
  const d = (now - sentAt) / LINK_TICKS;
  if (d < 0 || d >= FOG_END) return null;
  const alpha = d <= FOG_START ? 1 : 1 - (d - FOG_START) / (FOG_END - FOG_START);
  return { d, alpha: clamp01(alpha) };
}

/** A message delivered to you at `deliveredAt` (your uptime), at display time `now`; null when not visible. */
export function receivedMotion(deliveredAt: number, now: number): Motion | null {
  const d = (deliveredAt - now) / LINK_TICKS;
  if (d < 0 || d >= FOG_END) return null;
  const alpha = d <= FOG_START ? 1 : 1 - (d - FOG_START) / (FOG_END - FOG_START);
  return { d, alpha: clamp01(alpha) };
}

/** The god's view (spectators, after the end): a packet's true position between two nodes. */
export function observedProgress(sentTick: number, deliverTick: number, now: number): number | null {
  if (deliverTick <= sentTick) return now >= sentTick && now <= deliverTick ? 1 : null;
  const t = (now - sentTick) / (deliverTick - sentTick);
  return t < 0 || t > 1 ? null : t;
}

/**
 * Interpolates a tick counter between patches: patches arrive every 100 ms with the server's
 * reading; between them the clock runs on at `ticksPerSecond`, but never more than a little past
 * the last reading (a stalled connection must not run the map ahead of the game).
 */
export class TickClock {
  private reading = 0;
  private readAtMs = 0;
  private running = false;

  constructor(
    private ticksPerSecond: number,
    /** How far past the last reading the clock may run, in ticks. */
    private readonly leadTicksMax = 2,
  ) {}

  observe(ticks: number, nowMs: number, running: boolean, ticksPerSecond = this.ticksPerSecond): void {
    this.ticksPerSecond = ticksPerSecond;
    this.running = running;
    if (ticks === this.reading && running) return; // same reading: keep interpolating from the first sight
    this.reading = ticks;
    this.readAtMs = nowMs;
  }

  /** Fractional ticks now. A new reading below the interpolated value is honoured (no snapping back later). */
  now(nowMs: number): number {
    if (!this.running) return this.reading;
    const lead = Math.min(((nowMs - this.readAtMs) * this.ticksPerSecond) / 1000, Math.max(this.leadTicksMax, this.ticksPerSecond / 10));
    return this.reading + Math.max(0, lead);
  }
}
