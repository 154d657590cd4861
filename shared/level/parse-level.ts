/**
 * parseLevel(raw, catalog) -> Result<Level, LevelError>: the only door from untrusted data (a JSON file,
 * an upload) to a Level. Every error names the field (`faults[2].atTick`) and the reason, so a
 * level author can fix the file without reading this code. Older formats are migrated first.
 */
import { FAULT_KINDS, faultNodes, type FaultSpec } from "./faults.js";
import { err, ok, type Result } from "../base/result.js";
import type { LevelCatalog } from "./level-catalog.js";
import { migrateLevel } from "./migrate-level.js";
import {
  LEVEL_FORMAT,
  type ClockSpec,
  type GoalSpec,
  type Level,
  type LevelError,
  type LinkOverride,
  type LinkSpec,
  type NodeSpec,
  type ScoringSpec,
  type StarSpec,
  type WeatherSpec,
  type WorkloadSpec,
} from "./level.js";

/** Thrown only inside this module and turned into a LevelError at the boundary. */
class Invalid extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
  }
}

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const LEVEL_ID_PATTERN = /^l\d\d-[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_TICKS = 36_000; // one hour of game time: far beyond any level, small enough to bound work
const MAX_NODES = 32;
const MAX_LIST = 500;

type Raw = Record<string, unknown>;

function obj(value: unknown, path: string): Raw {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Invalid(path, "must be an object");
  return value as Raw;
}

function arr(value: unknown, path: string, max = MAX_LIST): unknown[] {
  if (!Array.isArray(value)) throw new Invalid(path, "must be a list");
  if (value.length > max) throw new Invalid(path, `has ${value.length} items; at most ${max} are allowed`);
  return value;
}

function str(value: unknown, path: string, maxLength = 2000): string {
  if (typeof value !== "string" || value.trim() === "") throw new Invalid(path, "must be a non-empty string");
  if (value.length > maxLength) throw new Invalid(path, `is longer than ${maxLength} characters`);
  return value;
}

function int(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw new Invalid(path, `must be a whole number (got ${JSON.stringify(value)})`);
  if (value < min || value > max) throw new Invalid(path, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

function num(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Invalid(path, `must be a number (got ${JSON.stringify(value)})`);
  if (value < min || value > max) throw new Invalid(path, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

function rate(value: unknown, path: string): number {
  return num(value, path, 0, 1);
}

function optional<T>(raw: Raw, key: string, read: (v: unknown) => T): T | undefined {
  return raw[key] === undefined ? undefined : read(raw[key]);
}

function nodeRef(value: unknown, path: string, nodeIds: readonly string[]): string {
  const id = str(value, path, 32);
  if (!nodeIds.includes(id)) throw new Invalid(path, `names node ${id}, which is not in nodes (${nodeIds.join(", ")})`);
  return id;
}

function nodeList(value: unknown, path: string, nodeIds: readonly string[]): string[] {
  return arr(value, path, MAX_NODES).map((v, i) => nodeRef(v, `${path}[${i}]`, nodeIds));
}

function params(value: unknown, path: string): Record<string, unknown> {
  return value === undefined ? {} : obj(value, path);
}

function linkSpec(raw: Raw, path: string): LinkSpec {
  return {
    delayTicksBase: int(raw.delayTicksBase, `${path}.delayTicksBase`, 0, 600),
    jitterTicks: int(raw.jitterTicks, `${path}.jitterTicks`, 0, 600),
    dropRate: rate(raw.dropRate, `${path}.dropRate`),
    duplicateRate: rate(raw.duplicateRate, `${path}.duplicateRate`),
  };
}

function linkOverride(value: unknown, path: string, nodeIds: readonly string[]): LinkOverride {
  const raw = obj(value, path);
  const out: LinkOverride = { from: nodeRef(raw.from, `${path}.from`, nodeIds), to: nodeRef(raw.to, `${path}.to`, nodeIds) };
  const delay = optional(raw, "delayTicksBase", (v) => int(v, `${path}.delayTicksBase`, 0, 600));
  const jitter = optional(raw, "jitterTicks", (v) => int(v, `${path}.jitterTicks`, 0, 600));
  const drop = optional(raw, "dropRate", (v) => rate(v, `${path}.dropRate`));
  const dup = optional(raw, "duplicateRate", (v) => rate(v, `${path}.duplicateRate`));
  if (delay !== undefined) out.delayTicksBase = delay;
  if (jitter !== undefined) out.jitterTicks = jitter;
  if (drop !== undefined) out.dropRate = drop;
  if (dup !== undefined) out.duplicateRate = dup;
  return out;
}

function readFault(value: unknown, path: string, nodeIds: readonly string[]): FaultSpec {
  const raw = obj(value, path);
  const kind = str(raw.kind, `${path}.kind`, 32);
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new Invalid(`${path}.kind`, `must be one of ${FAULT_KINDS.join(", ")} (got ${kind})`);
  const atTick = int(raw.atTick, `${path}.atTick`, 0, MAX_TICKS);
  const until = (key: string): number | undefined =>
    optional(raw, key, (v) => {
      const t = int(v, `${path}.${key}`, 0, MAX_TICKS);
      if (t <= atTick) throw new Invalid(`${path}.${key}`, `must be after atTick (${atTick})`);
      return t;
    });
  const side = (v: unknown, p: string): [string[], string[]] => {
    const sides = arr(v, p, 2);
    if (sides.length !== 2) throw new Invalid(p, "must be two lists of nodes: [sideA, sideB]");
    return [nodeList(sides[0], `${p}[0]`, nodeIds), nodeList(sides[1], `${p}[1]`, nodeIds)];
  };
  const untilTick = until("untilTick");
  const window = untilTick === undefined ? {} : { untilTick };
  switch (kind as FaultSpec["kind"]) {
    case "partition": {
      const groups = arr(raw.groups, `${path}.groups`, MAX_NODES).map((g, i) => nodeList(g, `${path}.groups[${i}]`, nodeIds));
      if (groups.length < 1) throw new Invalid(`${path}.groups`, "must list at least one group");
      return { kind: "partition", atTick, ...window, groups };
    }
    case "cut":
      return { kind: "cut", atTick, ...window, from: nodeList(raw.from, `${path}.from`, nodeIds), to: nodeList(raw.to, `${path}.to`, nodeIds) };
    case "flaky":
      return { kind: "flaky", atTick, ...window, between: side(raw.between, `${path}.between`), dropRate: rate(raw.dropRate, `${path}.dropRate`) };
    case "gray":
      return { kind: "gray", atTick, ...window, between: side(raw.between, `${path}.between`), delayTicks: int(raw.delayTicks, `${path}.delayTicks`, 1, 6000) };
    case "crash": {
      const recoverAtTick = until("recoverAtTick");
      return { kind: "crash", atTick, node: nodeRef(raw.node, `${path}.node`, nodeIds), ...(recoverAtTick === undefined ? {} : { recoverAtTick }) };
    }
    case "pause":
      return { kind: "pause", atTick, node: nodeRef(raw.node, `${path}.node`, nodeIds), durationTicks: int(raw.durationTicks, `${path}.durationTicks`, 1, MAX_TICKS) };
    case "slow":
      return { kind: "slow", atTick, ...window, node: nodeRef(raw.node, `${path}.node`, nodeIds), extraTicks: int(raw.extraTicks, `${path}.extraTicks`, 1, 600) };
    case "clock-step":
      return { kind: "clock-step", atTick, node: nodeRef(raw.node, `${path}.node`, nodeIds), stepTicks: int(raw.stepTicks, `${path}.stepTicks`, -MAX_TICKS, MAX_TICKS) };
    case "clock-drift":
      return { kind: "clock-drift", atTick, node: nodeRef(raw.node, `${path}.node`, nodeIds), driftPpm: int(raw.driftPpm, `${path}.driftPpm`, -500_000, 500_000) };
    case "heal":
      return { kind: "heal", atTick };
  }
}

/** Exposed for live fault injection: validates one fault against a level's nodes. */
export function validateFault(value: unknown, path: string, nodeIds: readonly string[]): Result<FaultSpec, LevelError> {
  try {
    return ok(readFault(value, path, nodeIds));
  } catch (e) {
    if (e instanceof Invalid) return err({ path: e.path, reason: e.reason });
    throw e;
  }
}

const WEATHER_KINDS = ["pause", "flaky", "gray", "crash", "clock-step"] as const;

function readWeather(value: unknown, path: string, nodeIds: readonly string[]): WeatherSpec {
  const raw = obj(value, path);
  const kind = str(raw.kind, `${path}.kind`, 32) as WeatherSpec["kind"];
  if (!WEATHER_KINDS.includes(kind)) throw new Invalid(`${path}.kind`, `must be one of ${WEATHER_KINDS.join(", ")}`);
  const min = int(raw.durationTicksMin, `${path}.durationTicksMin`, 1, MAX_TICKS);
  const max = int(raw.durationTicksMax, `${path}.durationTicksMax`, min, MAX_TICKS);
  const out: WeatherSpec = { kind, perMinute: num(raw.perMinute, `${path}.perMinute`, 0.01, 60), durationTicksMin: min, durationTicksMax: max };
  const nodes = optional(raw, "nodes", (v) => nodeList(v, `${path}.nodes`, nodeIds));
  const magnitude = optional(raw, "magnitude", (v) => num(v, `${path}.magnitude`, -MAX_TICKS, MAX_TICKS));
  if (nodes) out.nodes = nodes;
  if (magnitude !== undefined) out.magnitude = magnitude;
  return out;
}

function readWorkload(value: unknown, path: string, nodeIds: readonly string[], durationTicks: number): WorkloadSpec {
  const raw = obj(value, path);
  const startTick = int(raw.startTick, `${path}.startTick`, 0, durationTicks);
  return {
    id: id(raw.id, `${path}.id`),
    startTick,
    endTick: int(raw.endTick, `${path}.endTick`, startTick, durationTicks),
    everyTicks: int(raw.everyTicks, `${path}.everyTicks`, 1, MAX_TICKS),
    jitterTicks: int(raw.jitterTicks ?? 0, `${path}.jitterTicks`, 0, MAX_TICKS),
    to: nodeList(raw.to, `${path}.to`, nodeIds),
    payload: params(raw.payload, `${path}.payload`),
    slaTicks: int(raw.slaTicks, `${path}.slaTicks`, 1, MAX_TICKS),
  };
}

function id(value: unknown, path: string): string {
  const text = str(value, path, 32);
  if (!ID_PATTERN.test(text)) throw new Invalid(path, "must start with a letter and use only letters, digits, - and _ (at most 32)");
  return text;
}

function readNodes(value: unknown, path: string): NodeSpec[] {
  const list = arr(value, path, MAX_NODES);
  if (list.length < 1) throw new Invalid(path, "must list at least one node");
  const seen = new Set<string>();
  return list.map((v, i) => {
    const raw = obj(v, `${path}[${i}]`);
    const nodeId = id(raw.id, `${path}[${i}].id`);
    if (seen.has(nodeId)) throw new Invalid(`${path}[${i}].id`, `${nodeId} appears twice`);
    seen.add(nodeId);
    const node: NodeSpec = { id: nodeId, role: id(raw.role, `${path}[${i}].role`), bot: id(raw.bot, `${path}[${i}].bot`) };
    const label = optional(raw, "label", (l) => str(l, `${path}[${i}].label`, 40));
    if (label) node.label = label;
    return node;
  });
}

function readScoring(value: unknown, path: string): ScoringSpec {
  const raw = obj(value, path);
  const n = (key: keyof ScoringSpec) => num(raw[key], `${path}.${key}`, 0, 1_000_000);
  return {
    perServed: n("perServed"),
    perError: n("perError"),
    perLateTick: n("perLateTick"),
    messageBaseline: n("messageBaseline"),
    perExtraMessage: n("perExtraMessage"),
    perViolation: n("perViolation"),
  };
}

function readStars(value: unknown, path: string, goalIds: readonly string[]): [StarSpec, StarSpec, StarSpec] {
  const list = arr(value, path, 3);
  if (list.length !== 3) throw new Invalid(path, "must list exactly three stars");
  return list.map((v, i) => {
    const raw = obj(v, `${path}[${i}]`);
    const goals = arr(raw.goals, `${path}[${i}].goals`).map((g, j) => {
      const goal = str(g, `${path}[${i}].goals[${j}]`, 64);
      if (!goalIds.includes(goal)) throw new Invalid(`${path}[${i}].goals[${j}]`, `names goal ${goal}, which is not in goals`);
      return goal;
    });
    const star: StarSpec = { goals };
    const minScore = optional(raw, "minScore", (s) => num(s, `${path}[${i}].minScore`, -1e9, 1e9));
    if (minScore !== undefined) star.minScore = minScore;
    return star;
  }) as [StarSpec, StarSpec, StarSpec];
}

function readMistakeFloors(value: unknown, protocolId: string, bots: Readonly<Record<string, { mistake?: string }>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [policy, floor] of Object.entries(obj(value ?? {}, "mistakeFloors"))) {
    const bot = Object.hasOwn(bots, policy) ? bots[policy] : undefined;
    if (!bot?.mistake) throw new Invalid(`mistakeFloors.${policy}`, `protocol ${protocolId} has no named mistake ${policy} (it has ${Object.keys(bots).filter((b) => bots[b]!.mistake).join(", ") || "none"})`);
    out[policy] = num(floor, `mistakeFloors.${policy}`, 0, 1);
  }
  return out;
}

function readLevel(input: Raw, catalog: LevelCatalog): Level {
  const levelId = str(input.id, "id", 64);
  if (!LEVEL_ID_PATTERN.test(levelId)) throw new Invalid("id", "must look like l08-reach-consensus (l, two digits, kebab-case title)");
  const protocolId = str(input.protocol, "protocol", 64);
  const protocol = Object.hasOwn(catalog.protocols, protocolId) ? catalog.protocols[protocolId] : undefined;
  if (!protocol) throw new Invalid("protocol", `there is no protocol called ${protocolId}`);
  const durationTicks = int(input.durationTicks, "durationTicks", 10, MAX_TICKS);
  const nodes = readNodes(input.nodes, "nodes");
  const nodeIds = nodes.map((n) => n.id);
  nodes.forEach((n, i) => {
    const bot = protocol.bots[n.bot];
    if (!Object.hasOwn(protocol.bots, n.bot) || !bot) throw new Invalid(`nodes[${i}].bot`, `protocol ${protocolId} has no bot policy ${n.bot} (it has ${Object.keys(protocol.bots).join(", ")})`);
    if (!bot.roles.includes(n.role)) throw new Invalid(`nodes[${i}].bot`, `policy ${n.bot} cannot play role ${n.role}`);
  });

  const seatsRaw = obj(input.seats, "seats");
  const seatNodes = nodeList(seatsRaw.nodes, "seats.nodes", nodeIds);
  const seatMin = int(seatsRaw.min, "seats.min", 0, seatNodes.length);
  const seats = { nodes: seatNodes, min: seatMin, max: int(seatsRaw.max, "seats.max", Math.max(1, seatMin), seatNodes.length) };

  const clocksRaw = obj(input.clocks ?? {}, "clocks");
  const clocks: Record<string, ClockSpec> = {};
  for (const [key, v] of Object.entries(clocksRaw)) {
    nodeRef(key, `clocks.${key}`, nodeIds);
    const c = obj(v, `clocks.${key}`);
    clocks[key] = { offsetTicks: int(c.offsetTicks ?? 0, `clocks.${key}.offsetTicks`, -MAX_TICKS, MAX_TICKS), driftPpm: int(c.driftPpm ?? 0, `clocks.${key}.driftPpm`, -500_000, 500_000) };
  }

  const actions = arr(input.actions ?? [], "actions").map((a, i) => {
    const name = str(a, `actions[${i}]`, 64);
    if (!Object.hasOwn(protocol.actions, name)) throw new Invalid(`actions[${i}]`, `protocol ${protocolId} has no action ${name}`);
    return name;
  });
  const autopilot = arr(input.autopilot ?? [], "autopilot").map((a, i) => {
    const name = str(a, `autopilot[${i}]`, 64);
    if (!Object.hasOwn(protocol.autopilot, name)) throw new Invalid(`autopilot[${i}]`, `protocol ${protocolId} has no autopilot chore ${name}`);
    return name;
  });

  const safety = arr(input.safety ?? [], "safety").map((v, i) => {
    const raw = obj(v, `safety[${i}]`);
    const check = str(raw.check, `safety[${i}].check`, 64);
    if (!Object.hasOwn(catalog.safetyChecks, check)) throw new Invalid(`safety[${i}].check`, `there is no safety check called ${check}`);
    return { check, params: params(raw.params, `safety[${i}].params`) };
  });
  const goalIds = new Set<string>();
  const goals: GoalSpec[] = arr(input.goals ?? [], "goals").map((v, i) => {
    const raw = obj(v, `goals[${i}]`);
    const goalId = id(raw.id, `goals[${i}].id`);
    if (goalIds.has(goalId)) throw new Invalid(`goals[${i}].id`, `${goalId} appears twice`);
    goalIds.add(goalId);
    const check = str(raw.check, `goals[${i}].check`, 64);
    const goalCheck = Object.hasOwn(catalog.goalChecks, check) ? catalog.goalChecks[check] : undefined;
    if (!goalCheck) throw new Invalid(`goals[${i}].check`, `there is no goal check called ${check}`);
    return { id: goalId, check, title: str(raw.title ?? goalCheck.title, `goals[${i}].title`, 200), params: params(raw.params, `goals[${i}].params`) };
  });

  const quorumNodes = input.quorumNodes === undefined ? nodeIds : nodeList(input.quorumNodes, "quorumNodes", nodeIds);
  return {
    format: LEVEL_FORMAT,
    id: levelId,
    version: int(input.version, "version", 1, 1_000_000),
    chapter: int(input.chapter, "chapter", 0, 12),
    title: str(input.title, "title", 80),
    lesson: str(input.lesson, "lesson", 300),
    briefing: arr(input.briefing, "briefing", 20).map((p, i) => str(p, `briefing[${i}]`, 1200)),
    protocol: protocolId,
    protocolOptions: params(input.protocolOptions, "protocolOptions"),
    nodes,
    seats,
    durationTicks,
    network: linkSpec(obj(input.network, "network"), "network"),
    links: arr(input.links ?? [], "links").map((l, i) => linkOverride(l, `links[${i}]`, nodeIds)),
    clocks,
    faults: arr(input.faults ?? [], "faults").map((f, i) => readFault(f, `faults[${i}]`, nodeIds)),
    weather: arr(input.weather ?? [], "weather", 20).map((w, i) => readWeather(w, `weather[${i}]`, nodeIds)),
    workload: arr(input.workload ?? [], "workload", 20).map((w, i) => readWorkload(w, `workload[${i}]`, nodeIds, durationTicks)),
    actions,
    autopilot,
    quorumNodes,
    safety,
    goals,
    scoring: readScoring(input.scoring, "scoring"),
    stars: readStars(input.stars, "stars", [...goalIds]),
    mistakeFloors: readMistakeFloors(input.mistakeFloors, protocolId, protocol.bots),
  };
}

export function parseLevel(raw: unknown, catalog: LevelCatalog): Result<Level, LevelError> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return err({ path: "", reason: "a level file must hold one JSON object" });
  const migrated = migrateLevel(raw as Raw);
  if (!migrated.ok) return migrated;
  try {
    const level = readLevel(migrated.value, catalog);
    for (const [i, fault] of level.faults.entries()) {
      if (fault.atTick >= level.durationTicks) return err({ path: `faults[${i}].atTick`, reason: `is at or after the end of the level (durationTicks ${level.durationTicks})` });
      void faultNodes(fault);
    }
    return ok(level);
  } catch (e) {
    if (e instanceof Invalid) return err({ path: e.path, reason: e.reason });
    throw e;
  }
}
