/**
 * The archivist: collects a copy of every event record, runs the rounds (it is the only node
 * whose clock the level leaves alone, and it announces each round by message, so no peer ever
 * reads a clock to know the round), publishes each round's history, and asks the round-3 quiz.
 * Round 1's history is sorted by the stamps peers sent, which are wall-clock readings; from
 * round 2 the correct archivist sorts by (Lamport stamp, node id).
 */
import type { Effect, NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { membersWithRole } from "../../base/quorum.js";
import { buildQuiz } from "./quizmaster.js";
import { LAMPORT_NOTES } from "./notes.js";
import { capped, MSG, REPORTS_MAX, type LamportState, type QuizPayload, type ReportPayload, type RoundPayload } from "./state.js";

export const ROUND2_START_TICKS_DEFAULT = 600;
export const ROUND3_START_TICKS_DEFAULT = 1800;
export const QUIZ_SIZE_DEFAULT = 6;

function option(ctx: NodeContext, key: string, fallback: number): number {
  const value = ctx.options[key];
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : fallback;
}

export function roundStarts(ctx: NodeContext): { 2: number; 3: number } {
  return { 2: option(ctx, "round2StartTick", ROUND2_START_TICKS_DEFAULT), 3: option(ctx, "round3StartTick", ROUND3_START_TICKS_DEFAULT) };
}

/** How the published history is sorted: "lamport" = (stamp, node id); "wall" = the sender's wall reading. */
export type ArchiveOrder = "lamport" | "wall";

export function sortHistory(reports: readonly ReportPayload[], by: ArchiveOrder): ReportPayload[] {
  const key = (r: ReportPayload) => (by === "wall" ? r.wall : r.stamp);
  return [...reports].sort((x, y) => key(x) - key(y) || (x.node < y.node ? -1 : x.node > y.node ? 1 : 0) || x.n - y.n);
}

function publish(state: LamportState, round: number, by: ArchiveOrder): Step<LamportState> {
  if (state.published.includes(round)) return { state, effects: [] };
  // Round 1 stamps are wall readings whatever the policy: that round shows what they do.
  const order = sortHistory(state.reports.filter((r) => r.round === round), round === 1 ? "lamport" : by).map((r) => r.eventId);
  return {
    state: { ...state, published: [...state.published, round] },
    effects: [LAMPORT_NOTES.write("archive", { round, by: round === 1 ? "wall" : by, order })],
  };
}

function announce(ctx: NodeContext, round: number): Effect[] {
  return membersWithRole(ctx, "peer").map((to) => ({ kind: "send", to, type: MSG.round, payload: { round } satisfies RoundPayload }));
}

function askQuiz(state: LamportState, ctx: NodeContext): Effect[] {
  const peers = membersWithRole(ctx, "peer");
  const lamportReports = state.reports.filter((r) => r.clock === "lamport");
  const size = option(ctx, "quizSize", QUIZ_SIZE_DEFAULT);
  const effects: Effect[] = [];
  for (const peer of peers) {
    const questions = buildQuiz(lamportReports, peers, peer, size, ctx.rng);
    if (questions.length === 0) continue;
    for (const q of questions) effects.push(LAMPORT_NOTES.write("quiz-question", { to: peer, qid: q.qid, a: q.a.eventId, b: q.b.eventId, aStamp: q.a.stamp, bStamp: q.b.stamp }));
    effects.push({ kind: "send", to: peer, type: MSG.quiz, payload: { questions } satisfies QuizPayload });
  }
  return effects;
}

function collect(state: LamportState, report: ReportPayload): LamportState {
  // Reports can be duplicated by the network: one record per event id.
  if (state.reports.some((r) => r.eventId === report.eventId)) return state;
  return { ...state, reports: capped([...state.reports, report], REPORTS_MAX) };
}

export function archivistStep(by: ArchiveOrder) {
  return (state: LamportState, event: NodeEvent, ctx: NodeContext): Step<LamportState> => {
    switch (event.kind) {
      case "boot": {
        const starts = roundStarts(ctx);
        const effects: Effect[] = [];
        for (const round of [2, 3] as const) {
          if (!state.published.includes(round - 1)) effects.push({ kind: "set-timer", name: `round-${round}`, delayTicks: Math.max(1, starts[round] - ctx.uptimeTicks) });
        }
        return { state, effects };
      }
      case "deliver":
        if (event.msg.type !== MSG.report) return { state, effects: [] };
        return { state: collect(state, event.msg.payload as ReportPayload), effects: [] };
      case "timer": {
        if (event.name === "round-2") {
          const published = publish(state, 1, by);
          return { state: published.state, effects: [...published.effects, ...announce(ctx, 2)] };
        }
        if (event.name === "round-3") {
          const published = publish(state, 2, by);
          return { state: published.state, effects: [...published.effects, ...announce(ctx, 3), ...askQuiz(published.state, ctx)] };
        }
        return { state, effects: [] };
      }
      case "request":
        return { state, effects: [] };
    }
  };
}
