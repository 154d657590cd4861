/**
 * A node's two clocks. The wall clock can be offset, drift and step (NTP); the monotonic uptime
 * clock only drifts and restarts from zero at boot. Both are integer tick readings computed from
 * the true tick, with drift applied as floor(elapsed * ppm / 1e6): exact integer arithmetic.
 * Timers run on the monotonic clock, so drift stretches or shrinks them.
 */
const PPM = 1_000_000;

export interface ClockState {
  /** Wall reading at anchorTick. */
  wallBaseTicks: number;
  /** Uptime reading at anchorTick. */
  uptimeBaseTicks: number;
  /** True tick from which the current drift applies. */
  anchorTick: number;
  driftPpm: number;
}

export function createClock(offsetTicks: number, driftPpm: number, nowTick: number): ClockState {
  return { wallBaseTicks: nowTick + offsetTicks, uptimeBaseTicks: 0, anchorTick: nowTick, driftPpm };
}

function elapsedLocal(clock: ClockState, nowTick: number): number {
  const elapsed = nowTick - clock.anchorTick;
  // Most clocks do not drift: skip the division (this runs several times per event).
  return clock.driftPpm === 0 ? elapsed : elapsed + Math.floor((elapsed * clock.driftPpm) / PPM);
}

export function wallTicks(clock: ClockState, nowTick: number): number {
  return clock.wallBaseTicks + elapsedLocal(clock, nowTick);
}

export function uptimeTicks(clock: ClockState, nowTick: number): number {
  return clock.uptimeBaseTicks + elapsedLocal(clock, nowTick);
}

/** Re-anchor at nowTick so a new drift applies from here on (readings stay continuous). */
function reanchor(clock: ClockState, nowTick: number): ClockState {
  return {
    wallBaseTicks: wallTicks(clock, nowTick),
    uptimeBaseTicks: uptimeTicks(clock, nowTick),
    anchorTick: nowTick,
    driftPpm: clock.driftPpm,
  };
}

export function setDrift(clock: ClockState, nowTick: number, driftPpm: number): ClockState {
  return { ...reanchor(clock, nowTick), driftPpm };
}

export function stepWall(clock: ClockState, nowTick: number, stepTicks: number): ClockState {
  const anchored = reanchor(clock, nowTick);
  return { ...anchored, wallBaseTicks: anchored.wallBaseTicks + stepTicks };
}

/** A boot restarts uptime from zero; the wall clock keeps running. */
export function boot(clock: ClockState, nowTick: number): ClockState {
  return { ...reanchor(clock, nowTick), uptimeBaseTicks: 0 };
}

/** The first true tick at which uptime reaches `targetUptimeTicks` (never before nowTick). */
export function tickWhenUptime(clock: ClockState, nowTick: number, targetUptimeTicks: number): number {
  const need = targetUptimeTicks - clock.uptimeBaseTicks;
  let elapsed = Math.max(0, Math.ceil((need * PPM) / (PPM + clock.driftPpm)) - 1);
  while (elapsed + Math.floor((elapsed * clock.driftPpm) / PPM) < need) elapsed++;
  return Math.max(nowTick, clock.anchorTick + elapsed);
}
