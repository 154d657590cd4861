/**
 * Per-client rate limit: a token bucket (a burst, refilled at a sustained rate) decides whether a
 * message is handled or dropped; a separate window counts every arrival, dropped or not, so a
 * client that keeps flooding far above the sustained rate is disconnected instead of costing us
 * a refusal per message forever. Time is passed in, so tests need no real clock.
 */
export interface RateLimitOptions {
  /** Messages allowed back to back. */
  burst: number;
  /** Messages per second allowed in the long run. */
  perSecond: number;
  /** Disconnect when arrivals over `floodWindowMs` exceed this many times the sustained rate. */
  floodFactor: number;
  floodWindowMs: number;
}

/** Humans click a few times a second; autopilot toggles and lobby clicks come in small bursts. */
export const RATE_LIMIT_DEFAULTS: RateLimitOptions = { burst: 20, perSecond: 10, floodFactor: 5, floodWindowMs: 3000 };

export type RateDecision = "allow" | "drop" | "disconnect";

export class RateLimiter {
  private tokens: number;
  private lastRefillMs: number;
  private windowStartMs: number;
  private windowArrivals = 0;

  constructor(
    private readonly options: RateLimitOptions,
    nowMs: number,
  ) {
    this.tokens = options.burst;
    this.lastRefillMs = nowMs;
    this.windowStartMs = nowMs;
  }

  take(nowMs: number): RateDecision {
    const o = this.options;
    if (nowMs - this.windowStartMs >= o.floodWindowMs) {
      this.windowStartMs = nowMs;
      this.windowArrivals = 0;
    }
    this.windowArrivals++;
    if (this.windowArrivals > o.floodFactor * o.perSecond * (o.floodWindowMs / 1000)) return "disconnect";

    const elapsedMs = Math.max(0, nowMs - this.lastRefillMs);
    this.lastRefillMs = nowMs;
    this.tokens = Math.min(o.burst, this.tokens + (elapsedMs * o.perSecond) / 1000);
    if (this.tokens < 1) return "drop";
    this.tokens -= 1;
    return "allow";
  }
}

/** The limits scaled for a test game running `speedTicks` game ticks per real tick. */
export function scaledRateLimit(options: RateLimitOptions, speedTicks: number): RateLimitOptions {
  return speedTicks <= 1 ? options : { ...options, burst: options.burst * speedTicks, perSecond: options.perSecond * speedTicks };
}
