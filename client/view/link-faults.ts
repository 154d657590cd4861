// Which links an active network fault touches, as the god's view draws and words them: a cut
// (both ways), a one-way cut (one direction blocked, the other works), a flaky link (losing
// messages) or a slow one. Pure: the map draws these, the spectator panel lists them.
import { blocks, isNetworkFault, spans, type FaultSpec } from "../../shared/level/faults.js";
import { seconds } from "../../shared/sim/screen-text.js";

export type LinkLook = "cut" | "one-way" | "flaky" | "slow";

export interface FaultyLink {
  /** The pair in the level's node order. */
  a: string;
  b: string;
  look: LinkLook;
  /** One-way: the node whose messages to the other are lost (the other direction works). */
  blockedFrom?: string;
  /** Flaky: the share of messages lost, 0..1. Slow: the extra delay in ticks. */
  dropRate?: number;
  delayTicks?: number;
}

export function faultyLinks(faults: readonly FaultSpec[], nodeIds: readonly string[]): FaultyLink[] {
  const network = faults.filter(isNetworkFault);
  if (network.length === 0) return [];
  const out: FaultyLink[] = [];
  for (let i = 0; i < nodeIds.length; i++) {
    for (let j = i + 1; j < nodeIds.length; j++) {
      const a = nodeIds[i]!;
      const b = nodeIds[j]!;
      const ab = network.some((f) => blocks(f, a, b));
      const ba = network.some((f) => blocks(f, b, a));
      if (ab && ba) out.push({ a, b, look: "cut" });
      else if (ab || ba) out.push({ a, b, look: "one-way", blockedFrom: ab ? a : b });
      else {
        const flaky = network.find((f) => f.kind === "flaky" && spans(f.between, a, b));
        const gray = network.find((f) => f.kind === "gray" && spans(f.between, a, b));
        if (flaky?.kind === "flaky") out.push({ a, b, look: "flaky", dropRate: flaky.dropRate });
        else if (gray?.kind === "gray") out.push({ a, b, look: "slow", delayTicks: gray.delayTicks });
      }
    }
  }
  return out;
}

/** "N1 ✕ N2 cut", "N1 → N2 lost (N2 → N1 works)", "N1 ┄ N2 flaky: 30% lost", "N1 ┄ N2 slow: +2.0 s". */
export function faultyLinkWords(link: FaultyLink): string {
  switch (link.look) {
    case "cut":
      return `${link.a} ✕ ${link.b}: cut both ways`;
    case "one-way": {
      const from = link.blockedFrom!;
      const to = from === link.a ? link.b : link.a;
      return `${from} → ${to} lost (${to} → ${from} still works)`;
    }
    case "flaky":
      return `${link.a} ┄ ${link.b}: flaky, ${Math.round((link.dropRate ?? 0) * 100)}% lost`;
    case "slow":
      return `${link.a} ┄ ${link.b}: slow, +${seconds(link.delayTicks ?? 0)}`;
  }
}

/** Parses the observer's active faults as received (JSON), keeping only well-formed network faults. */
export function parseNetworkFaults(raw: unknown): FaultSpec[] {
  if (!Array.isArray(raw)) return [];
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
  return raw.filter((f): f is FaultSpec => {
    if (typeof f !== "object" || f === null) return false;
    const r = f as Record<string, unknown>;
    switch (r.kind) {
      case "partition":
        return Array.isArray(r.groups) && r.groups.every(strings);
      case "cut":
        return strings(r.from) && strings(r.to);
      case "flaky":
      case "gray":
        return Array.isArray(r.between) && r.between.length === 2 && r.between.every(strings);
      default:
        return false;
    }
  });
}
