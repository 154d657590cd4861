/**
 * The nemesis: a team of students who play the network against a team of nodes, with the
 * facilitator's fault menu, a fault budget and the level's limits. Everything here is a pure
 * function of the level and the input log, so the same rule decides live and in every replay:
 *
 *   "$nemesis" { points }          node "$facilitator": a nemesis plays this game, with this budget
 *   "$fault"   { fault, by }       node "$nemesis": a fault thrown now by the student `by`
 *
 * A nemesis fault starts now and must end by itself (no permanent cut, no crash-stop, no clock
 * drift), lasts at most the level's limit, leaves the last seconds of the game to the nodes, and
 * at most so many run at once. Each costs points by kind; beyond the budget it is refused, in
 * words, and the refusal is logged like any refused input.
 */
import { err, ok, type Result } from "../base/result.js";
import type { FaultSpec } from "../level/faults.js";
import type { Level } from "../level/level.js";
import type { InputRecord } from "./world-types.js";

/** The input-log node of the nemesis' faults (beside "$facilitator"). */
export const NEMESIS = "$nemesis";
/** The facilitator's input that declares a nemesis and its budget. */
export const NEMESIS_DECLARE = "$nemesis";
export const NEMESIS_POINTS_MAX = 100;
const BY_LENGTH_MAX = 32;
const TICKS_PER_SECOND = 10;

/** What each kind of fault costs the nemesis; absent: not theirs to throw. */
export const NEMESIS_COSTS: Readonly<Partial<Record<FaultSpec["kind"], number>>> = {
  partition: 3,
  crash: 3,
  cut: 2,
  pause: 2,
  flaky: 1,
  gray: 1,
  slow: 1,
  "clock-step": 1,
};

export interface NemesisLimits {
  /** The longest a fault may last. */
  faultTicksMax: number;
  /** At most this many nemesis faults at once. */
  activeMax: number;
  /** The last ticks of the game are the nodes' to recover in: every fault is over by then. */
  quietEndTicks: number;
  /** The largest wall-clock jump. */
  clockStepTicksMax: number;
}

/** The level's limits: from its length, so a short level gets short cuts. */
export function nemesisLimits(level: Pick<Level, "durationTicks">): NemesisLimits {
  const d = level.durationTicks;
  return {
    faultTicksMax: Math.min(30 * TICKS_PER_SECOND, Math.max(5 * TICKS_PER_SECOND, Math.floor(d / 6))),
    activeMax: 2,
    quietEndTicks: Math.min(15 * TICKS_PER_SECOND, Math.floor(d / 10)),
    clockStepTicksMax: 10 * TICKS_PER_SECOND,
  };
}

/** One fault the nemesis threw (an accepted input), with its window in game ticks. */
export interface NemesisMove {
  /** Index of its input in the log. */
  input: number;
  tick: number;
  by: string;
  fault: FaultSpec;
  cost: number;
  /** When it stops acting (for a clock jump, the tick it happened). */
  endTick: number;
}

/** The budget the facilitator declared (the last declaration), or null: no nemesis in this game. */
export function nemesisBudget(inputs: readonly InputRecord[]): number | null {
  for (let k = inputs.length - 1; k >= 0; k--) {
    const input = inputs[k]!;
    if (input.node === "$facilitator" && input.action === NEMESIS_DECLARE && input.refused === undefined) return (input.params as { points: number }).points;
  }
  return null;
}

/** The nemesis' accepted faults, in order. */
export function nemesisMoves(inputs: readonly InputRecord[]): NemesisMove[] {
  const moves: NemesisMove[] = [];
  inputs.forEach((input, k) => {
    if (input.node !== NEMESIS || input.action !== "$fault" || input.refused !== undefined) return;
    const { fault, by } = input.params as { fault: FaultSpec; by?: unknown };
    moves.push({ input: k, tick: input.tick, by: typeof by === "string" ? by : "", fault, cost: NEMESIS_COSTS[fault.kind] ?? 0, endTick: input.tick + (lastsTicks(fault) ?? 0) });
  });
  return moves;
}

/** How long a fault acts, from its start; null: it never ends by itself. */
export function lastsTicks(fault: FaultSpec): number | null {
  switch (fault.kind) {
    case "partition":
    case "cut":
    case "flaky":
    case "gray":
    case "slow":
      return fault.untilTick === undefined ? null : fault.untilTick - fault.atTick;
    case "crash":
      return fault.recoverAtTick === undefined ? null : fault.recoverAtTick - fault.atTick;
    case "pause":
      return fault.durationTicks;
    case "clock-step":
      return 0;
    default:
      return null;
  }
}

/** The declaration's params, checked: { points } from 0 to NEMESIS_POINTS_MAX. */
export function checkDeclaration(params: unknown): Result<number, string> {
  const points = (params as { points?: unknown } | null)?.points;
  if (typeof points !== "number" || !Number.isInteger(points) || points < 0 || points > NEMESIS_POINTS_MAX) return err(`points must be a whole number from 0 to ${NEMESIS_POINTS_MAX}.`);
  return ok(points);
}

/** The thrower's name as logged: a short string, or "". */
export function byOf(params: unknown): string {
  const by = (params as { by?: unknown } | null)?.by;
  return typeof by === "string" ? by.slice(0, BY_LENGTH_MAX) : "";
}

/**
 * May the nemesis throw this fault (already a valid fault spec, times relative to now) at
 * `nowTick`, given the log so far? Its cost, or why not, in words the student can act on.
 */
export function checkNemesisFault(level: Pick<Level, "durationTicks">, inputs: readonly InputRecord[], nowTick: number, fault: FaultSpec): Result<number, string> {
  const budget = nemesisBudget(inputs);
  if (budget === null) return err("No nemesis plays this game: the facilitator has not handed out the fault menu.");
  const cost = NEMESIS_COSTS[fault.kind];
  if (cost === undefined) return err(`The nemesis cannot ${fault.kind === "heal" ? "heal the network: that is the nodes' luck, not yours" : "make a clock drift for good: every nemesis fault ends by itself"}.`);
  if (fault.atTick !== 0 || ("jitterTicks" in fault && fault.jitterTicks !== undefined)) return err("A nemesis fault starts now: atTick 0, no jitter.");
  const limits = nemesisLimits(level);
  const lasts = lastsTicks(fault);
  if (lasts === null) return err(`A nemesis ${fault.kind} must end by itself: give it ${fault.kind === "crash" ? "recoverAtTick" : "untilTick"}.`);
  if (lasts > limits.faultTicksMax) return err(`Too long: a nemesis fault lasts at most ${seconds(limits.faultTicksMax)} in this level; this one lasts ${seconds(lasts)}.`);
  if (fault.kind === "clock-step" && Math.abs(fault.stepTicks) > limits.clockStepTicksMax) return err(`Too big a jump: a clock moves at most ${seconds(limits.clockStepTicksMax)}.`);
  const quietFrom = level.durationTicks - limits.quietEndTicks;
  if (nowTick + lasts > quietFrom) return err(`Too late: the last ${seconds(limits.quietEndTicks)} of the game are the nodes' to recover in, and this fault would still act then.`);
  const moves = nemesisMoves(inputs);
  const active = moves.filter((m) => m.tick <= nowTick && nowTick < m.endTick).length;
  if (active >= limits.activeMax) return err(`Wait: at most ${limits.activeMax} nemesis faults act at once, and ${active} do now.`);
  const spent = moves.reduce((sum, m) => sum + m.cost, 0);
  if (spent + cost > budget) return err(`Over budget: a ${fault.kind} costs ${cost} point${cost === 1 ? "" : "s"} and ${budget - spent} of your ${budget} are left.`);
  return ok(cost);
}

function seconds(ticks: number): string {
  return `${ticks % TICKS_PER_SECOND === 0 ? ticks / TICKS_PER_SECOND : (ticks / TICKS_PER_SECOND).toFixed(1)} s`;
}
