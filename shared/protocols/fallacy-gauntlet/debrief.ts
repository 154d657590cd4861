/**
 * l02's debrief: a fallacy card per round, with the moment its assumption broke (a reply lost, a
 * page requested, the queue at its deepest, the impostor's first command, Inventory's move, the
 * rename, the bill, a shipment dropped for its size) marked on the diagram and the round's span
 * shaded by its result; then the two fallacies the game can only stand in for, as questions for
 * discussion rather than checks.
 */
import type { DebriefCard, DebriefHook, DebriefMark } from "../../sim/debrief-marks.js";
import type { RunRecord } from "../../sim/check.js";
import type { TraceEvent } from "../../sim/trace.js";
import type { TraceReader } from "../../sim/trace-store.js";
import type { Level } from "../../level/level.js";
import { clockTime } from "../../sim/screen-text.js";
import { bonusAnswer } from "./checks/bonus-answer.js";
import { ROUND_CHECKS } from "./checks/round-checks.js";
import { cardOf } from "./cards.js";
import { GAUNTLET_NOTES } from "./notes.js";
import { levelSchedule, roundWindow, ROUNDS, type Round } from "./schedule.js";

type Moment = { tick: number; what: string } | null;

const within = (w: readonly [number, number], e: TraceEvent): boolean => e.tick >= w[0] && e.tick < w[1];

/** The moment each round's assumption visibly broke, from the trace (null: it never did). */
function brokeAt(trace: readonly TraceEvent[], round: Round, w: readonly [number, number], seat: string): Moment {
  const inRound = trace.filter((e) => within(w, e));
  const sentType = new Map<number, string>();
  for (const e of inRound) if (e.kind === "send") sentType.set(e.msgId, e.type);
  const first = (pick: (e: TraceEvent) => boolean, what: string): Moment => {
    const e = inRound.find(pick);
    return e ? { tick: e.tick, what } : null;
  };
  switch (round) {
    case "reliable":
      return first((e) => e.kind === "drop" && e.to === seat && sentType.get(e.msgId) === "charged", "a Payments reply is lost: no reply is not no charge");
    case "latency":
      return first((e) => e.kind === "request" && e.workload === "page", "the first page: 7 lookups, due in 1.2 s");
    case "bandwidth": {
      const drop = first((e) => GAUNTLET_NOTES.read(e, "uplink")?.dropped !== undefined, "the uplink queue is full: a record is dropped");
      if (drop) return drop;
      let deepest: { tick: number; depth: number } | null = null;
      for (const e of inRound) {
        const u = GAUNTLET_NOTES.read(e, "uplink");
        if (u && (!deepest || u.depth > deepest.depth)) deepest = { tick: e.tick, depth: u.depth };
      }
      return deepest ? { tick: deepest.tick, what: `the uplink queue at its deepest: ${deepest.depth} units` } : null;
    }
    case "secure":
      return first((e) => e.kind === "send" && e.type === "command" && e.to === seat && (e.payload as { signed?: boolean } | null)?.signed === false, `the impostor's first command, "from Auth", unsigned`);
    case "topology":
      return first((e) => e.kind === "crash", "Inventory moves: its old address goes silent");
    case "admin":
      return first((e) => e.kind === "send" && e.type === "event" && (e.payload as { v?: number } | null)?.v === 2, "the other team's first event in schema v2");
    case "cost": {
      let tenths = 0;
      const over = inRound.find((e) => {
        if (e.kind !== "send" || e.type !== "batch" || e.node !== seat) return false;
        tenths += 10 + ((e.payload as { events?: unknown[] } | null)?.events?.length ?? 0);
        return tenths > 200;
      });
      return over ? { tick: over.tick, what: "the bill passes 20 coins" } : first((e) => e.kind === "send" && e.type === "batch" && e.node === seat, "the first forwarding message: 1 coin plus 0.1 per event");
    }
    case "homogeneous":
      return first((e) => GAUNTLET_NOTES.read(e, "mtu-drop") !== null, "the Ocean relay drops a payload over its MTU, silently") ?? first((e) => e.kind === "send" && e.type === "chunk" && e.node === seat, "the first shipment leaves by the new route");
    case "bonus":
      return first((e) => GAUNTLET_NOTES.read(e, "answer") !== null && e.kind === "note" && e.node === seat, "your answer");
  }
}

/** What the checks said of each round (with the level's params), on the finished trace. */
function outcomes(trace: readonly TraceEvent[], level: Level, endTick: number) {
  const run: RunRecord = { level, trace: trace as unknown as TraceReader, endTick, stableWindows: [], finalStates: {}, upAtEnd: [] };
  return [...ROUND_CHECKS, bonusAnswer].map((check) => check.evaluate(run, level.goals.find((g) => g.check === check.id)?.params ?? {}));
}

/** The two fallacies the simulation can only stand in for: for the room to talk about, not scored. */
export const DISCUSSION: readonly DebriefCard[] = [
  {
    title: "For discussion: there is one administrator",
    tone: "info",
    lines: [
      "The game stood in for this fallacy with a change feed; it cannot check the part that is about people.",
      "Who owns the event schema, and who must agree before a field is renamed? Would a contract test between the two teams have caught it before deploy? What would the runbook say when decoding starts failing?",
    ],
  },
  {
    title: "For discussion: the network is secure",
    tone: "info",
    lines: [
      "The game stood in for this fallacy with a signature badge; real security is not simulated here.",
      "Where do the keys live and how are they rotated? Would mTLS between services have stopped the impostor? If one service is breached, what can its commands reach, and what would contain them?",
    ],
  },
];

export const gauntletDebrief: DebriefHook = (trace, level, endTick, seat) => {
  const schedule = levelSchedule(level);
  const results = outcomes(trace, level, endTick);
  const marks: DebriefMark[] = [];
  const cards: DebriefCard[] = [];
  ROUNDS.forEach((round, i) => {
    const w = roundWindow(schedule, round, endTick);
    const result = results[i]!;
    const card = cardOf(round);
    const name = round === "bonus" ? "Bonus" : `Round ${i + 1}`;
    const moment = brokeAt(trace, round, w, seat);
    marks.push({ fromTick: w[0], toTick: Math.min(w[1], endTick), tone: result.met ? "good" : "bad", label: `${name}: ${card.fallacy}${result.met ? " (cleared)" : " (lost)"}` });
    if (moment) marks.push({ node: seat, fromTick: moment.tick, toTick: moment.tick, tone: "warn", label: moment.what });
    const lines = [
      `${card.assumption} ${card.breaks}`,
      round === "bonus" ? (moment ? `You answered at ${clockTime(moment.tick)}.` : "You did not answer.") : moment ? `It broke at ${clockTime(moment.tick)}: ${moment.what}.` : "It never visibly broke in this game.",
      `${result.met ? "Cleared" : "Lost"}: ${result.detail}.`,
    ];
    if (!result.met) lines.push(`The rule: ${card.rule}`);
    cards.push({ title: `${name}: ${card.fallacy}`, tone: result.met ? "good" : "bad", lines, ...(moment ? { tick: moment.tick } : { tick: w[0] }) });
  });
  return { marks, cards: [...cards, ...DISCUSSION] };
};

