/**
 * Game time in words a player reads: seconds, never ticks (1 tick = 100 ms of game time). Integer
 * arithmetic only, so the same words come out in Node and every browser.
 */
export const TICKS_PER_SECOND = 10;

/** A duration: "4.0 s", "0.5 s", "-2.0 s". */
export function seconds(ticks: number): string {
  const sign = ticks < 0 ? "-" : "";
  const abs = Math.abs(Math.round(ticks));
  return `${sign}${Math.floor(abs / TICKS_PER_SECOND)}.${abs % TICKS_PER_SECOND} s`;
}

/** A moment of the game, as its clock shows it: "1:23.4". */
export function clockTime(tick: number): string {
  const t = Math.max(0, Math.round(tick));
  const totalSeconds = Math.floor(t / TICKS_PER_SECOND);
  const s = totalSeconds % 60;
  return `${Math.floor(totalSeconds / 60)}:${s < 10 ? "0" : ""}${s}.${t % TICKS_PER_SECOND}`;
}
