/**
 * parseLevel(raw, catalog) -> Result<Level, LevelError>: the only door from untrusted data (a JSON file,
 * an upload) to a Level. Every error names the field (`faults[2].atTick`) and the reason, so a
 * level author can fix the file without reading this code. Older formats are migrated first.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { FAULT_KINDS, type FaultSpec } from "./faults.js";
import { FAULT_SCHEMAS, levelFileSchema } from "./level-schema.js";
import { schemaError } from "./schema-errors.js";
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
  type KnobSpec,
  type NodeSpec,
  type PhaseSpec,
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

const LEVEL_FILE = levelFileSchema();
type LevelFile = Static<typeof LEVEL_FILE>;

/** Throws the schema's first complaint about `value` as an Invalid at `path`. */
function conform(schema: TSchema, value: unknown, path: string): void {
  const e = schemaError(schema, value, path);
  if (e) throw new Invalid(e.path, e.reason);
}

function nodeRef(id: string, path: string, nodeIds: readonly string[]): string {
  if (!nodeIds.includes(id)) throw new Invalid(path, `names node ${id}, which is not in nodes (${nodeIds.join(", ")})`);
  return id;
}

function nodeList(ids: readonly string[], path: string, nodeIds: readonly string[]): string[] {
  return ids.map((id, i) => nodeRef(id, `${path}[${i}]`, nodeIds));
}

/** A fault: its kind's own schema, then the facts a schema cannot know (nodes, order of times). */
function readFault(value: unknown, path: string, nodeIds: readonly string[]): FaultSpec {
  conform(Type.Object({ kind: Type.Union(FAULT_KINDS.map((k) => Type.Literal(k)), { errorMessage: `must be one of ${FAULT_KINDS.join(", ")}` }) }), value, path);
  const kind = (value as { kind: FaultSpec["kind"] }).kind;
  conform(FAULT_SCHEMAS[kind], value, path);
  const fault = structuredClone(value) as FaultSpec;
  for (const key of ["untilTick", "recoverAtTick"] as const) {
    const t = (fault as Record<string, unknown>)[key];
    if (typeof t === "number" && t <= fault.atTick) throw new Invalid(`${path}.${key}`, `must be after atTick (${fault.atTick})`);
  }
  switch (fault.kind) {
    case "partition":
      fault.groups.forEach((g, i) => nodeList(g, `${path}.groups[${i}]`, nodeIds));
      break;
    case "cut":
      nodeList(fault.from, `${path}.from`, nodeIds);
      nodeList(fault.to, `${path}.to`, nodeIds);
      break;
    case "flaky":
    case "gray":
      fault.between.forEach((side, i) => nodeList(side, `${path}.between[${i}]`, nodeIds));
      break;
    case "heal":
      break;
    default:
      nodeRef(fault.node, `${path}.node`, nodeIds);
  }
  return fault;
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

function readWeather(w: LevelFile["weather"] & object, nodeIds: readonly string[]): WeatherSpec[] {
  return w.map((raw, i) => {
    const path = `weather[${i}]`;
    if (raw.durationTicksMax < raw.durationTicksMin) throw new Invalid(`${path}.durationTicksMax`, `must be at least durationTicksMin (${raw.durationTicksMin})`);
    const out: WeatherSpec = { kind: raw.kind, perMinute: raw.perMinute, durationTicksMin: raw.durationTicksMin, durationTicksMax: raw.durationTicksMax };
    if (raw.nodes) out.nodes = nodeList(raw.nodes, `${path}.nodes`, nodeIds);
    if (raw.magnitude !== undefined) out.magnitude = raw.magnitude;
    return out;
  });
}

function readWorkload(list: LevelFile["workload"] & object, nodeIds: readonly string[], durationTicks: number): WorkloadSpec[] {
  return list.map((raw, i) => {
    const path = `workload[${i}]`;
    if (raw.startTick > durationTicks) throw new Invalid(`${path}.startTick`, `must be between 0 and ${durationTicks} (got ${raw.startTick})`);
    if (raw.endTick < raw.startTick || raw.endTick > durationTicks) throw new Invalid(`${path}.endTick`, `must be between ${raw.startTick} and ${durationTicks} (got ${raw.endTick})`);
    return {
      id: raw.id,
      startTick: raw.startTick,
      endTick: raw.endTick,
      everyTicks: raw.everyTicks,
      jitterTicks: raw.jitterTicks ?? 0,
      to: nodeList(raw.to, `${path}.to`, nodeIds),
      payload: raw.payload ?? {},
      slaTicks: raw.slaTicks,
      ...(raw.retry ? { retry: { ...raw.retry, jitterTicks: raw.retry.jitterTicks ?? 0 } } : {}),
    };
  });
}

function readNodes(list: LevelFile["nodes"]): NodeSpec[] {
  const seen = new Set<string>();
  return list.map((raw, i) => {
    if (seen.has(raw.id)) throw new Invalid(`nodes[${i}].id`, `${raw.id} appears twice`);
    seen.add(raw.id);
    const node: NodeSpec = { id: raw.id, role: raw.role, bot: raw.bot };
    if (raw.label) node.label = raw.label;
    return node;
  });
}

function readStars(list: LevelFile["stars"], goalIds: readonly string[]): [StarSpec, StarSpec, StarSpec] {
  return list.map((raw, i) => {
    raw.goals.forEach((goal, j) => {
      if (!goalIds.includes(goal)) throw new Invalid(`stars[${i}].goals[${j}]`, `names goal ${goal}, which is not in goals`);
    });
    const star: StarSpec = { goals: [...raw.goals] };
    if (raw.minScore !== undefined) star.minScore = raw.minScore;
    return star;
  }) as [StarSpec, StarSpec, StarSpec];
}

/** The roles a protocol needs, with how many of each: an l12 without its LEDGER is refused here, not in the engine. */
function checkRoles(nodes: readonly NodeSpec[], protocolId: string, roles: Readonly<Record<string, { min: number; max: number }>> | undefined): void {
  if (!roles) return;
  nodes.forEach((n, i) => {
    if (!Object.hasOwn(roles, n.role)) throw new Invalid(`nodes[${i}].role`, `protocol ${protocolId} has no role ${n.role} (it has ${Object.keys(roles).join(", ")})`);
  });
  for (const [role, { min, max }] of Object.entries(roles)) {
    const count = nodes.filter((n) => n.role === role).length;
    if (count < min || count > max) throw new Invalid("nodes", `protocol ${protocolId} needs ${min === max ? min : `${min} to ${max}`} node${max === 1 ? "" : "s"} of role ${role}; this level has ${count}`);
  }
}

function readMistakeFloors(floors: Readonly<Record<string, number>>, protocolId: string, bots: Readonly<Record<string, { mistake?: string }>>): Record<string, number> {
  for (const policy of Object.keys(floors)) {
    const bot = Object.hasOwn(bots, policy) ? bots[policy] : undefined;
    if (!bot?.mistake) throw new Invalid(`mistakeFloors.${policy}`, `protocol ${protocolId} has no named mistake ${policy} (it has ${Object.keys(bots).filter((b) => bots[b]!.mistake).join(", ") || "none"})`);
  }
  return { ...floors };
}

function readPhases(list: LevelFile["phases"] & object, durationTicks: number, protocolId: string, actions: Readonly<Record<string, unknown>>): PhaseSpec[] {
  return list.map((raw, i) => {
    const path = `phases[${i}]`;
    if (raw.atTick >= durationTicks) throw new Invalid(`${path}.atTick`, `is at or after the end of the level (durationTicks ${durationTicks})`);
    if (i > 0 && raw.atTick <= list[i - 1]!.atTick) throw new Invalid(`${path}.atTick`, `must be after the previous phase's (${list[i - 1]!.atTick}): list phases in order`);
    for (const key of ["enable", "disable"] as const) {
      (raw[key] ?? []).forEach((name, j) => {
        if (!Object.hasOwn(actions, name)) throw new Invalid(`${path}.${key}[${j}]`, `protocol ${protocolId} has no action ${name}`);
      });
    }
    return { atTick: raw.atTick, title: raw.title, text: raw.text, enable: [...(raw.enable ?? [])], disable: [...(raw.disable ?? [])] };
  });
}

/** A check that declares no parameters takes none: a parameter given to it is a mistake to name. */
const NO_CHECK_PARAMS = Type.Object({}, { additionalProperties: false });

/** A check's parameters as the level gives them, validated against what the check declares. */
function checkParamsOf(check: { params?: TSchema }, raw: Readonly<Record<string, unknown>> | undefined, path: string): Record<string, unknown> {
  const params = { ...(raw ?? {}) };
  conform(check.params ?? NO_CHECK_PARAMS, params, path);
  return params;
}

/** The facts the schema cannot check: references between fields, the protocol's names, options and roles. */
function readLevel(input: LevelFile, catalog: LevelCatalog): Level {
  const protocolId = input.protocol;
  const protocol = Object.hasOwn(catalog.protocols, protocolId) ? catalog.protocols[protocolId] : undefined;
  if (!protocol) throw new Invalid("protocol", `there is no protocol called ${protocolId}`);
  const protocolOptions = { ...(input.protocolOptions ?? {}) };
  if (protocol.options) conform(protocol.options, protocolOptions, "protocolOptions");
  const durationTicks = input.durationTicks;
  const nodes = readNodes(input.nodes);
  const nodeIds = nodes.map((n) => n.id);
  nodes.forEach((n, i) => {
    const bot = protocol.bots[n.bot];
    if (!Object.hasOwn(protocol.bots, n.bot) || !bot) throw new Invalid(`nodes[${i}].bot`, `protocol ${protocolId} has no bot policy ${n.bot} (it has ${Object.keys(protocol.bots).join(", ")})`);
    if (!bot.roles.includes(n.role)) throw new Invalid(`nodes[${i}].bot`, `policy ${n.bot} cannot play role ${n.role}`);
  });
  checkRoles(nodes, protocolId, protocol.roles);

  const seatNodes = nodeList(input.seats.nodes, "seats.nodes", nodeIds);
  const seatMin = input.seats.min;
  if (seatMin > seatNodes.length) throw new Invalid("seats.min", `must be between 0 and ${seatNodes.length} (got ${seatMin})`);
  const seatMaxLimit = seatNodes.length;
  if (input.seats.max < Math.max(1, seatMin) || input.seats.max > seatMaxLimit) throw new Invalid("seats.max", `must be between ${Math.max(1, seatMin)} and ${seatMaxLimit} (got ${input.seats.max})`);
  const parallel = input.seats.parallel;
  if (parallel !== undefined && input.seats.max !== 1) throw new Invalid("seats.parallel", `is for a level of one seat (seats.max 1): each player runs that seat in a game of their own (got seats.max ${input.seats.max})`);
  const seats = { nodes: seatNodes, min: seatMin, max: input.seats.max, ...(parallel !== undefined ? { parallel } : {}) };

  const clocks: Record<string, ClockSpec> = {};
  for (const [key, c] of Object.entries(input.clocks ?? {})) {
    nodeRef(key, `clocks.${key}`, nodeIds);
    clocks[key] = { offsetTicks: c.offsetTicks ?? 0, driftPpm: c.driftPpm ?? 0 };
  }

  const actions = (input.actions ?? []).map((name, i) => {
    if (!Object.hasOwn(protocol.actions, name)) throw new Invalid(`actions[${i}]`, `protocol ${protocolId} has no action ${name}`);
    return name;
  });
  const autopilot = (input.autopilot ?? []).map((name, i) => {
    if (!Object.hasOwn(protocol.autopilot, name)) throw new Invalid(`autopilot[${i}]`, `protocol ${protocolId} has no autopilot chore ${name}`);
    return name;
  });

  const safety = (input.safety ?? []).map((raw, i) => {
    const safetyCheck = Object.hasOwn(catalog.safetyChecks, raw.check) ? catalog.safetyChecks[raw.check] : undefined;
    if (!safetyCheck) throw new Invalid(`safety[${i}].check`, `there is no safety check called ${raw.check}`);
    return { check: raw.check, params: checkParamsOf(safetyCheck, raw.params, `safety[${i}].params`) };
  });
  const goalIds = new Set<string>();
  const goals: GoalSpec[] = (input.goals ?? []).map((raw, i) => {
    if (goalIds.has(raw.id)) throw new Invalid(`goals[${i}].id`, `${raw.id} appears twice`);
    goalIds.add(raw.id);
    const goalCheck = Object.hasOwn(catalog.goalChecks, raw.check) ? catalog.goalChecks[raw.check] : undefined;
    if (!goalCheck) throw new Invalid(`goals[${i}].check`, `there is no goal check called ${raw.check}`);
    return { id: raw.id, check: raw.check, title: raw.title ?? goalCheck.title, params: checkParamsOf(goalCheck, raw.params, `goals[${i}].params`) };
  });

  const observe = (input.observe ?? []).map((check, i) => {
    if (!safety.some((s) => s.check === check)) throw new Invalid(`observe[${i}]`, `${check} is not one of the level's safety checks (${safety.map((s) => s.check).join(", ")})`);
    return check;
  });
  const links: LinkOverride[] = (input.links ?? []).map((l, i) => ({ ...l, from: nodeRef(l.from, `links[${i}].from`, nodeIds), to: nodeRef(l.to, `links[${i}].to`, nodeIds) }));
  return {
    format: LEVEL_FORMAT,
    id: input.id,
    version: input.version,
    chapter: input.chapter,
    title: input.title,
    lesson: input.lesson,
    briefing: [...input.briefing],
    protocol: protocolId,
    protocolOptions,
    nodes,
    seats,
    durationTicks,
    network: { ...input.network },
    links,
    clocks,
    faults: (input.faults ?? []).map((f, i) => readFault(f, `faults[${i}]`, nodeIds)),
    weather: readWeather(input.weather ?? [], nodeIds),
    workload: readWorkload(input.workload ?? [], nodeIds, durationTicks),
    actions,
    autopilot,
    quorumNodes: input.quorumNodes === undefined ? nodeIds : nodeList(input.quorumNodes, "quorumNodes", nodeIds),
    safety,
    goals,
    scoring: { ...input.scoring, ...(input.scoring.messagesFrom ? { messagesFrom: nodeList(input.scoring.messagesFrom, "scoring.messagesFrom", nodeIds) } : {}) },
    stars: readStars(input.stars, [...goalIds]),
    mistakeFloors: readMistakeFloors(input.mistakeFloors ?? {}, protocolId, protocol.bots),
    phases: readPhases(input.phases ?? [], durationTicks, protocolId, protocol.actions),
    knobs: readKnobs(input.knobs ?? [], protocolId, protocol.knobs ?? {}, nodes, seatNodes),
    ...(observe.length > 0 ? { observe } : {}),
  };
}

/** Each knob: one the protocol reads, once, its default a step from its minimum, within its range. */
function readKnobs(input: readonly NonNullable<LevelFile["knobs"]>[number][], protocolId: string, declared: Readonly<Record<string, unknown>>, nodes: readonly NodeSpec[], seatNodes: readonly string[]): KnobSpec[] {
  const seen = new Set<string>();
  const seatRoles = [...new Set(nodes.filter((n) => seatNodes.includes(n.id)).map((n) => n.role))];
  return input.map((k, i) => {
    const at = `knobs[${i}]`;
    if (!Object.hasOwn(declared, k.id)) throw new Invalid(`${at}.id`, `protocol ${protocolId} reads no knob ${k.id}${Object.keys(declared).length > 0 ? ` (it reads ${Object.keys(declared).join(", ")})` : ""}`);
    if (seen.has(k.id)) throw new Invalid(`${at}.id`, `${k.id} appears twice`);
    seen.add(k.id);
    if (k.min > k.max) throw new Invalid(`${at}.max`, `must be at least min (${k.min})`);
    if (k.default < k.min || k.default > k.max) throw new Invalid(`${at}.default`, `must be between ${k.min} and ${k.max} (got ${k.default})`);
    if ((k.default - k.min) % k.step !== 0) throw new Invalid(`${at}.default`, `must be min plus a whole number of steps of ${k.step}`);
    const roles = k.roles ?? seatRoles;
    roles.forEach((role, r) => {
      if (!seatRoles.includes(role)) throw new Invalid(`${at}.roles[${r}]`, `no seat of this level has role ${role} (seats: ${seatRoles.join(", ")})`);
    });
    return { id: k.id, label: k.label, text: k.text, min: k.min, max: k.max, step: k.step, default: k.default, unit: k.unit, roles: [...roles] };
  });
}

/**
 * parseLevel(raw, catalog): migrate, then the schema (shape, types, ranges, no unknown fields),
 * then the facts between fields. The first problem found is returned, naming its field.
 */
export function parseLevel(raw: unknown, catalog: LevelCatalog): Result<Level, LevelError> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return err({ path: "", reason: "a level file must hold one JSON object" });
  const migrated = migrateLevel(raw as Record<string, unknown>);
  if (!migrated.ok) return migrated;
  const shape = schemaError(LEVEL_FILE, migrated.value);
  if (shape) return err(shape);
  try {
    const level = readLevel(migrated.value as LevelFile, catalog);
    for (const [i, fault] of level.faults.entries()) {
      if (fault.atTick >= level.durationTicks) return err({ path: `faults[${i}].atTick`, reason: `is at or after the end of the level (durationTicks ${level.durationTicks})` });
      const latest = fault.atTick + ("jitterTicks" in fault ? (fault.jitterTicks ?? 0) : 0);
      if (latest >= level.durationTicks) return err({ path: `faults[${i}].jitterTicks`, reason: `can move the fault to ${latest}, at or after the end of the level (durationTicks ${level.durationTicks})` });
    }
    const file = migrated.value as LevelFile;
    if (!file.variants?.length) return ok(level);
    const variants: Level[] = [];
    for (const [i, v] of file.variants.entries()) {
      const variant = readVariant(file, v, level, catalog, `variants[${i}]`);
      if (!variant.ok) return variant;
      variants.push(variant.value);
    }
    return ok({ ...level, variants });
  } catch (e) {
    if (e instanceof Invalid) return err({ path: e.path, reason: e.reason });
    throw e;
  }
}

/**
 * A variant is the level file with its clocks replaced, its network changed or faults added, parsed as a level of its own
 * (so every rule holds for it too) under the id `<level>-<variant>`. It keeps the level's version:
 * a variant changes only when its level file does. It carries no mistake floors: the named
 * mistakes are measured on the level itself.
 */
function readVariant(file: LevelFile, v: NonNullable<LevelFile["variants"]>[number], base: Level, catalog: LevelCatalog, path: string): Result<Level, LevelError> {
  const observe = v.observe ?? [];
  for (const [j, check] of observe.entries()) {
    if (!base.safety.some((s) => s.check === check)) return err({ path: `${path}.observe[${j}]`, reason: `${check} is not one of the level's safety checks (${base.safety.map((s) => s.check).join(", ")})` });
  }
  const { variants: _variants, mistakeFloors: _floors, ...rest } = file;
  const merged = {
    ...rest,
    id: `${file.id}-${v.id}`,
    ...(observe.length > 0 ? { observe } : {}),
    ...(v.clocks ? { clocks: v.clocks } : {}),
    ...(v.network ? { network: { ...file.network, ...v.network } } : {}),
    ...(v.faults ? { faults: [...(file.faults ?? []), ...v.faults] } : {}),
  };
  const parsed = parseLevel(merged, catalog);
  if (!parsed.ok) return err({ path: parsed.error.path ? `${path} (as ${parsed.error.path})` : path, reason: parsed.error.reason });
  return ok({ ...parsed.value, title: `${base.title}: ${v.title}`, variant: { of: base.id, id: v.id, title: v.title, text: v.text } });
}
