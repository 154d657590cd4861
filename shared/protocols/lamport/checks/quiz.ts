/**
 * Lamport goal, round 3: "could A have influenced B?" (happened-before: potential causality) answered correctly. The truth comes from the trace's
 * happened-before (vector clocks), never from stamps: A before B, B before A, or concurrent.
 * For a concurrent pair, "cannot tell from Lamport stamps alone" is also right: stamps respect
 * happened-before but cannot reveal concurrency (L(a) < L(b) does not mean a -> b).
 */
import type { TraceOf } from "../../../sim/trace.js";
import type { GoalCheck } from "../../../sim/check.js";
import { lamportTraceOf } from "./events.js";
import { LAMPORT_NOTES } from "../notes.js";
import { checkParams, paramInteger, paramsOf } from "../../../checks/check-params.js";

const PARAMS = checkParams({ minPercent: paramInteger(100, "The share of quiz answers that must be right, in percent.", { minimum: 0, maximum: 100 }) });

export const QUIZ_ANSWERS = ["a-before-b", "b-before-a", "concurrent", "cannot-tell"] as const;
export type QuizAnswer = (typeof QUIZ_ANSWERS)[number];

/** The answers that are right for a pair, from the true happened-before relation. */
export function correctAnswers(relation: "same" | "before" | "after" | "concurrent"): QuizAnswer[] {
  if (relation === "before") return ["a-before-b"];
  if (relation === "after") return ["b-before-a"];
  if (relation === "concurrent") return ["concurrent", "cannot-tell"];
  return [];
}

export interface GradedQuestion {
  node: string;
  qid: string;
  question: TraceOf<"note">;
  answer: TraceOf<"note"> | null;
  /** What the peer answered (its first answer), or null. */
  given: QuizAnswer | null;
  correct: QuizAnswer[];
  right: boolean;
}

/** Every question asked to one of `nodes`, with its answer (the first one) and the truth. */
export function gradeQuiz(trace: Parameters<typeof lamportTraceOf>[0], nodeIds: readonly string[], nodes: readonly string[]): GradedQuestion[] {
  const lt = lamportTraceOf(trace, nodeIds);
  const judged = new Set(nodes);
  const answers = new Map<string, { event: TraceOf<"note">; answer: QuizAnswer }>();
  const questions: { event: TraceOf<"note">; to: string; qid: string; a: string; b: string }[] = [];
  for (const e of trace) {
    if (e.kind !== "note") continue;
    const question = LAMPORT_NOTES.read(e, "quiz-question");
    if (question && judged.has(question.to)) questions.push({ event: e, ...question });
    const answer = LAMPORT_NOTES.read(e, "quiz-answer");
    if (answer) {
      const key = `${e.node}/${answer.qid}`;
      if (!answers.has(key)) answers.set(key, { event: e, answer: answer.answer });
    }
  }
  return questions.map((q) => {
    const answer = answers.get(`${q.to}/${q.qid}`) ?? null;
    const a = lt.byEventId(q.a);
    const b = lt.byEventId(q.b);
    const correct = a && b ? correctAnswers(lt.order.relation(a.index, b.index)) : [];
    return { node: q.to, qid: q.qid, question: q.event, answer: answer?.event ?? null, given: answer?.answer ?? null, correct, right: answer !== null && correct.includes(answer.answer) };
  });
}

export const lamportQuizCorrect: GoalCheck = {
  id: "lamport/quiz-correct",
  title: "Every cause-or-coincidence question answered correctly",
  params: PARAMS,
  evaluate(run, params) {
    const { minPercent } = paramsOf(PARAMS, params);
    const graded = gradeQuiz(run.trace, run.level.nodes.map((n) => n.id), run.level.seats.nodes);
    if (graded.length === 0) return { met: false, detail: "no quiz question was asked" };
    const right = graded.filter((g) => g.right).length;
    const met = right * 100 >= minPercent * graded.length;
    const wrong = graded.find((g) => !g.right);
    const detail = `${right} of ${graded.length} answered correctly; the goal is ${minPercent}%`;
    if (met || !wrong) return { met, detail };
    const said = wrong.given !== null ? `answered ${wrong.given}` : "did not answer";
    return {
      met,
      detail: `${detail}. ${wrong.node} ${said} on ${wrong.qid}; right: ${wrong.correct.join(" or ")}`,
      evidence: wrong.answer ? [wrong.question.i, wrong.answer.i] : [wrong.question.i],
    };
  },
};
