/**
 * l03's debrief: the same cable drawn three times. Round 1 marks B's refusals (503) and waits
 * that ended in 504 while cut off; round 2 marks cart views that missed an add the other replica
 * had acknowledged (stale), the restarts, and the merge when the cable came back; round 3 marks
 * the reads that waited for A and the stale ones, with a latency histogram. A "what your users
 * saw" card sums up each round from the seat's own clients. Pure functions of the trace.
 */
import type { Level } from "../../level/level.js";
import type { DebriefCard, DebriefHook, DebriefMark, MarkTone } from "../../sim/debrief-marks.js";
import { mergeSpans } from "../../sim/debrief-marks.js";
import { clockTime } from "../../sim/screen-text.js";
import type { TraceEvent, TraceOf } from "../../sim/trace.js";
import { isRefusal, productOps } from "./checks/ops.js";
import { pacelcTally } from "./checks/pacelc-score.js";
import { REPLICA_NOTES } from "./notes.js";
import { optionsOf } from "./options.js";
import { CARDS } from "./rounds.js";
import { requestOf, type RequestPayload } from "./state.js";

interface Served {
  req: TraceOf<"request">;
  r: RequestPayload;
  res: TraceOf<"response"> | null;
}

/** Every request of this protocol with its answer (null: never answered). */
export function servedRequests(trace: readonly TraceEvent[]): Served[] {
  const byId = new Map<string, Served>();
  for (const e of trace) {
    if (e.kind === "request") {
      const r = requestOf(e.payload);
      if (r) byId.set(e.requestId, { req: e, r, res: null });
    } else if (e.kind === "response") {
      const s = byId.get(e.requestId);
      if (s && !s.res) s.res = e;
    }
  }
  return [...byId.values()];
}

/** The rounds as [from, to) ticks, from the level's round starts. */
export function roundSpans(level: Level, endTick: number): { fromTick: number; toTick: number }[] {
  const starts = optionsOf(level.protocolOptions).roundStartsTicks;
  return starts.map((from, i) => ({ fromTick: from, toTick: starts[i + 1] ?? endTick }));
}

/** Cut spans between the two replicas: network faults that block, from the trace. */
function cutSpans(trace: readonly TraceEvent[], endTick: number): { fromTick: number; toTick: number }[] {
  const open = new Map<number, number>();
  const out: { fromTick: number; toTick: number }[] = [];
  for (const e of trace) {
    if (e.kind !== "fault" || (e.fault.kind !== "partition" && e.fault.kind !== "cut")) continue;
    if (e.phase === "start") open.set(e.faultId, e.tick);
    else if (open.has(e.faultId)) {
      out.push({ fromTick: open.get(e.faultId)!, toTick: e.tick });
      open.delete(e.faultId);
    }
  }
  for (const from of open.values()) out.push({ fromTick: from, toTick: endTick });
  return out.sort((a, b) => a.fromTick - b.fromTick);
}

const inside = (tick: number, span: { fromTick: number; toTick: number }): boolean => tick >= span.fromTick && tick < span.toTick;

/**
 * Cart views that missed an add: at the view's answer, an add acknowledged elsewhere earlier was
 * not yet held by the answering replica (and not removed). Returns each stale view with how many it missed.
 */
export function staleCartViews(trace: readonly TraceEvent[]): { res: TraceOf<"response">; missing: number }[] {
  const heldBy = new Map<string, Set<string>>();
  const ackedAt = new Map<string, { node: string; tick: number }>();
  const removed = new Set<string>();
  const views = new Map<string, true>();
  const out: { res: TraceOf<"response">; missing: number }[] = [];
  for (const e of trace) {
    const held = REPLICA_NOTES.read(e, "cart-hold");
    const gone = REPLICA_NOTES.read(e, "cart-remove");
    if (e.kind === "note" && (held || gone)) {
      for (const tag of gone?.tags ?? []) removed.add(tag);
      for (const tag of held?.tags ?? []) (heldBy.get(tag) ?? heldBy.set(tag, new Set()).get(tag)!).add(e.node);
    } else if (e.kind === "request" && requestOf(e.payload)?.op === "view") {
      views.set(e.requestId, true);
    } else if (e.kind === "response" && e.ok) {
      const tag = (e.result as { tag?: unknown } | null)?.tag;
      if (typeof tag === "string" && !ackedAt.has(tag)) ackedAt.set(tag, { node: e.node, tick: e.tick });
      if (!views.has(e.requestId)) continue;
      let missing = 0;
      for (const [t, at] of ackedAt) if (at.node !== e.node && at.tick < e.tick && !removed.has(t) && !heldBy.get(t)?.has(e.node)) missing++;
      if (missing > 0) out.push({ res: e, missing });
    }
  }
  return out;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function spanMarks(node: string, ticks: number[], tone: MarkTone, label: (n: number) => string, widthTicks = 10): DebriefMark[] {
  return mergeSpans(ticks.map((t) => ({ fromTick: t, toTick: t + widthTicks }))).map((s) => ({ node, fromTick: s.fromTick, toTick: s.toTick, tone, label: label(ticks.filter((t) => t >= s.fromTick && t <= s.toTick).length) }));
}

function round1(served: Served[], seat: string, span: { fromTick: number; toTick: number }, cuts: { fromTick: number }[]): { marks: DebriefMark[]; card: DebriefCard; line: string } {
  const mine = served.filter((s) => s.req.node === seat && s.r.data === "tickets" && inside(s.req.tick, span));
  const refused = mine.filter((s) => s.res && isRefusal(s.res.status)).map((s) => s.res!.tick);
  const timedOut = mine.filter((s) => s.res && !s.res.ok && !isRefusal(s.res.status)).map((s) => s.res!.tick);
  const sales = mine.filter((s) => s.res?.ok && typeof (s.res.result as { seat?: unknown } | null)?.seat === "number");
  const allSales = served.filter((s) => s.r.op === "buy" && s.res?.ok && typeof (s.res.result as { seat?: unknown } | null)?.seat === "number");
  const seats = allSales.map((s) => (s.res!.result as { seat: number }).seat);
  const twice = seats.length - new Set(seats).size;
  const marks = [
    // Refusals a few seconds apart read as one stretch: "refused while A was silent".
    ...spanMarks(seat, refused, "warn", (n) => `${plural(n, "refusal")} (503)`, 50),
    ...spanMarks(seat, timedOut, "warn", (n) => `${plural(n, "wait")} ended in 504`),
  ];
  const cut = cuts.find((c) => inside(c.fromTick, span));
  const lines = [
    cut ? `The cable was cut at ${clockTime(cut.fromTick)}, unannounced.` : "The cable held all round.",
    `${seat}'s clients: ${plural(sales.length, "ticket")} sold, ${plural(refused.length, "refusal")} (503), ${plural(timedOut.length, "wait")} with no answer (504: the sale may have happened).`,
    twice > 0 ? `${plural(twice, "seat")} sold twice: two copies each sold from their own count.` : `${allSales.length} tickets sold in all, no seat twice: one copy decided, the other refused.`,
  ];
  const card: DebriefCard = { title: `Round 1, ${CARDS[0]!.title} (consistency first)`, lines, tick: cut?.fromTick ?? span.fromTick, tone: twice > 0 ? "bad" : refused.length + timedOut.length > 0 ? "warn" : "good" };
  const line = `Round 1: ${plural(sales.length, "ticket")} sold, ${refused.length + timedOut.length} told "try later" or "no answer", ${twice > 0 ? `${plural(twice, "seat")} sold twice` : "no wrong answer"}.`;
  return { marks, card, line };
}

function round2(trace: readonly TraceEvent[], served: Served[], seat: string, span: { fromTick: number; toTick: number }, cuts: { fromTick: number; toTick: number }[]): { marks: DebriefMark[]; card: DebriefCard; line: string } {
  const mine = served.filter((s) => s.req.node === seat && s.r.data === "cart" && inside(s.req.tick, span));
  const errors = mine.filter((s) => !s.res?.ok || s.res.tick - s.req.tick > 20).length;
  const stale = staleCartViews(trace).filter((v) => v.res.node === seat && inside(v.res.tick, span));
  const marks: DebriefMark[] = spanMarks(seat, stale.map((v) => v.res.tick), "info", (n) => `${plural(n, "stale cart view")}`, 30);
  const cut = cuts.find((c) => inside(c.fromTick, span));
  let merged = 0;
  let mergeTick: number | null = null;
  if (cut) {
    // The merge: the first sync after the heal that brought the other side's adds to this replica.
    const merge = trace.find((e): e is TraceOf<"note"> => e.kind === "note" && e.node === seat && e.tick >= cut.toTick && REPLICA_NOTES.read(e, "cart-hold")?.merged === true && inside(e.tick, span));
    if (merge) {
      merged = REPLICA_NOTES.read(merge, "cart-hold")!.tags.length;
      mergeTick = merge.tick;
      marks.push({ node: seat, fromTick: merge.tick, toTick: merge.tick, tone: "good", label: `merge: ${plural(merged, "add")} from the other replica` });
    }
  }
  for (const crash of trace.filter((e): e is TraceOf<"crash"> => e.kind === "crash" && inside(e.tick, span))) marks.push({ node: crash.node, fromTick: crash.tick, toTick: crash.tick, tone: "info", label: "process restarts: RAM lost, disk kept" });
  const lines = [
    `${seat}'s clients: ${plural(mine.length, "cart request")}, ${plural(errors, "error or late answer", "errors or late answers")}.`,
    stale.length > 0 ? `${plural(stale.length, "cart view")} missed adds the other replica had acknowledged: its sync had not arrived yet, or could not while the cable was cut.` : "No cart view missed an add acknowledged elsewhere.",
    mergeTick !== null ? `At ${clockTime(mergeTick)}, after the heal, ${plural(merged, "add")} from the other side joined ${seat}'s cart: the union kept both sides' adds.` : "No merge was needed on this side.",
  ];
  const card: DebriefCard = { title: `Round 2, ${CARDS[1]!.title} (availability first)`, lines, tick: mergeTick ?? cut?.fromTick ?? span.fromTick, tone: errors > 0 ? "warn" : "good" };
  const line = `Round 2: ${plural(mine.length, "cart request")} answered with ${plural(errors, "error or late answer", "errors or late answers")}; ${plural(stale.length, "view")} showed a cart missing the other side's adds until the merge.`;
  return { marks, card, line };
}

const BUCKETS_TICKS = [10, 20, 30, 40] as const;

function round3(trace: readonly TraceEvent[], level: Level, seat: string, span: { fromTick: number; toTick: number }): { marks: DebriefMark[]; card: DebriefCard; line: string } {
  const { reads } = productOps(trace, span.fromTick, span.toTick);
  const mine = reads.filter((r) => r.op.session.startsWith(`${seat}:`));
  const goal = level.goals.find((g) => g.check === "two-replicas/pacelc-score");
  const tally = pacelcTally({ trace }, { ...(goal?.params ?? {}), fromTick: span.fromTick, toTick: span.toTick });
  const slow = mine.filter((r) => r.latencyTicks === null || r.latencyTicks > 20).map((r) => r.op.invokeTick);
  const marks = spanMarks(seat, slow, "warn", (n) => `${plural(n, "read")} waited for A`, 30);
  const counts = [0, 0, 0, 0, 0];
  for (const r of mine) {
    const i = r.latencyTicks === null ? 4 : BUCKETS_TICKS.findIndex((b) => r.latencyTicks! < b);
    counts[i === -1 ? 4 : i]!++;
  }
  const labels = ["under 1 s", "1-2 s", "2-3 s", "3-4 s", "4 s or never"];
  const histogram = counts.map((n, i) => `${labels[i]}: ${"▇".repeat(Math.min(30, Math.ceil(n / 2)))} ${n}`);
  const lines = [...histogram, `${plural(tally.stale, "stale page read")}, ${plural(tally.staleCheckout, "stale checkout read")}: ${tally.score} points.`];
  const card: DebriefCard = { title: `Round 3, ${CARDS[2]!.title} (latency or consistency, read by read)`, lines, tick: span.fromTick, tone: tally.staleCheckout > 0 ? "warn" : "good" };
  const line = `Round 3: ${plural(mine.length, "read")}, ${mine.length - slow.length} within 2 s, ${tally.stale + tally.staleCheckout} stale.`;
  return { marks, card, line };
}

export const replicaDebrief: DebriefHook = (trace, level, endTick, seat) => {
  const served = servedRequests(trace);
  const spans = roundSpans(level, endTick);
  const cuts = cutSpans(trace, endTick);
  const marks: DebriefMark[] = spans.map((s, i) => ({ fromTick: s.fromTick, toTick: s.toTick, tone: "info", label: `Round ${i + 1}: ${CARDS[i]?.title ?? ""}` }));
  const rounds = [round1(served, seat, spans[0]!, cuts), ...(spans[1] ? [round2(trace, served, seat, spans[1], cuts)] : []), ...(spans[2] ? [round3(trace, level, seat, spans[2])] : [])];
  for (const r of rounds) marks.push(...r.marks);
  const users: DebriefCard = { title: `What ${seat}'s users saw`, lines: rounds.map((r) => r.line), tick: 0 };
  return { marks, cards: [users, ...rounds.map((r) => r.card)] };
};


