/**
 * Faults: what a level's timeline (and the seeded weather, and a facilitator) can do to the
 * network, the nodes and their clocks. Network faults are windows [atTick, untilTick); a `heal`
 * ends every network fault that is active at its tick. A fault with `jitterTicks` starts at a
 * seeded moment: the whole fault moves later by 0..jitterTicks, drawn once per seed (seededStart).
 */
export type NetworkFaultSpec =
  /** Full partition: nodes in different groups cannot reach each other (unlisted nodes form one more group). */
  | { kind: "partition"; atTick: number; untilTick?: number; jitterTicks?: number; groups: string[][] }
  /** One-way cut: messages from any `from` node to any `to` node are lost; the reverse works. */
  | { kind: "cut"; atTick: number; untilTick?: number; jitterTicks?: number; from: string[]; to: string[] }
  /** Flaky links between two sides, both directions: extra loss. */
  | { kind: "flaky"; atTick: number; untilTick?: number; jitterTicks?: number; between: [string[], string[]]; dropRate: number }
  /** Gray failure between two sides, both directions: a long extra delay and no loss at all. */
  | { kind: "gray"; atTick: number; untilTick?: number; jitterTicks?: number; between: [string[], string[]]; delayTicks: number };

export type NodeFaultSpec =
  /** Crash: RAM is lost. Without recoverAtTick it is crash-stop. */
  | { kind: "crash"; atTick: number; jitterTicks?: number; node: string; recoverAtTick?: number }
  /** A GC-like freeze: the node handles nothing, then wakes believing what it believed before. */
  | { kind: "pause"; atTick: number; node: string; durationTicks: number }
  /** Every event the node handles is handled extraTicks late. */
  | { kind: "slow"; atTick: number; untilTick?: number; jitterTicks?: number; node: string; extraTicks: number }
  /** The wall clock jumps (NTP step); the monotonic clock does not. */
  | { kind: "clock-step"; atTick: number; node: string; stepTicks: number }
  /** Both clocks start running fast or slow. */
  | { kind: "clock-drift"; atTick: number; node: string; driftPpm: number };

export type FaultSpec = NetworkFaultSpec | NodeFaultSpec | { kind: "heal"; atTick: number };

export const NETWORK_FAULT_KINDS = ["partition", "cut", "flaky", "gray"] as const;
export const FAULT_KINDS = [...NETWORK_FAULT_KINDS, "crash", "pause", "slow", "clock-step", "clock-drift", "heal"] as const;

export function isNetworkFault(fault: FaultSpec): fault is NetworkFaultSpec {
  return (NETWORK_FAULT_KINDS as readonly string[]).includes(fault.kind);
}

/** Nodes a fault names, for validation and for the debrief. */
export function faultNodes(fault: FaultSpec): string[] {
  switch (fault.kind) {
    case "partition":
      return fault.groups.flat();
    case "cut":
      return [...fault.from, ...fault.to];
    case "flaky":
    case "gray":
      return [...fault.between[0], ...fault.between[1]];
    case "heal":
      return [];
    default:
      return [fault.node];
  }
}

/** Does an active network fault block the directed link from -> to? */
export function blocks(fault: NetworkFaultSpec, from: string, to: string): boolean {
  switch (fault.kind) {
    case "partition":
      return groupOf(fault.groups, from) !== groupOf(fault.groups, to);
    case "cut":
      return fault.from.includes(from) && fault.to.includes(to);
    default:
      return false;
  }
}

/** Is the directed link from -> to between the two sides of a flaky or gray fault? */
export function spans(between: [string[], string[]], from: string, to: string): boolean {
  const [a, b] = between;
  return (a.includes(from) && b.includes(to)) || (b.includes(from) && a.includes(to));
}

function groupOf(groups: string[][], node: string): number {
  const index = groups.findIndex((group) => group.includes(node));
  return index === -1 ? groups.length : index;
}
