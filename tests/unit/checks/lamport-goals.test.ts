/** The Lamport goals on hand-built traces: quiz grading, a complete history, prompts on time. */
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../../shared/sim/check.js";
import { lamportHistoryPublished } from "../../../shared/protocols/lamport/checks/history.js";
import { lamportPromptsOnTime } from "../../../shared/protocols/lamport/checks/prompts.js";
import { correctAnswers, lamportQuizCorrect } from "../../../shared/protocols/lamport/checks/quiz.js";
import type { TraceEvent } from "../../../shared/sim/trace.js";
import { bookExample, stubLevel } from "./lamport-fixtures.js";

function run(trace: TraceEvent[], endTick = 1000): RunRecord {
  return { level: stubLevel(), trace, endTick, stableWindows: [{ startTick: 0, endTick }], finalStates: {}, upAtEnd: [] };
}

describe("lamport/quiz-correct", () => {
  it("grades by happened-before from the trace; concurrent pairs accept 'cannot tell'", () => {
    const { t } = bookExample();
    const ask = (qid: string, a: string, b: string) => t.note("ARCHIVIST", "quiz-question", { to: "A", qid, a, b });
    const say = (qid: string, answer: string) => t.note("A", "quiz-answer", { qid, answer });
    ask("q1", "A#1", "B#2");
    ask("q2", "A#3", "B#1");
    ask("q3", "C#1", "A#3");
    ask("q4", "A#2", "C#1");
    say("q1", "a-before-b");
    say("q2", "b-before-a");
    say("q3", "cannot-tell");
    say("q4", "concurrent");
    expect(lamportQuizCorrect.evaluate(run(t.trace), {})).toMatchObject({ met: true });
  });

  it("marks a stamp-order guess on a concurrent pair wrong, with the question and answer as evidence", () => {
    const { t } = bookExample();
    // C#1 (stamp 1) < A#3 (stamp 6), yet neither caused the other.
    const q = t.note("ARCHIVIST", "quiz-question", { to: "A", qid: "q1", a: "C#1", b: "A#3" });
    const a = t.note("A", "quiz-answer", { qid: "q1", answer: "a-before-b" });
    const outcome = lamportQuizCorrect.evaluate(run(t.trace), {});
    expect(outcome.met).toBe(false);
    expect(outcome.evidence).toEqual([q, a]);
  });

  it("counts an unanswered question as wrong, and no quiz as not met", () => {
    const { t } = bookExample();
    expect(lamportQuizCorrect.evaluate(run(t.trace), {}).met).toBe(false);
    t.note("ARCHIVIST", "quiz-question", { to: "A", qid: "q1", a: "A#1", b: "A#2" });
    expect(lamportQuizCorrect.evaluate(run(t.trace), {}).met).toBe(false);
  });

  it("knows which answers each relation accepts", () => {
    expect(correctAnswers("before")).toEqual(["a-before-b"]);
    expect(correctAnswers("after")).toEqual(["b-before-a"]);
    expect(correctAnswers("concurrent")).toEqual(["concurrent", "cannot-tell"]);
  });
});

describe("lamport/history-published", () => {
  it("is met when the round's archive lists every stamped event of the round", () => {
    const { t } = bookExample();
    t.note("ARCHIVIST", "archive", { round: 2, order: ["A#1", "C#1", "B#1", "B#2", "B#3", "A#2", "A#3"] });
    expect(lamportHistoryPublished.evaluate(run(t.trace), { round: 2 }).met).toBe(true);
  });

  it("is not met with a hole in the history, citing the missing event", () => {
    const { t } = bookExample();
    const archive = t.note("ARCHIVIST", "archive", { round: 2, order: ["A#1", "B#1", "B#2", "B#3", "A#2", "A#3"] });
    const outcome = lamportHistoryPublished.evaluate(run(t.trace), { round: 2 });
    expect(outcome.met).toBe(false);
    expect(outcome.evidence).toEqual([t.at("C#1"), archive]);
  });

  it("is not met when nothing was published", () => {
    expect(lamportHistoryPublished.evaluate(run(bookExample().t.trace), { round: 2 }).met).toBe(false);
  });
});

describe("lamport/prompts-on-time", () => {
  const request = (i: number, tick: number, id: string): TraceEvent => ({ i, tick, kind: "request", node: "A", requestId: id, workload: "w", payload: {}, deadlineTick: tick + 40 });
  const response = (i: number, tick: number, id: string): TraceEvent => ({ i, tick, kind: "response", node: "A", requestId: id, ok: true, status: "ok", result: null });

  it("accepts 9 of 10 on time at 90%, and refuses 8 of 10", () => {
    const trace: TraceEvent[] = [];
    for (let k = 0; k < 10; k++) {
      trace.push(request(trace.length, k * 50, `r${k}`));
      trace.push(response(trace.length, k * 50 + (k === 0 ? 60 : 5), `r${k}`));
    }
    expect(lamportPromptsOnTime.evaluate(run(trace), { withinTicks: 40, percent: 90 }).met).toBe(true);
    trace[3] = response(3, 200, "r1");
    const outcome = lamportPromptsOnTime.evaluate(run(trace), { withinTicks: 40, percent: 90 });
    expect(outcome.met).toBe(false);
    expect(outcome.evidence).toEqual([0, 1]);
  });
});
