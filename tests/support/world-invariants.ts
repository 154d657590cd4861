/**
 * World invariants for the fuzzer, checked incrementally over the new trace events after each
 * step. Each returns a label naming what broke, or null.
 */
import { blocks, type NetworkFaultSpec } from "../../shared/level/faults.js";
import type { World } from "../../shared/sim/world-types.js";

export interface InvariantState {
  seen: number;
  lastTick: number;
  sends: Map<number, { from: string; to: string }>;
  duplicated: Set<number>;
  copiesDone: Set<string>;
  down: Set<string>;
  paused: Set<string>;
  active: Map<number, NetworkFaultSpec>;
  uptime: Map<string, number>;
  bootCountAtCrash: Map<string, number>;
  delivered: number;
}

export function createInvariantState(world: World): InvariantState {
  return {
    seen: 0,
    lastTick: 0,
    sends: new Map(),
    duplicated: new Set(),
    copiesDone: new Set(),
    down: new Set(),
    paused: new Set(),
    active: new Map(),
    uptime: new Map(world.nodeIds.map((id) => [id, 0])),
    bootCountAtCrash: new Map(),
    delivered: 0,
  };
}

export function checkWorldInvariants(world: World, s: InvariantState, uptimeOf: (node: string) => number): string | null {
  for (; s.seen < world.trace.length; s.seen++) {
    const e = world.trace.at(s.seen)!;
    if (e.i !== s.seen) return "trace indices are sequential";
    if (e.tick < s.lastTick) return "trace ticks never go back";
    s.lastTick = e.tick;
    switch (e.kind) {
      case "send":
        if (s.down.has(e.node) || s.paused.has(e.node)) return "a down or paused node sends nothing";
        s.sends.set(e.msgId, { from: e.node, to: e.to });
        break;
      case "duplicate":
        s.duplicated.add(e.msgId);
        break;
      case "deliver": {
        s.delivered++;
        const send = s.sends.get(e.msgId);
        if (!send || send.from !== e.from || send.to !== e.node) return "every delivery matches an earlier send";
        if (e.copy === 1 && !s.duplicated.has(e.msgId)) return "a second copy exists only after a duplicate";
        const key = `${e.msgId}/${e.copy}`;
        if (s.copiesDone.has(key)) return "each copy is delivered or dropped once";
        s.copiesDone.add(key);
        if (s.down.has(e.node) || s.paused.has(e.node)) return "nothing is delivered to a down or paused node";
        for (const f of s.active.values()) if (blocks(f, e.from, e.node)) return "nothing crosses an active partition";
        break;
      }
      case "fault":
        if (e.phase === "start") s.active.set(e.faultId, e.fault as NetworkFaultSpec);
        else s.active.delete(e.faultId);
        break;
      case "crash":
        s.down.add(e.node);
        s.paused.delete(e.node);
        s.bootCountAtCrash.set(e.node, Number(world.nodes[e.node]!.state.bootCount ?? -1));
        break;
      case "recover":
        s.down.delete(e.node);
        s.uptime.set(e.node, 0);
        break;
      case "pause":
        s.paused.add(e.node);
        break;
      case "resume":
        s.paused.delete(e.node);
        break;
      default:
        break;
    }
  }
  for (const id of world.nodeIds) {
    const node = world.nodes[id]!;
    if (node.status === "down") {
      if (Object.keys(node.timers).length > 0 || node.inbox.length > 0) return "a down node keeps no RAM";
      continue;
    }
    const before = s.bootCountAtCrash.get(id);
    if (before !== undefined && node.incarnation > 0 && Number(node.state.bootCount) < before + 1) return "durable fields survive a crash";
    const up = uptimeOf(id);
    if (up < s.uptime.get(id)!) return "the monotonic clock never goes back while a node is up";
    s.uptime.set(id, up);
  }
  for (const item of world.queue.items()) if (item.tick < world.tick) return "nothing is queued in the past";
  if (s.delivered !== world.stats.delivered) return "stats count what the trace shows";
  return null;
}
