/**
 * Everything the debrief screen shows, computed from a replayed world: the verdict (recomputed,
 * never trusted from the server), the space-time diagram, the violation spotlights, the metrics
 * strip, the causal index behind the knowledge horizon, and the hash check.
 */
import { computeVerdict, type Verdict } from "../checks/verdict.js";
import { gameHash } from "../sim/state-hash.js";
import type { World } from "../sim/world-types.js";
import { NO_DEBRIEF, type ProtocolDebrief } from "../sim/debrief-marks.js";
import { buildCausalIndex, type CausalIndex } from "./debrief-horizon.js";
import { debriefMetrics, type DebriefMetrics } from "./debrief-metrics.js";
import { spotlights, type Spotlight } from "./debrief-spotlight.js";
import { buildSpaceTime, type SpaceTime } from "./space-time.js";
import { nemesisScore, type NemesisScore } from "../checks/nemesis-score.js";

export interface DebriefModel {
  levelId: string;
  levelVersion: number;
  title: string;
  chapter: number;
  lesson: string;
  seed: number;
  mode: World["mode"];
  seat: string;
  replayHash: string;
  storedHash: string;
  /** The browser's replay reproduced the server's game bit for bit. */
  hashMatches: boolean;
  verdict: Verdict;
  spaceTime: SpaceTime;
  spotlights: Spotlight[];
  /** The findings of checks a variant observes (level.observe): what it shows breaking, uncharged. */
  observed: Spotlight[];
  metrics: DebriefMetrics;
  causal: CausalIndex;
  /** The protocol's own marks on the diagram and cards (none when it has no debrief hook). */
  protocolDebrief: ProtocolDebrief;
  /** A workshop's nemesis played the network: their moves and score (null: nobody did). */
  nemesis: NemesisScore | null;
}

export function buildDebrief(world: World, seat: string, storedHash: string, replayHash = gameHash(world)): DebriefModel {
  const level = world.level;
  // The debrief reads the trace many times and at random (scrubbing, the horizon): one array of
  // events, built once, instead of rebuilding packed events on every read.
  const trace = world.trace.slice();
  const spaceTime = buildSpaceTime(level, trace, world.tick);
  const verdict = computeVerdict(world);
  return {
    levelId: level.id,
    levelVersion: level.version,
    title: level.title,
    chapter: level.chapter,
    lesson: level.lesson,
    seed: world.seed,
    mode: world.mode,
    seat,
    replayHash,
    storedHash,
    hashMatches: replayHash === storedHash,
    verdict,
    spaceTime,
    spotlights: spotlights(world.violations, trace, spaceTime.arrows, world.catalog),
    observed: spotlights(world.observations, trace, spaceTime.arrows, world.catalog),
    metrics: debriefMetrics(trace, spaceTime.arrows, [seat]),
    causal: buildCausalIndex(world.nodeIds, trace),
    protocolDebrief: world.protocol.debrief?.(trace, level, world.tick, seat) ?? NO_DEBRIEF,
    nemesis: nemesisScore({ level, inputs: world.inputs, violations: verdict.violations, goals: verdict.goals }),
  };
}
