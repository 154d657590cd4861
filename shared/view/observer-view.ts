/**
 * observerView(world): the god's view, for spectators, the facilitator and the debrief. The
 * true time, every node's state and clocks, packets in flight, active faults, violations.
 */
import { uptimeTicks, wallTicks } from "../sim/clock.js";
import type { FaultSpec } from "../level/faults.js";
import type { Violation } from "../sim/check.js";
import type { Controller, NodeStatus, World } from "../sim/world-types.js";

export interface PacketInFlight {
  msgId: number;
  from: string;
  to: string;
  type: string;
  copy: number;
  sentTick: number;
  deliverTick: number;
}

export interface ObserverView {
  tick: number;
  durationTicks: number;
  nodes: {
    id: string;
    role: string;
    status: NodeStatus;
    controller: Controller;
    state: Record<string, unknown>;
    wallTicks: number;
    uptimeTicks: number;
  }[];
  packets: PacketInFlight[];
  activeFaults: FaultSpec[];
  violations: Violation[];
}

export function packetsInFlight(world: World): PacketInFlight[] {
  const packets: PacketInFlight[] = [];
  for (const item of world.queue.items()) {
    if (item.kind !== "deliver") continue;
    const { msg, copy, deliverTick } = item;
    packets.push({ msgId: msg.id, from: msg.from, to: msg.to, type: msg.type, copy, sentTick: msg.sentTick, deliverTick });
  }
  return packets.sort((a, b) => a.msgId - b.msgId || a.copy - b.copy);
}

export function observerView(world: World): ObserverView {
  return {
    tick: world.tick,
    durationTicks: world.level.durationTicks,
    nodes: world.nodeIds.map((id) => {
      const n = world.nodes[id]!;
      return {
        id,
        role: n.role,
        status: n.status,
        controller: n.controller,
        state: n.state,
        wallTicks: wallTicks(n.clock, world.tick),
        uptimeTicks: uptimeTicks(n.clock, world.tick),
      };
    }),
    packets: packetsInFlight(world),
    activeFaults: world.activeNetworkFaults.map((id) => world.faults[id]!),
    violations: [...world.violations],
  };
}
