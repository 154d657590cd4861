/**
 * The Level: a validated, immutable description of one playable scenario. Level files are data
 * (`levels/*.json`); `parseLevel` is the only way to get one of these from raw input.
 * Times are integer ticks (1 tick = 100 ms of game time; 10 ticks = 1 game-second).
 */
import type { FaultSpec } from "./faults.js";

export const LEVEL_FORMAT = 1;

export interface LinkSpec {
  delayTicksBase: number;
  jitterTicks: number;
  dropRate: number;
  duplicateRate: number;
}

export interface LinkOverride extends Partial<LinkSpec> {
  from: string;
  to: string;
}

export interface NodeSpec {
  id: string;
  /** What this node is in the story ("peer", "ledger", "archivist", ...); protocols read it. */
  role: string;
  /** The bot policy that plays this node when no human does. */
  bot: string;
  label?: string;
}

export interface ClockSpec {
  offsetTicks: number;
  /** Rate error in parts per million: +1000 means the clock runs 0.1% fast. */
  driftPpm: number;
}

export interface WeatherSpec {
  kind: "pause" | "flaky" | "gray" | "crash" | "clock-step";
  /** Expected occurrences per game-minute (600 ticks). */
  perMinute: number;
  durationTicksMin: number;
  durationTicksMax: number;
  /** Nodes it may strike (default: every node). */
  nodes?: string[];
  /** Extra drop rate for flaky, extra delay for gray, step size for clock-step. */
  magnitude?: number;
}

export interface WorkloadSpec {
  id: string;
  startTick: number;
  endTick: number;
  everyTicks: number;
  /** Extra random spacing added to everyTicks, 0..jitterTicks. */
  jitterTicks: number;
  /** Where requests arrive: a list of nodes, chosen round-robin. */
  to: string[];
  /** Protocol-specific request body; the protocol reads it. `n` (request number) is added. */
  payload: Record<string, unknown>;
  /** A request should be answered within this many ticks (the SLA). */
  slaTicks: number;
  /**
   * A closed-loop client: when no answer arrives within its timeout it sends the same request
   * again (a new attempt, the same `key` in the payload: what an idempotency key is made of),
   * waiting `backoff` times longer after each attempt, up to `maxAttempts` in all. Without it,
   * the client sends once and waits (open loop).
   */
  retry?: RetrySpec;
}

export interface RetrySpec {
  timeoutTicks: number;
  /** Each wait is the previous one times this (1: a fixed timeout; 2: exponential backoff). */
  backoff: number;
  maxAttempts: number;
  /** Extra random wait, 0..jitterTicks, drawn from the workload's own retry stream. */
  jitterTicks: number;
  /** An impatient client: an error answer does not stop it; it sends again at its next timeout. */
  onError?: boolean;
}

export interface GoalSpec {
  id: string;
  check: string;
  title: string;
  params: Record<string, unknown>;
}

export interface ScoringSpec {
  perServed: number;
  perError: number;
  perLateTick: number;
  messageBaseline: number;
  perExtraMessage: number;
  perViolation: number;
  /** Nodes whose messages count against the baseline; absent: every seat (seats.nodes). */
  messagesFrom?: string[];
}

export interface StarSpec {
  /** Goal ids that must all be met for this star (on top of no safety violation). */
  goals: string[];
  minScore?: number;
}

export interface Level {
  format: number;
  id: string;
  version: number;
  chapter: number;
  title: string;
  lesson: string;
  briefing: string[];
  protocol: string;
  protocolOptions: Record<string, unknown>;
  nodes: NodeSpec[];
  /** parallel: a team room holds up to this many players, each in a game of their own (see level-schema.ts). */
  seats: { nodes: string[]; min: number; max: number; parallel?: number };
  durationTicks: number;
  network: LinkSpec;
  links: LinkOverride[];
  clocks: Record<string, ClockSpec>;
  faults: FaultSpec[];
  weather: WeatherSpec[];
  workload: WorkloadSpec[];
  /** Player actions enabled in this level (names from the protocol). */
  actions: string[];
  /** Chores a human may hand to the autopilot (names from the protocol). */
  autopilot: string[];
  /** Nodes whose live, connected majority defines a stable window (default: all). */
  quorumNodes: string[];
  /** Safety checks run online after every event. */
  safety: { check: string; params: Record<string, unknown> }[];
  goals: GoalSpec[];
  scoring: ScoringSpec;
  stars: [StarSpec, StarSpec, StarSpec];
  /**
   * For each named mistake (a bot policy with `mistake`), the least share of seeds, 0 to 1, on
   * which it must be caught from every seat it can take; `npm run conformance` fails below it.
   */
  mistakeFloors: Record<string, number>;
  /**
   * Scripted moments where the level's rules change, announced on screen: actions unlocked or
   * withdrawn (l01's outbox unlocks at 1:30). In tick order. See phases.ts.
   */
  phases: PhaseSpec[];
  /** Values a player sets for their own node (a timeout, W and R), with their limits. See knobs.ts. */
  knobs: KnobSpec[];
  /**
   * The level's variants, each a whole Level of its own (id `<level id>-<variant id>`, its own
   * games and leaderboard), offered as a choice on this level's briefing. See variants in
   * parse-level.ts. Absent or empty: none.
   */
  variants?: Level[];
  /** Set on a variant: the level it varies and what the choice says. */
  variant?: VariantInfo;
  /**
   * Safety checks this level exists to show breaking (a variant that lets clocks drift past the
   * lease's assumption): their findings are observations, shown in the debrief, not violations.
   */
  observe?: string[];
}

export interface VariantInfo {
  /** The base level's id. */
  of: string;
  id: string;
  title: string;
  text: string;
}

export interface KnobSpec {
  /** The protocol's name for it: the protocol declares the knobs it reads. */
  id: string;
  label: string;
  /** One sentence: what it changes, and what it trades. */
  text: string;
  min: number;
  max: number;
  step: number;
  default: number;
  /** "ticks" shows as seconds (10 ticks = 1 s); "count" as a plain number. */
  unit: "ticks" | "count";
  /** The roles whose player may set it. */
  roles: string[];
}

export interface PhaseSpec {
  atTick: number;
  /** The announcement's headline and its sentence ("The outbox is open"). */
  title: string;
  text: string;
  /** Actions that become available from this moment, and ones withdrawn. */
  enable: string[];
  disable: string[];
}

export interface LevelError {
  /** Where in the file: `faults[2].atTick`. Empty for the whole document. */
  path: string;
  reason: string;
}

export function levelErrorText(error: LevelError): string {
  return error.path ? `${error.path}: ${error.reason}` : error.reason;
}
