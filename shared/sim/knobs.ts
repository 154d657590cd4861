/**
 * Knobs: values a player sets for their own node, within the limits the level file gives (a
 * retry timeout, W and R, a breaker threshold). The protocol reads them from ctx.knobs; a bot
 * on the node reads the same values, so handing the seat over keeps the setting. Setting one is
 * an input ($knob), recorded in the log like any action, so the game still replays exactly.
 */
import type { KnobSpec, Level } from "../level/level.js";
import { err, ok, type Result } from "../base/result.js";

export function knobDefaults(level: Level): Readonly<Record<string, number>> {
  return Object.fromEntries(level.knobs.map((k) => [k.id, k.default]));
}

/** The value a player asked for, checked against the knob's limits and step; or what is wrong. */
export function checkKnob(level: Level, role: string, params: unknown): Result<{ knob: KnobSpec; value: number }, string> {
  const p = params as { knob?: unknown; value?: unknown } | null;
  if (typeof p?.knob !== "string" || typeof p.value !== "number") return err("Send { knob: string, value: number }.");
  const knob = level.knobs.find((k) => k.id === p.knob);
  if (!knob) return err(`This level has no knob ${p.knob.slice(0, 64)}${level.knobs.length > 0 ? ` (it has ${level.knobs.map((k) => k.id).join(", ")})` : ""}.`);
  if (!knob.roles.includes(role)) return err(`A ${role} cannot set ${knob.label}.`);
  if (!Number.isInteger(p.value) || p.value < knob.min || p.value > knob.max || (p.value - knob.min) % knob.step !== 0) {
    return err(`${knob.label} must be ${knobText(knob, knob.min)} to ${knobText(knob, knob.max)} in steps of ${knobText(knob, knob.step)} (got ${Number.isFinite(p.value) ? knobText(knob, p.value) : String(p.value)}).`);
  }
  return ok({ knob, value: p.value });
}

/** A knob's value in the player's words: ticks as seconds. */
export function knobText(knob: Pick<KnobSpec, "unit">, value: number): string {
  return knob.unit === "ticks" ? `${(value / 10).toFixed(value % 10 === 0 ? 0 : 1)} s` : String(value);
}
