/**
 * The world: createWorld(level, catalog, seed) builds the initial state; advanceTo(world, tick) runs every
 * event up to that tick in (tick, seq) order. Together with inputs.ts (human actions) this is
 * the whole fold: the same level, seed and inputs give the same world, bit for bit.
 */
import type { Level } from "../level/level.js";
import { knobDefaults } from "./knobs.js";
import { catalogProtocol, catalogSafetyCheck, type Catalog } from "./catalog.js";
import { createClock, setDrift, stepWall } from "./clock.js";
import { emit } from "./emit.js";
import { EventQueue } from "./event-queue.js";
import { isNetworkFault, type FaultSpec } from "../level/faults.js";
import { arrive, crash, nodeContext, pause, recover, runNode, wake } from "./node-runtime.js";
import { streamRng } from "./prng.js";
import { Trace } from "./trace-store.js";
import { expandWeather } from "./weather.js";
import { seededFaults } from "./seeded-faults.js";
import { clientRetryFires, scheduleWorkloads, workloadFires } from "./workload.js";
import type { Mode, NodeRuntime, Queued, World } from "./world-types.js";

export interface WorldOptions {
  mode?: Mode;
}

export function createWorld(level: Level, catalog: Catalog, seed: number, options: WorldOptions = {}): World {
  const protocol = catalogProtocol(catalog, level.protocol);
  if (!protocol) throw new Error(`level ${level.id} names protocol ${level.protocol}, which is not in the catalog`);
  const safetyCheck = (id: string) => {
    const check = catalogSafetyCheck(catalog, id);
    if (!check) throw new Error(`level ${level.id} names safety check ${id}, which is not in the catalog`);
    return check;
  };
  const world: World = {
    level,
    catalog,
    protocol,
    seed: seed >>> 0,
    mode: options.mode ?? "guided",
    tick: 0,
    seq: 0,
    nextMsgId: 1,
    inboxSeq: 0,
    nodeIds: level.nodes.map((n) => n.id),
    nodes: {},
    nodeList: [],
    queue: new EventQueue<Queued>(),
    rngCounters: {},
    linkOrdinals: level.nodes.flatMap(() => level.nodes.map(() => 0)),
    faults: [...seededFaults(level.faults, seed), ...expandWeather(level, seed)],
    activeNetworkFaults: [],
    trace: new Trace(level.nodes.map((n) => n.id)),
    inputs: [],
    monitors: level.safety.map((s) => ({ check: s.check, monitor: safetyCheck(s.check).create(s.params, level) })),
    violations: [],
    observations: [],
    stats: { events: 0, sent: 0, delivered: 0, dropped: 0, duplicated: 0 },
    answeredKeys: new Set(),
  };
  const never = (): number[] => level.nodes.map(() => -1);
  for (const [index, spec] of level.nodes.entries()) {
    const clockSpec = level.clocks[spec.id] ?? { offsetTicks: 0, driftPpm: 0 };
    const node: NodeRuntime = {
      id: spec.id,
      index,
      role: spec.role,
      state: {},
      status: "up",
      controller: { kind: "bot", policy: spec.bot },
      clock: createClock(clockSpec.offsetTicks, clockSpec.driftPpm, 0),
      timers: {},
      inbox: [],
      sent: [],
      lastHeardUptimeTicks: never(),
      lastHeardAt: never(),
      pendingRequests: [],
      buffered: [],
      pausedUntilTick: 0,
      slowExtraTicks: 0,
      incarnation: 0,
      arrivals: 0,
      knobs: knobDefaults(level),
    };
    world.nodes[spec.id] = node;
    world.nodeList.push(node);
    node.state = protocol.init(nodeContext(world, node)) as Record<string, unknown>;
  }
  world.faults.forEach((fault, faultId) => scheduleFault(world, fault, faultId));
  scheduleWorkloads(world);
  for (const id of world.nodeIds) runNode(world, world.nodes[id]!, { kind: "boot" });
  return world;
}

/** Queue the start (and the end, for windowed faults) of one fault. */
export function scheduleFault(world: World, fault: FaultSpec, faultId: number): void {
  world.queue.push({ tick: fault.atTick, seq: world.seq++, kind: "fault-start", faultId });
  const endTick = faultEndTick(fault);
  if (endTick !== undefined) world.queue.push({ tick: endTick, seq: world.seq++, kind: "fault-end", faultId });
}

function faultEndTick(fault: FaultSpec): number | undefined {
  switch (fault.kind) {
    case "crash":
      return fault.recoverAtTick;
    case "pause":
      return fault.atTick + fault.durationTicks;
    case "partition":
    case "cut":
    case "flaky":
    case "gray":
    case "slow":
      return fault.untilTick;
    default:
      return undefined;
  }
}

/** Run every event with tick <= targetTick, then stand at targetTick (never past the end). */
export function advanceTo(world: World, targetTick: number): void {
  const target = Math.min(targetTick, world.level.durationTicks);
  const queue = world.queue;
  for (;;) {
    const nextTick = queue.peekTick();
    if (nextTick > target) break;
    const next = queue.pop()!;
    if (nextTick > world.tick) world.tick = nextTick;
    world.stats.events++;
    processQueued(world, next);
  }
  if (target > world.tick) world.tick = target;
}

export function isFinished(world: World): boolean {
  return world.tick >= world.level.durationTicks;
}

function processQueued(world: World, item: Queued): void {
  switch (item.kind) {
    case "deliver":
    case "timer":
    case "request":
      arrive(world, item, false);
      return;
    case "slowed":
      arrive(world, item.inner, true);
      return;
    case "fault-start":
      startFault(world, item.faultId);
      return;
    case "fault-end":
      endFault(world, item.faultId);
      return;
    case "client-retry":
      clientRetryFires(world, item.index, item.n, item.attempt);
      return;
    case "workload":
      workloadFires(world, item.index, item.n);
      return;
  }
}

function startFault(world: World, faultId: number): void {
  const fault = world.faults[faultId]!;
  if (isNetworkFault(fault)) {
    world.activeNetworkFaults.push(faultId);
    emit(world, { i: world.trace.length, tick: world.tick, kind: "fault", phase: "start", faultId, fault });
    return;
  }
  switch (fault.kind) {
    case "heal":
      for (const activeId of world.activeNetworkFaults) {
        emit(world, { i: world.trace.length, tick: world.tick, kind: "fault", phase: "end", faultId: activeId, fault: world.faults[activeId]! });
      }
      world.activeNetworkFaults = [];
      return;
    case "crash":
      crash(world, world.nodes[fault.node]!);
      return;
    case "pause":
      pause(world, world.nodes[fault.node]!, fault.atTick + fault.durationTicks);
      return;
    case "slow":
      world.nodes[fault.node]!.slowExtraTicks = fault.extraTicks;
      emit(world, { i: world.trace.length, tick: world.tick, kind: "fault", phase: "start", faultId, fault });
      return;
    case "clock-step": {
      const node = world.nodes[fault.node]!;
      node.clock = stepWall(node.clock, world.tick, fault.stepTicks);
      emit(world, { i: world.trace.length, tick: world.tick, kind: "clock", node: node.id, stepTicks: fault.stepTicks, driftPpm: node.clock.driftPpm });
      return;
    }
    case "clock-drift": {
      const node = world.nodes[fault.node]!;
      node.clock = setDrift(node.clock, world.tick, fault.driftPpm);
      emit(world, { i: world.trace.length, tick: world.tick, kind: "clock", node: node.id, stepTicks: 0, driftPpm: fault.driftPpm });
      return;
    }
  }
}

function endFault(world: World, faultId: number): void {
  const fault = world.faults[faultId]!;
  if (isNetworkFault(fault)) {
    const index = world.activeNetworkFaults.indexOf(faultId);
    if (index === -1) return; // already ended by a heal
    world.activeNetworkFaults.splice(index, 1);
    emit(world, { i: world.trace.length, tick: world.tick, kind: "fault", phase: "end", faultId, fault });
    return;
  }
  switch (fault.kind) {
    case "crash":
      recover(world, world.nodes[fault.node]!);
      return;
    case "pause":
      wake(world, world.nodes[fault.node]!);
      return;
    case "slow":
      world.nodes[fault.node]!.slowExtraTicks = 0;
      emit(world, { i: world.trace.length, tick: world.tick, kind: "fault", phase: "end", faultId, fault });
      return;
  }
}

/** A fresh stream for one-off world-level draws (kept here so all stream names are visible). */
export function worldRng(world: World, stream: string) {
  return streamRng(world.seed, stream, world.rngCounters);
}
