/**
 * One leaseholder at a time, in true time. A lease runs on its holder's own monotonic clock; it is
 * safe only if it has run out, by the true clock, before any other node can be elected and take a
 * lease of its own. That holds when clock rates are close (leaseTicks < promiseTicks with margin,
 * see election.ts) and breaks when they drift apart: one side's clocks fast, the other's slow.
 * Judged from each leader's "lease" notes (until when, on its own clock, and its clock then),
 * projected onto true ticks with the clock's drift as the trace reports it. Flags two nodes that
 * each believe they hold a valid lease at the same true moment, and a read served as "fresh"
 * after a newer epoch's leader was elected.
 */
import type { Finding, SafetyCheck } from "../../../sim/check.js";
import type { TraceEvent } from "../../../sim/trace.js";
import { MKV_NOTES } from "../notes.js";
import type { Static } from "@sinclair/typebox";

type LeaseNote = Static<(typeof MKV_NOTES.schemas)["lease"]>;

const PPM = 1_000_000;

interface Lease {
  epoch: number;
  /** Trace index of the note that granted (or last extended) it. */
  i: number;
  /** The true tick at which the holder's clock reaches the lease's end, at the drift known now. */
  endTick: number;
  /** Where the projection starts: a true tick and the holder's uptime reading then. */
  anchorTick: number;
  anchorUptime: number;
  /** The holder's clock drift from the anchor on. */
  ppm: number;
  untilUptime: number;
}

/** The first true tick at which a clock reading `uptime` at `tick`, drifting `ppm`, reaches `until`. */
export function trueTickOf(tick: number, uptime: number, until: number, ppm: number): number {
  const remaining = until - uptime;
  if (remaining <= 0) return tick;
  const reading = (elapsed: number) => elapsed + Math.floor((elapsed * ppm) / PPM);
  let elapsed = Math.max(0, Math.floor(remaining / (1 + ppm / PPM)) - 2);
  while (reading(elapsed) < remaining) elapsed++;
  return tick + elapsed;
}

const seconds = (ticks: number): string => `${(ticks / 10).toFixed(1)} s`;

export const leaseOverlap: SafetyCheck = {
  id: "majority-kv/lease-overlap",
  title: "One leaseholder at a time, in true time",
  explain:
    "Two nodes each believed they held a valid lease at the same true moment, or a leader served a read as fresh after a newer leader had been elected. A lease measures time on its holder's own clock: it is only as safe as the bound on how far clocks can drift apart. With one side's clocks fast and the other's slow, the old lease outlives the promise that was meant to outlast it.",
  create(_params, level) {
    const drift = new Map<string, number>(Object.entries(level.clocks ?? {}).map(([node, c]) => [node, c.driftPpm]));
    const leases = new Map<string, Lease>();
    const elected: { epoch: number; node: string; i: number; tick: number }[] = [];
    const ppmOf = (node: string) => drift.get(node) ?? 0;

    function reproject(node: string, tick: number, newPpm: number): void {
      drift.set(node, newPpm);
      const lease = leases.get(node);
      if (!lease || lease.endTick <= tick) return;
      // The holder's reading now, under the drift it ran at; the rest of the lease runs at the new one.
      const elapsed = tick - lease.anchorTick;
      const uptime = lease.anchorUptime + elapsed + Math.floor((elapsed * lease.ppm) / PPM);
      leases.set(node, { ...lease, anchorTick: tick, anchorUptime: uptime, ppm: newPpm, endTick: trueTickOf(tick, uptime, lease.untilUptime, newPpm) });
    }

    function grant(event: Extract<TraceEvent, { kind: "note" }>, note: LeaseNote): Finding | null {
      const ppm = ppmOf(event.node);
      const until = note.untilUptimeTicks;
      const uptime = note.uptimeTicks;
      const lease: Lease = { epoch: note.epoch, i: event.i, endTick: trueTickOf(event.tick, uptime, until, ppm), anchorTick: event.tick, anchorUptime: uptime, ppm, untilUptime: until };
      leases.set(event.node, lease);
      for (const [other, held] of leases) {
        if (other === event.node || held.endTick <= event.tick) continue;
        return {
          tick: event.tick,
          message: `${event.node} (epoch ${lease.epoch}) and ${other} (epoch ${held.epoch}) both held a valid lease at ${seconds(event.tick)}: ${other}'s ran ${seconds(held.endTick - event.tick)} longer in true time`,
          evidence: [held.i, event.i],
        };
      }
      return null;
    }

    return {
      observe(event) {
        if (event.kind === "clock") reproject(event.node, event.tick, event.driftPpm);
        if (event.kind === "crash") leases.delete(event.node);
        if (event.kind === "note" && event.name === "step-down") leases.delete(event.node);
        const leader = event.kind === "note" ? MKV_NOTES.read(event, "leader") : null;
        if (event.kind === "note" && leader) elected.push({ epoch: leader.epoch, node: event.node, i: event.i, tick: event.tick });
        const lease = event.kind === "note" ? MKV_NOTES.read(event, "lease") : null;
        if (event.kind === "note" && lease) return grant(event, lease);
        if (event.kind === "response" && event.ok && event.status === "fresh") {
          const lease = leases.get(event.node);
          const newer = lease ? elected.find((e) => e.epoch > lease.epoch && e.node !== event.node) : undefined;
          if (lease && newer) {
            return {
              tick: event.tick,
              message: `${event.node} served a read as fresh on its epoch-${lease.epoch} lease after ${newer.node} had been elected in epoch ${newer.epoch}`,
              evidence: [lease.i, newer.i, event.i],
            };
          }
        }
        return null;
      },
    };
  },
};
