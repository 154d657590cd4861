/**
 * The violation spotlight: for each safety violation, the events that prove it (by trace index),
 * the check's title and its plain-words explanation, and which diagram arrows to draw in red
 * (an arrow is involved when its send or its end is part of the evidence).
 */
import type { Violation } from "../sim/check.js";
import { catalogSafetyCheck, type Catalog } from "../sim/catalog.js";
import type { TraceEvent } from "../sim/trace.js";
import { describeEvent, formatTicks, type Arrow } from "./space-time.js";
import type { TraceReader } from "../sim/trace-store.js";

export interface EvidenceItem {
  i: number;
  tick: number;
  /** The lane it sits on (null for a network-wide event). */
  node: string | null;
  text: string;
}

export interface Spotlight {
  check: string;
  title: string;
  explain: string;
  message: string;
  tick: number;
  evidence: EvidenceItem[];
  /** Keys of the arrows drawn in red. */
  arrowKeys: string[];
  /** All trace indices to highlight: the evidence. */
  indices: number[];
}

export function spotlightOf(violation: Violation, trace: TraceReader, arrows: readonly Arrow[], catalog: Catalog): Spotlight {
  const known = catalogSafetyCheck(catalog, violation.check) ?? null;
  const indices = [...new Set(violation.evidence)].filter((i) => i >= 0 && i < trace.length).sort((a, b) => a - b);
  const wanted = new Set(indices);
  const evidence = indices.map((i): EvidenceItem => {
    const e = trace.at(i)!;
    return { i, tick: e.tick, node: "node" in e ? e.node : null, text: `${formatTicks(e.tick)}  ${describeEvent(e)}` };
  });
  const arrowKeys = arrows.filter((a) => wanted.has(a.sendIndex) || (a.endIndex !== null && wanted.has(a.endIndex))).map((a) => a.key);
  return {
    check: violation.check,
    title: known?.title ?? violation.check,
    explain: known?.explain ?? "A safety rule of this level was broken.",
    message: violation.message,
    tick: violation.tick,
    evidence,
    arrowKeys,
    indices,
  };
}

/** Spotlights for every violation, first one first (that is the INCIDENT). */
export function spotlights(violations: readonly Violation[], trace: TraceReader, arrows: readonly Arrow[], catalog: Catalog): Spotlight[] {
  return [...violations].sort((a, b) => a.tick - b.tick).map((v) => spotlightOf(v, trace, arrows, catalog));
}
