/**
 * The space-time diagram as data: one lane per node, time running down, every message an arrow.
 * A pure projection of (level, trace, end tick); the client only maps it to pixels. Coordinates
 * are (lane, tick) with lane a fractional lane index, so a dropped message's cross "mid-way"
 * is simply a point half-way between two lanes.
 *
 * Arrow fates: delivered (solid), dropped (ends in a cross where it was lost: mid-way for a loss
 * at send time, close to the receiver for a message that reached a crashed or cut-off node),
 * in flight at the end of the game. A duplicated message is two arrows from the same send (a
 * fork). A delivery whose delay is far above what its link normally takes is flagged `delayed`
 * (gray failures, slow or paused receivers).
 */
import type { Level, LinkSpec } from "../level/level.js";
import { createClock, setDrift, stepWall, wallTicks, type ClockState } from "../sim/clock.js";
import { blocks, type FaultSpec } from "../level/faults.js";
import type { DropReason, TraceEvent, TraceOf } from "../sim/trace.js";
import type { TraceReader } from "../sim/trace-store.js";

export type ArrowFate = "delivered" | "dropped" | "in-flight";

export interface Arrow {
  /** Unique per arrow: `${msgId}.${copy}`. */
  key: string;
  msgId: number;
  /** 0 for the original, 1 for the network's duplicate. */
  copy: number;
  type: string;
  from: string;
  to: string;
  /** Trace index of the send. */
  sendIndex: number;
  /** Trace index of the deliver or drop that ends this arrow; null while in flight. */
  endIndex: number | null;
  fate: ArrowFate;
  dropReason: DropReason | null;
  /** Start and end of the drawn segment in (lane, tick) space. */
  x0: number;
  t0: number;
  x1: number;
  t1: number;
  /** One of two arrows forked from a duplicated send. */
  forked: boolean;
  /** Delivered far later than the link's base + jitter. */
  delayed: boolean;
  delayTicks: number;
}

export interface Span {
  startTick: number;
  endTick: number;
  /** Trace index of the event that opened the span. */
  startIndex: number;
  /** Still open when the game ended. */
  open: boolean;
}

export interface ClockMark {
  i: number;
  tick: number;
  stepTicks: number;
  driftPpm: number;
}

export interface Lane {
  id: string;
  index: number;
  role: string;
  label: string;
  /** A seat a human can take (the debrief marks the one the player held). */
  seat: boolean;
  /** Wall-clock offset from true time at tick 0, in ticks. */
  clockOffsetTicks: number;
  clockDriftPpm: number;
  /** Clock steps and drift changes during the game. */
  clockMarks: ClockMark[];
  /** Down: a gap in the lane. */
  crashes: Span[];
  /** Frozen: hatched. */
  pauses: Span[];
  /** Handling everything late. */
  slows: Span[];
}

export type BandKind = "partition" | "cut" | "flaky" | "gray";

export interface Band {
  faultId: number;
  kind: BandKind;
  startTick: number;
  endTick: number;
  open: boolean;
  /** Lanes on the losing side: the smaller side of a partition, the receivers of a cut, ... */
  cutOff: string[];
  /** The sides, for the label: "N1 N2 | N3 N4 N5". */
  groups: string[][];
  label: string;
}

/** A point on a lane: every node event that is not drawn as an arrow end. */
export interface Mark {
  i: number;
  tick: number;
  node: string;
  kind: TraceEvent["kind"];
  label: string;
  /** Player actions that the rules refused. */
  refused: boolean;
  /** Answers that point the client at another node: not errors, so not drawn as one. */
  redirect?: true;
}

export interface SpaceTime {
  durationTicks: number;
  endTick: number;
  lanes: Lane[];
  arrows: Arrow[];
  bands: Band[];
  marks: Mark[];
}

/** How far along its way (0..1) a message dropped at send time is drawn: mid-way. */
export const LOSS_FRACTION_NUM = 1;
export const LOSS_FRACTION_DEN = 2;
/** A message that reached a node that was down or cut off dies close to it. */
export const ARRIVAL_LOSS_FRACTION_NUM = 7;
export const ARRIVAL_LOSS_FRACTION_DEN = 8;

/** The link spec for from -> to after the level's overrides (same rule as the network). */
export function linkSpecOf(level: Level, from: string, to: string): LinkSpec {
  let spec: LinkSpec = level.network;
  for (const o of level.links) {
    if (o.from !== from || o.to !== to) continue;
    spec = {
      delayTicksBase: o.delayTicksBase ?? spec.delayTicksBase,
      jitterTicks: o.jitterTicks ?? spec.jitterTicks,
      dropRate: o.dropRate ?? spec.dropRate,
      duplicateRate: o.duplicateRate ?? spec.duplicateRate,
    };
  }
  return spec;
}

/** The longest delay a healthy link gives (base + jitter), at least one tick. */
export function normalDelayMaxTicks(spec: LinkSpec): number {
  return Math.max(1, spec.delayTicksBase + spec.jitterTicks);
}

/** "Far above" normal: more than twice the healthy maximum and at least 5 ticks (0.5 gs) over it. */
export function isDelayed(delayTicks: number, spec: LinkSpec): boolean {
  const max = normalDelayMaxTicks(spec);
  return delayTicks > 2 * max && delayTicks - max >= 5;
}

/** The tick a healthy link would typically deliver at: base + half the jitter. */
export function nominalDelayTicks(spec: LinkSpec): number {
  return Math.max(1, spec.delayTicksBase + Math.floor(spec.jitterTicks / 2));
}

export function buildSpaceTime(level: Level, trace: TraceReader, endTick: number): SpaceTime {
  const laneIndex = new Map<string, number>();
  level.nodes.forEach((n, index) => laneIndex.set(n.id, index));
  const lanes = level.nodes.map((n, index): Lane => {
    const clock = level.clocks[n.id] ?? { offsetTicks: 0, driftPpm: 0 };
    return {
      id: n.id,
      index,
      role: n.role,
      label: n.label ?? n.role,
      seat: level.seats.nodes.includes(n.id),
      clockOffsetTicks: clock.offsetTicks,
      clockDriftPpm: clock.driftPpm,
      clockMarks: [],
      crashes: [],
      pauses: [],
      slows: [],
    };
  });
  const laneOf = (id: string): Lane | undefined => lanes[laneIndex.get(id) ?? -1];
  const arrows = buildArrows(level, trace, laneIndex, endTick);
  const bands: Band[] = [];
  const openBands = new Map<number, Band>();
  const marks: Mark[] = [];

  for (const e of trace) {
    switch (e.kind) {
      case "crash":
        laneOf(e.node)?.crashes.push({ startTick: e.tick, endTick, startIndex: e.i, open: true });
        break;
      case "recover":
        closeSpan(laneOf(e.node)?.crashes, e.tick);
        break;
      case "pause":
        laneOf(e.node)?.pauses.push({ startTick: e.tick, endTick: Math.min(endTick, e.untilTick), startIndex: e.i, open: true });
        break;
      case "resume":
        closeSpan(laneOf(e.node)?.pauses, e.tick);
        break;
      case "clock":
        laneOf(e.node)?.clockMarks.push({ i: e.i, tick: e.tick, stepTicks: e.stepTicks, driftPpm: e.driftPpm });
        break;
      case "fault":
        onFault(e, level, endTick, bands, openBands, lanes);
        break;
      default:
        break;
    }
    const mark = markOf(e);
    if (mark) marks.push(mark);
  }
  // A pause still running at the end keeps its scheduled end (clipped); a crash with no
  // recovery lasts to the end.
  return { durationTicks: level.durationTicks, endTick, lanes, arrows, bands, marks };
}

function closeSpan(spans: Span[] | undefined, tick: number): void {
  const last = spans?.[spans.length - 1];
  if (last && last.open) {
    last.endTick = tick;
    last.open = false;
  }
}

function onFault(e: TraceOf<"fault">, level: Level, endTick: number, bands: Band[], open: Map<number, Band>, lanes: Lane[]): void {
  const fault = e.fault;
  if (fault.kind === "slow") {
    const lane = lanes.find((l) => l.id === fault.node);
    if (!lane) return;
    if (e.phase === "start") lane.slows.push({ startTick: e.tick, endTick, startIndex: e.i, open: true });
    else closeSpan(lane.slows, e.tick);
    return;
  }
  if (fault.kind !== "partition" && fault.kind !== "cut" && fault.kind !== "flaky" && fault.kind !== "gray") return;
  if (e.phase === "start") {
    const groups = bandGroups(fault, level);
    const band: Band = { faultId: e.faultId, kind: fault.kind, startTick: e.tick, endTick, open: true, cutOff: cutOffLanes(fault, groups), groups, label: bandLabel(fault.kind, groups) };
    bands.push(band);
    open.set(e.faultId, band);
    return;
  }
  const band = open.get(e.faultId);
  if (band) {
    band.endTick = e.tick;
    band.open = false;
    open.delete(e.faultId);
  }
}

/** The sides of a network fault; a partition's unlisted nodes form one more group. */
export function bandGroups(fault: FaultSpec, level: Level): string[][] {
  switch (fault.kind) {
    case "partition": {
      const listed = new Set(fault.groups.flat());
      const rest = level.nodes.map((n) => n.id).filter((id) => !listed.has(id));
      return rest.length > 0 ? [...fault.groups.map((g) => [...g]), rest] : fault.groups.map((g) => [...g]);
    }
    case "cut":
      return [[...fault.from], [...fault.to]];
    case "flaky":
    case "gray":
      return [[...fault.between[0]], [...fault.between[1]]];
    default:
      return [];
  }
}

/**
 * Who is cut off: for a partition, every group but the largest (the first largest keeps the
 * light on); for a one-way cut, the nodes that stop hearing (`to`); for flaky and gray links,
 * the smaller side.
 */
export function cutOffLanes(fault: FaultSpec, groups: string[][]): string[] {
  if (fault.kind === "cut") return [...fault.to];
  if (groups.length === 0) return [];
  let largest = 0;
  groups.forEach((g, index) => {
    if (g.length > groups[largest]!.length) largest = index;
  });
  if (fault.kind === "partition") return groups.filter((_, index) => index !== largest).flat();
  const [a = [], b = []] = groups;
  return a.length <= b.length ? [...a] : [...b];
}

function bandLabel(kind: BandKind, groups: string[][]): string {
  const sides = groups.map((g) => g.join(" ")).join(" | ");
  switch (kind) {
    case "partition":
      return `partition: ${sides}`;
    case "cut":
      return `one-way cut: ${groups[0]?.join(" ") ?? ""} cannot reach ${groups[1]?.join(" ") ?? ""}`;
    case "flaky":
      return `flaky link: ${sides}`;
    case "gray":
      return `gray link (slow, no loss): ${sides}`;
  }
}

/** Does this band stop messages from -> to (used to explain a drop)? */
export function bandBlocks(fault: FaultSpec, from: string, to: string): boolean {
  return (fault.kind === "partition" || fault.kind === "cut") && blocks(fault, from, to);
}

interface SendInfo {
  event: TraceOf<"send">;
  copies: number;
  /** Arrival drops not yet matched to a copy. */
  ends: (TraceOf<"deliver"> | TraceOf<"drop">)[];
  sendDrop: TraceOf<"drop"> | null;
}

function buildArrows(level: Level, trace: TraceReader, laneIndex: Map<string, number>, endTick: number): Arrow[] {
  const sends = new Map<number, SendInfo>();
  for (const e of trace) {
    if (e.kind === "send") sends.set(e.msgId, { event: e, copies: 1, ends: [], sendDrop: null });
    else if (e.kind === "duplicate") {
      const info = sends.get(e.msgId);
      if (info) info.copies = 2;
    } else if (e.kind === "drop") {
      const info = sends.get(e.msgId);
      if (!info) continue;
      // A loss decided at send time is emitted in the same tick as the send; an arrival drop
      // (node down, or cut off by then) always comes at least one tick later.
      if (e.tick === info.event.tick && info.ends.length === 0 && info.sendDrop === null) info.sendDrop = e;
      else info.ends.push(e);
    } else if (e.kind === "deliver") sends.get(e.msgId)?.ends.push(e);
  }
  const arrows: Arrow[] = [];
  for (const info of sends.values()) {
    const send = info.event;
    const x0 = laneIndex.get(send.node);
    const xTo = laneIndex.get(send.to);
    if (x0 === undefined || xTo === undefined) continue;
    const spec = linkSpecOf(level, send.node, send.to);
    const base = { msgId: send.msgId, type: send.type, from: send.node, to: send.to, sendIndex: send.i, x0, t0: send.tick };
    if (info.sendDrop) {
      const t1 = send.tick + fraction(nominalDelayTicks(spec), LOSS_FRACTION_NUM, LOSS_FRACTION_DEN);
      arrows.push({
        ...base,
        key: `${send.msgId}.0`,
        copy: 0,
        endIndex: info.sendDrop.i,
        fate: "dropped",
        dropReason: info.sendDrop.reason,
        x1: x0 + ((xTo - x0) * LOSS_FRACTION_NUM) / LOSS_FRACTION_DEN,
        t1: Math.max(t1, send.tick + 1),
        forked: false,
        delayed: false,
        delayTicks: 0,
      });
      continue;
    }
    const forked = info.copies > 1;
    const delivered = info.ends.filter((end): end is TraceOf<"deliver"> => end.kind === "deliver");
    const drops = info.ends.filter((end): end is TraceOf<"drop"> => end.kind === "drop");
    for (let copy = 0; copy < info.copies; copy++) {
      const key = `${send.msgId}.${copy}`;
      const deliver = delivered.find((d) => d.copy === copy);
      if (deliver) {
        const delayTicks = deliver.tick - send.tick;
        arrows.push({ ...base, key, copy, endIndex: deliver.i, fate: "delivered", dropReason: null, x1: xTo, t1: deliver.tick, forked, delayed: isDelayed(delayTicks, spec), delayTicks });
        continue;
      }
      const drop = drops.shift();
      if (drop) {
        const delayTicks = drop.tick - send.tick;
        arrows.push({
          ...base,
          key,
          copy,
          endIndex: drop.i,
          fate: "dropped",
          dropReason: drop.reason,
          x1: x0 + ((xTo - x0) * ARRIVAL_LOSS_FRACTION_NUM) / ARRIVAL_LOSS_FRACTION_DEN,
          t1: send.tick + fraction(delayTicks, ARRIVAL_LOSS_FRACTION_NUM, ARRIVAL_LOSS_FRACTION_DEN),
          forked,
          delayed: false,
          delayTicks,
        });
        continue;
      }
      // Still on its way when the game ended (or swallowed by a crash while buffered).
      const t1 = Math.max(send.tick + 1, Math.min(endTick, send.tick + nominalDelayTicks(spec)));
      arrows.push({ ...base, key, copy, endIndex: null, fate: "in-flight", dropReason: null, x1: xTo, t1, forked, delayed: false, delayTicks: t1 - send.tick });
    }
  }
  return arrows.sort((a, b) => a.sendIndex - b.sendIndex || a.copy - b.copy);
}

function fraction(value: number, num: number, den: number): number {
  return (value * num) / den;
}

function markOf(e: TraceEvent): Mark | null {
  switch (e.kind) {
    case "send":
    case "deliver":
    case "drop":
    case "duplicate":
    case "fault":
      return null;
    default:
      return { i: e.i, tick: e.tick, node: e.node, kind: e.kind, label: describeEvent(e), refused: e.kind === "action" && !e.ok, ...(e.kind === "response" && e.redirect ? { redirect: true as const } : {}) };
  }
}

/** One line of plain words for any trace event (tooltips, the evidence list). */
export function describeEvent(e: TraceEvent): string {
  switch (e.kind) {
    case "send":
      return `${e.node} sends ${e.type} #${e.msgId} to ${e.to}`;
    case "deliver":
      return `${e.node} receives ${e.from}'s #${e.msgId}${e.copy > 0 ? " (duplicate copy)" : ""}`;
    case "drop":
      return `#${e.msgId} from ${e.node} to ${e.to} is lost (${dropWords(e.reason)})`;
    case "duplicate":
      return `the network duplicates #${e.msgId} from ${e.node} to ${e.to}`;
    case "timer":
      return `${e.node}: timer ${e.name} fires`;
    case "crash":
      return `${e.node} crashes (RAM lost)`;
    case "recover":
      return `${e.node} restarts from disk`;
    case "pause":
      return `${e.node} freezes until ${formatTicks(e.untilTick)}`;
    case "resume":
      return `${e.node} wakes from its pause`;
    case "clock":
      return e.stepTicks !== 0 ? `${e.node}'s wall clock jumps ${signedSeconds(e.stepTicks)}` : `${e.node}'s clock now drifts ${e.driftPpm} ppm`;
    case "fault":
      return `${e.phase === "start" ? "fault starts" : "fault ends"}: ${e.fault.kind}`;
    case "action":
      return `${e.node} ${e.action}${paramsWords(e.params)}${e.ok ? "" : ` (refused: ${e.error ?? "not allowed"})`}`;
    case "control":
      return e.controller === "human" ? `a human takes ${e.node}` : `${e.node} handed to ${e.controller}`;
    case "request":
      return `${e.node} gets client request ${e.requestId}`;
    case "response":
      return `${e.node} answers ${e.requestId}: ${e.ok ? "OK" : e.redirect ? `${e.status}, a redirect (not an error)` : e.status}`;
    case "note":
      return `${e.node}: ${e.name}${paramsWords(e.data)}`;
  }
}

function dropWords(reason: DropReason): string {
  switch (reason) {
    case "loss":
      return "the cable lost it";
    case "flaky":
      return "flaky link";
    case "partition":
      return "partition";
    case "node-down":
      return "the receiver was down";
  }
}

function paramsWords(params: unknown): string {
  if (typeof params !== "object" || params === null) return "";
  const parts = Object.entries(params as Record<string, unknown>)
    .filter(([, v]) => typeof v === "number" || typeof v === "string" || typeof v === "boolean")
    .slice(0, 4)
    .map(([k, v]) => `${k} ${String(v)}`);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** Ticks as game-seconds: 123 -> "12.3 s". */
export function formatTicks(ticks: number): string {
  const sign = ticks < 0 ? "-" : "";
  const abs = Math.abs(Math.round(ticks));
  return `${sign}${Math.floor(abs / 10)}.${abs % 10} s`;
}

function signedSeconds(ticks: number): string {
  return `${ticks >= 0 ? "+" : ""}${formatTicks(ticks)}`;
}

/** A lane's wall-clock offset from true time at `tick` (ticks), replaying its clock events. */
export function clockOffsetAt(lane: Lane, tick: number): number {
  let clock: ClockState = createClock(lane.clockOffsetTicks, lane.clockDriftPpm, 0);
  for (const m of lane.clockMarks) {
    if (m.tick > tick) break;
    if (m.stepTicks !== 0) clock = stepWall(clock, m.tick, m.stepTicks);
    if (m.driftPpm !== clock.driftPpm) clock = setDrift(clock, m.tick, m.driftPpm);
  }
  return wallTicks(clock, tick) - tick;
}

/** Lane status at a tick, for the scrubber's readout. */
export function laneStatusAt(lane: Lane, tick: number): "up" | "down" | "paused" {
  if (lane.crashes.some((s) => s.startTick <= tick && tick < s.endTick)) return "down";
  if (lane.pauses.some((s) => s.startTick <= tick && tick < s.endTick)) return "paused";
  return "up";
}

/** Arrows in flight at `tick`: sent at or before it and not yet ended. */
export function arrowsInFlight(model: SpaceTime, tick: number): Arrow[] {
  return model.arrows.filter((a) => a.t0 <= tick && tick < a.t1);
}
