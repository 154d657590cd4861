/**
 * Human inputs: the only way anything outside the world changes it. Every submission is recorded
 * in the input log (refused ones too: they are part of what happened and cost points), so a
 * replay of (level, seed, inputs) reproduces the game exactly.
 *
 * Action names starting with "$" are control inputs, not protocol actions:
 *   $control   { controller: "human", autopilot?: string[] } | { controller: "bot", policy?: string }
 *   $autopilot { chore: string, on: boolean }
 *   $knob      { knob: string, value: number }   (a knob of the level, within its limits: knobs.ts)
 *   $fault     { fault: FaultSpec }   (node "$facilitator": a live-injected fault, starting now)
 *   $nemesis   { points }             (node "$facilitator": a nemesis plays, with this budget: nemesis.ts)
 *   $fault     { fault, by }          (node "$nemesis": a fault the nemesis threw, within budget and limits)
 */
import { validateFault } from "../level/parse-level.js";
import { emit } from "./emit.js";
import { err, ok, type Result } from "../base/result.js";
import { consumed, parseParams, resolveParams, type HeldMessage, type Holdings } from "./action-params.js";
import { applyEffects, nodeContext, runNode } from "./node-runtime.js";
import { advanceTo, scheduleFault } from "./world.js";
import type { NodeEvent } from "./protocol.js";
import type { InputRecord, NodeRuntime, World } from "./world-types.js";
import { actionsAt, everyAction } from "../level/phases.js";
import { checkKnob } from "./knobs.js";
import { clockTime } from "../base/game-time.js";
import { checkDeclaration, checkNemesisFault, NEMESIS, NEMESIS_DECLARE } from "./nemesis.js";

export const FACILITATOR = "$facilitator";
/** A bound on the input log: a game is minutes long; more than this is a flood, not play. */
export const INPUTS_MAX = 20_000;

export interface ActionError {
  code: "unknown-node" | "not-yours" | "node-down" | "node-paused" | "unknown-action" | "not-enabled" | "bad-params" | "impossible" | "rule" | "game-over" | "too-many";
  message: string;
  /** For code "rule": the protocol rule that Guided mode enforces. */
  rule?: string;
}

/**
 * A refused input changes nothing but the record of it (a trace event, a cost in the debrief), so
 * the log keeps it compact: its params only when they are this small (else null), and the
 * refusal's words, clipped. A flood of refused junk then costs the log a little per message,
 * never the junk itself (issue 11 item 5); the room also counts them per seat.
 */
export const REFUSED_PARAMS_BYTES_MAX = 200;
/** Refusals are the server's own sentences: clipped only as a bound (a longer one would change the trace of a game stored before compaction, and its replay hash). */
const REFUSED_ERROR_LENGTH_MAX = 1000;

/** Submit one input at the world's current tick. */
export function submitInput(world: World, node: string, action: string, params: unknown): Result<void, ActionError> {
  if (world.inputs.length >= INPUTS_MAX) return err({ code: "too-many", message: "This game has taken all the inputs it can." });
  if (world.tick >= world.level.durationTicks) return err({ code: "game-over", message: "The game is over." });
  const record: InputRecord = { tick: world.tick, node, action, params };
  world.inputs.push(record);
  const result = applyInput(world, node, action, params);
  if (result.ok) {
    emit(world, { i: world.trace.length, tick: world.tick, kind: "action", node, action, params, ok: true });
    return result;
  }
  record.params = compactParams(params);
  record.refused = result.error.message.slice(0, REFUSED_ERROR_LENGTH_MAX);
  emitRefused(world, record);
  return result;
}

/**
 * One record of a stored log, replayed: an accepted one is submitted again, a refused one is
 * recorded again as it was refused (its params may be gone: nothing to apply, nothing it changed).
 */
export function replayInput(world: World, input: InputRecord): void {
  if (input.refused === undefined) {
    submitInput(world, input.node, input.action, input.params);
    return;
  }
  if (world.inputs.length >= INPUTS_MAX || world.tick >= world.level.durationTicks) return;
  const record: InputRecord = { tick: world.tick, node: input.node, action: input.action, params: input.params, refused: String(input.refused) };
  world.inputs.push(record);
  emitRefused(world, record);
}

function emitRefused(world: World, record: InputRecord): void {
  emit(world, { i: world.trace.length, tick: world.tick, kind: "action", node: record.node, action: record.action, params: record.params, ok: false, error: record.refused! });
}

function compactParams(params: unknown): unknown {
  const text = JSON.stringify(params);
  return text !== undefined && text.length <= REFUSED_PARAMS_BYTES_MAX ? params : null;
}

function applyInput(world: World, nodeId: string, action: string, params: unknown): Result<void, ActionError> {
  if (nodeId === FACILITATOR) {
    if (action === "$fault") return injectFault(world, params);
    if (action === NEMESIS_DECLARE) return declareNemesis(params);
    return err({ code: "unknown-action", message: `The facilitator cannot ${action}.` });
  }
  if (nodeId === NEMESIS) return action === "$fault" ? nemesisFault(world, params) : err({ code: "unknown-action", message: `The nemesis cannot ${action}: it throws faults.` });
  const node = world.nodes[nodeId];
  if (!node) return err({ code: "unknown-node", message: `There is no node ${nodeId} in this level.` });
  if (action === "$control") return control(world, node, params);
  if (node.controller.kind !== "human") return err({ code: "not-yours", message: `${nodeId} is played by a bot.` });
  if (action === "$autopilot") return toggleAutopilot(world, node, params);
  if (action === "$knob") return setKnob(world, node, params);
  return protocolAction(world, node, action, params);
}

function protocolAction(world: World, node: NodeRuntime, name: string, rawParams: unknown): Result<void, ActionError> {
  const action = Object.hasOwn(world.protocol.actions, name) ? world.protocol.actions[name] : undefined;
  if (!action) return err({ code: "unknown-action", message: `There is no action called ${name}.` });
  if (!actionsAt(world.level, world.tick).includes(name)) {
    const later = world.level.phases.find((p) => p.atTick > world.tick && p.enable.includes(name));
    return err({ code: "not-enabled", message: later ? `${name} is not available yet: it opens at ${clockTime(later.atTick)} (${later.title}).` : `${name} is not part of this level${everyAction(world.level).includes(name) ? " any more" : ""}.` });
  }
  if (!action.roles.includes(node.role)) return err({ code: "not-enabled", message: `A ${node.role} cannot ${name}.` });
  if (node.status === "down") return err({ code: "node-down", message: "Your node is down: it can do nothing until it recovers." });
  if (node.status === "paused") return err({ code: "node-paused", message: "Your node is frozen (a long pause): nothing happens until it wakes." });
  const parsed = parseParams(action.params, rawParams);
  if (!parsed.ok) return err({ code: "bad-params", message: parsed.error });
  const resolved = resolveParams(action.params, parsed.value, holdingsOf(node), node.state, { self: node.id, role: node.role, nodes: world.level.nodes });
  if (!resolved.ok) return err({ code: "impossible", message: resolved.error });
  const params = resolved.value as never;
  const ctx = nodeContext(world, node);
  const impossible = action.possible?.(node.state, params, ctx) ?? null;
  if (impossible) return err({ code: "impossible", message: impossible });
  if (world.mode === "guided") {
    const broken = action.check?.(node.state, params, ctx) ?? null;
    if (broken) return err({ code: "rule", message: broken, rule: action.rule });
  }
  const step = action.apply(node.state, params, ctx);
  node.state = step.state;
  markDealtWith(node, consumed(action.params, resolved.value), action.settles ?? []);
  // Effects go through the same path as a bot's: sends, timers, responses, notes.
  applyEffects(world, node, step.effects);
  return ok(undefined);
}

/**
 * What a human's node holds that an action's references resolve against: its inbox (the newest
 * card of a message not yet dealt with, as a copy may arrive twice) and its waiting requests.
 */
function holdingsOf(node: NodeRuntime): Holdings {
  return {
    message(msgId) {
      let found: { held: HeldMessage; dealtWith: boolean } | undefined;
      for (let i = node.inbox.length - 1; i >= 0; i--) {
        const entry = node.inbox[i]!;
        const e = entry.event;
        if (e.kind !== "message" || e.msgId !== msgId) continue;
        if (!found || (found.dealtWith && !entry.handled)) found = { held: { msgId, from: e.from, type: e.type, payload: e.payload, arrival: e.arrival }, dealtWith: entry.handled };
        if (!entry.handled) break;
      }
      return found;
    },
    request(requestId) {
      const r = node.pendingRequests.find((q) => q.id === requestId);
      if (!r) return undefined;
      const card = node.inbox.find((entry) => entry.event.kind === "request" && entry.event.requestId === requestId);
      return { held: { requestId: r.id, payload: r.payload, deadlineTick: r.deadlineTick }, dealtWith: card?.handled ?? false };
    },
  };
}

/**
 * The inbox cards an action dealt with: the messages and requests it consumed (whatever its
 * params are called), and the cards of the timers it settles (starting an election deals with
 * the election timer's card).
 */
function markDealtWith(node: NodeRuntime, used: { msgIds: number[]; requestIds: string[] }, settles: readonly string[]): void {
  for (const entry of node.inbox) {
    const e = entry.event;
    if (e.kind === "message" && used.msgIds.includes(e.msgId)) entry.handled = true;
    else if (e.kind === "request" && used.requestIds.includes(e.requestId)) entry.handled = true;
    else if (e.kind === "timer" && settles.includes(e.name)) entry.handled = true;
  }
}

function control(world: World, node: NodeRuntime, params: unknown): Result<void, ActionError> {
  const p = params as { controller?: unknown; autopilot?: unknown; policy?: unknown } | null;
  if (p?.controller === "human") {
    const autopilot = Array.isArray(p.autopilot) ? p.autopilot.filter((c): c is string => typeof c === "string" && world.level.autopilot.includes(c)) : [];
    if (!world.level.seats.nodes.includes(node.id)) return err({ code: "not-enabled", message: `${node.id} is not a seat for a human in this level.` });
    node.controller = { kind: "human", autopilot };
    emit(world, { i: world.trace.length, tick: world.tick, kind: "control", node: node.id, controller: "human" });
    return ok(undefined);
  }
  if (p?.controller === "bot") {
    const spec = world.level.nodes.find((n) => n.id === node.id)!;
    const policy = typeof p.policy === "string" ? p.policy : spec.bot;
    if (!Object.hasOwn(world.protocol.bots, policy)) return err({ code: "bad-params", message: `There is no bot policy ${policy}.` });
    const wasHuman = node.controller.kind === "human";
    node.controller = { kind: "bot", policy };
    emit(world, { i: world.trace.length, tick: world.tick, kind: "control", node: node.id, controller: `bot:${policy}` });
    if (wasHuman) catchUp(world, node);
    return ok(undefined);
  }
  return err({ code: "bad-params", message: 'controller must be "human" or "bot".' });
}

/** A bot taking over a human's node first deals with what the human left unhandled. */
function catchUp(world: World, node: NodeRuntime): void {
  if (node.status !== "up") return;
  for (const entry of node.inbox) {
    if (entry.handled) continue;
    entry.handled = true;
    const e = entry.event;
    let event: NodeEvent | null = null;
    if (e.kind === "timer") event = { kind: "timer", name: e.name };
    if (e.kind === "request") {
      const request = node.pendingRequests.find((r) => r.id === e.requestId);
      if (request) event = { kind: "request", request };
    }
    if (e.kind === "message") {
      event = {
        kind: "deliver",
        arrival: e.arrival,
        msg: { id: e.msgId, from: e.from, to: node.id, type: e.type, payload: e.payload, sentTick: -1 },
      };
    }
    if (event) runNode(world, node, event);
  }
}

function toggleAutopilot(world: World, node: NodeRuntime, params: unknown): Result<void, ActionError> {
  const p = params as { chore?: unknown; on?: unknown } | null;
  if (typeof p?.chore !== "string" || typeof p.on !== "boolean") return err({ code: "bad-params", message: "Send { chore: string, on: boolean }." });
  if (!world.level.autopilot.includes(p.chore)) return err({ code: "not-enabled", message: `There is no autopilot chore ${p.chore} in this level.` });
  if (node.controller.kind !== "human") return err({ code: "not-yours", message: "Only a human's node has autopilot chores." });
  const chores = new Set(node.controller.autopilot);
  if (p.on) chores.add(p.chore);
  else chores.delete(p.chore);
  node.controller = { kind: "human", autopilot: world.level.autopilot.filter((c) => chores.has(c)) };
  return ok(undefined);
}

function setKnob(world: World, node: NodeRuntime, params: unknown): Result<void, ActionError> {
  const checked = checkKnob(world.level, node.role, params);
  if (!checked.ok) return err({ code: "bad-params", message: checked.error });
  node.knobs = { ...node.knobs, [checked.value.knob.id]: checked.value.value };
  return ok(undefined);
}

function injectFault(world: World, params: unknown): Result<void, ActionError> {
  const raw = (params as { fault?: unknown } | null)?.fault;
  const parsed = validateFault(raw, "fault", world.level.nodes.map((n) => n.id));
  if (!parsed.ok) return err({ code: "bad-params", message: `${parsed.error.path}: ${parsed.error.reason}` });
  const fault = shiftFault(parsed.value, world.tick);
  world.faults.push(fault);
  scheduleFault(world, fault, world.faults.length - 1);
  // Apply a fault that starts now at once, so the facilitator sees it take effect.
  advanceTo(world, world.tick);
  return ok(undefined);
}

/** The budget is read back from the log by nemesis.ts: only its shape is checked here. */
function declareNemesis(params: unknown): Result<void, ActionError> {
  const points = checkDeclaration(params);
  return points.ok ? ok(undefined) : err({ code: "bad-params", message: points.error });
}

/** A fault from the nemesis: a valid spec first, then their budget and the level's limits. */
function nemesisFault(world: World, params: unknown): Result<void, ActionError> {
  const raw = (params as { fault?: unknown } | null)?.fault;
  const parsed = validateFault(raw, "fault", world.level.nodes.map((n) => n.id));
  if (!parsed.ok) return err({ code: "bad-params", message: `${parsed.error.path}: ${parsed.error.reason}` });
  // The log so far, without this input (submitInput has already recorded it).
  const allowed = checkNemesisFault(world.level, world.inputs.slice(0, -1), world.tick, parsed.value);
  if (!allowed.ok) return err({ code: "rule", message: allowed.error });
  return injectFault(world, { fault: parsed.value });
}

/** A live fault's times are relative to now. */
function shiftFault<F extends { atTick: number }>(fault: F, nowTick: number): F {
  const shifted: Record<string, unknown> = { ...fault, atTick: fault.atTick + nowTick };
  for (const key of ["untilTick", "recoverAtTick"] as const) {
    const value = (fault as Record<string, unknown>)[key];
    if (typeof value === "number") shifted[key] = value + nowTick;
  }
  return shifted as F;
}

export type { InputRecord };
