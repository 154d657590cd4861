/**
 * Closed-loop clients (a workload with `retry`): an unanswered request is sent again after a
 * timeout with backoff, carrying the same key (what an idempotency key is made of), until an
 * answer comes or the attempts run out. Open-loop workloads are unchanged.
 */
import { describe, expect, it } from "vitest";
import { replay } from "../../../shared/sim/replay.js";
import type { TraceEvent } from "../../../shared/sim/trace.js";
import { heartbeatLevel } from "../../support/test-levels.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

const ask = (retry?: Record<string, number>) => ({ id: "ask", startTick: 10, endTick: 11, everyTicks: 100, to: ["N1"], slaTicks: 50, ...(retry ? { retry } : {}) });
const requests = (trace: Iterable<TraceEvent>) => [...trace].filter((e): e is Extract<TraceEvent, { kind: "request" }> => e.kind === "request");
const responses = (trace: Iterable<TraceEvent>) => [...trace].filter((e): e is Extract<TraceEvent, { kind: "response" }> => e.kind === "response");

describe("closed-loop clients", () => {
  it("retry with backoff while the service is down, then stop at the first answer", () => {
    // N1 is down from tick 5 to 75: attempts at 10, 30 and 70 are lost; the one at 150 is answered.
    const level = heartbeatLevel(3, { workload: [ask({ timeoutTicks: 20, backoff: 2, maxAttempts: 5 })], faults: [{ kind: "crash", atTick: 5, node: "N1", recoverAtTick: 75 }] });
    const { world } = replay(level, TEST_CATALOG, 1, []);
    const answered = responses(world.trace);
    expect(answered.map((r) => [r.requestId, r.tick])).toEqual([["ask-1~4", 150]]);
    expect(world.answeredKeys.has("ask-1")).toBe(true);
    const arrived = requests(world.trace);
    expect(arrived.map((r) => [r.requestId, r.tick])).toEqual([["ask-1~4", 150]]); // a down node never sees the others
    expect(arrived[0]!.payload).toMatchObject({ key: "ask-1", attempt: 4, n: 1 });
  });

  it("gives up after maxAttempts", () => {
    const level = heartbeatLevel(3, { workload: [ask({ timeoutTicks: 10, backoff: 1, maxAttempts: 3 })], faults: [{ kind: "crash", atTick: 5, node: "N1", recoverAtTick: 300 }] });
    const { world } = replay(level, TEST_CATALOG, 1, []);
    expect(responses(world.trace)).toEqual([]);
    expect(world.answeredKeys.size).toBe(0);
  });

  it("sends once when answered at once; an open-loop workload carries no key", () => {
    const closed = replay(heartbeatLevel(3, { workload: [ask({ timeoutTicks: 20, backoff: 2, maxAttempts: 5 })] }), TEST_CATALOG, 1, []).world;
    expect(requests(closed.trace).map((r) => r.requestId)).toEqual(["ask-1"]);
    const open = replay(heartbeatLevel(3, { workload: [ask()] }), TEST_CATALOG, 1, []).world;
    expect(requests(open.trace)[0]!.payload).toEqual({ n: 1 });
  });

  it("draws retry jitter from its own stream: the workload's schedule does not move", () => {
    const every = { id: "tick", startTick: 0, endTick: 500, everyTicks: 40, jitterTicks: 10, to: ["N2"], slaTicks: 50 };
    const base = replay(heartbeatLevel(3, { workload: [every] }), TEST_CATALOG, 7, []).world;
    const withRetries = replay(heartbeatLevel(3, { workload: [every, ask({ timeoutTicks: 20, backoff: 2, maxAttempts: 5, jitterTicks: 9 })], faults: [{ kind: "crash", atTick: 5, node: "N1", recoverAtTick: 75 }] }), TEST_CATALOG, 7, []).world;
    const ticksOf = (w: typeof base) => requests(w.trace).filter((r) => r.workload === "tick").map((r) => r.tick);
    expect(ticksOf(withRetries)).toEqual(ticksOf(base));
  });

  it("an impatient client (onError) sends again at its timeout after an error; a patient one stops", () => {
    const failing = (onError: boolean) => ({ ...ask({ timeoutTicks: 20, backoff: 1, maxAttempts: 3 }), payload: { failFirst: true }, retry: { timeoutTicks: 20, backoff: 1, maxAttempts: 3, onError } });
    const impatient = replay(heartbeatLevel(3, { workload: [failing(true)] }), TEST_CATALOG, 1, []).world;
    expect(responses(impatient.trace).map((r) => [r.requestId, r.ok, r.tick])).toEqual([
      ["ask-1", false, 10],
      ["ask-1~2", true, 30],
    ]);
    const patient = replay(heartbeatLevel(3, { workload: [failing(false)] }), TEST_CATALOG, 1, []).world;
    expect(responses(patient.trace).map((r) => [r.requestId, r.ok])).toEqual([["ask-1", false]]);
  });
});
