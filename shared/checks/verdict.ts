/**
 * The verdict of a finished (or running) game, computed only from the world the server ran:
 * safety violations, goals, points and stars. Stars: one for safety plus the level's core goals,
 * two for the efficiency target, three for the stretch goal; any safety violation caps it at 0.
 */
import type { Level } from "../level/level.js";
import type { World } from "../sim/world-types.js";
import type { GoalOutcome, RunRecord, Violation } from "../sim/check.js";
import { catalogGoalCheck } from "../sim/catalog.js";
import { fateOf, lateTicks, requestOutcomes } from "./requests.js";
import { stableWindows } from "./stable-windows.js";

export interface Metrics {
  requests: number;
  served: number;
  /** Requests answered not-OK, redirects excepted: what `perError` costs. */
  errors: number;
  /** Requests a node pointed elsewhere (the protocol working: no points either way). */
  redirects: number;
  lateTicks: number;
  /** Messages sent by the seat nodes: what the score's message budget counts. */
  seatMessages: number;
  messages: number;
  delivered: number;
  dropped: number;
  duplicated: number;
}

export interface GoalResult extends GoalOutcome {
  id: string;
  title: string;
}

export interface Verdict {
  passed: boolean;
  stars: number;
  score: number;
  violations: Violation[];
  /**
   * Findings of the checks a variant observes (level.observe): what it set out to show breaking.
   * Never cost stars or points. Present only on such levels, so stored verdicts stay as they were.
   */
  observations?: Violation[];
  goals: GoalResult[];
  metrics: Metrics;
}

export function runRecord(world: World): RunRecord {
  const finalStates: Record<string, Record<string, unknown>> = {};
  for (const id of world.nodeIds) finalStates[id] = world.nodes[id]!.state;
  return {
    level: world.level,
    trace: world.trace,
    endTick: world.tick,
    stableWindows: stableWindows(world.trace, world.level, world.tick),
    finalStates,
    upAtEnd: world.nodeIds.filter((id) => world.nodes[id]!.status !== "down"),
  };
}

/** The nodes whose messages cost points: the level's choice, else every seat. */
export const costedSenders = (level: Level): ReadonlySet<string> => new Set(level.scoring.messagesFrom ?? level.seats.nodes);

export function metricsOf(world: World): Metrics {
  const outcomes = requestOutcomes(world.trace);
  const seats = costedSenders(world.level);
  let seatMessages = 0;
  for (const e of world.trace) if (e.kind === "send" && seats.has(e.node)) seatMessages++;
  return {
    requests: outcomes.length,
    served: outcomes.filter((o) => fateOf(o) === "served").length,
    errors: outcomes.filter((o) => fateOf(o) === "failed").length,
    redirects: outcomes.filter((o) => fateOf(o) === "redirected").length,
    lateTicks: outcomes.reduce((sum, o) => sum + lateTicks(o, world.tick), 0),
    seatMessages,
    messages: world.stats.sent,
    delivered: world.stats.delivered,
    dropped: world.stats.dropped,
    duplicated: world.stats.duplicated,
  };
}

/** Points from the metrics and violations alone: cheap enough for a live score during play. */
export function scoreOf(world: World, metrics: Metrics = metricsOf(world)): number {
  const s = world.level.scoring;
  const extraMessages = Math.max(0, metrics.seatMessages - s.messageBaseline);
  return Math.round(
    s.perServed * metrics.served -
      s.perError * metrics.errors -
      s.perLateTick * metrics.lateTicks -
      s.perExtraMessage * extraMessages -
      s.perViolation * world.violations.length,
  );
}

function goalOf(world: World, id: string) {
  const check = catalogGoalCheck(world.catalog, id);
  if (!check) throw new Error(`level ${world.level.id} names goal check ${id}, which is not in the catalog`);
  return check;
}

export function computeVerdict(world: World): Verdict {
  const level = world.level;
  const run = runRecord(world);
  const goals: GoalResult[] = level.goals.map((g) => ({ id: g.id, title: g.title, ...goalOf(world, g.check).evaluate(run, g.params) }));
  const metrics = metricsOf(world);
  const score = scoreOf(world, metrics);
  const met = new Set(goals.filter((g) => g.met).map((g) => g.id));
  const safe = world.violations.length === 0;
  let stars = 0;
  if (safe) {
    for (const star of level.stars) {
      if (!star.goals.every((g) => met.has(g)) || (star.minScore !== undefined && score < star.minScore)) break;
      stars++;
    }
  }
  const observed = world.level.observe?.length ? { observations: [...world.observations] } : {};
  return { passed: safe && stars >= 1, stars, score, violations: [...world.violations], ...observed, goals, metrics };
}
