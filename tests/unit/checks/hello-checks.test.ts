import { describe, expect, it } from "vitest";
import { okMeansDone, processedOnce } from "../../../shared/protocols/hello/checks.js";
import { buildTrace, findings, note } from "../../support/trace-builder.js";

describe("hello/processed-once", () => {
  it("flags a second processing of the same note, citing both", () => {
    const trace = buildTrace([note(1, "N2", "processed", { seq: 1 }), note(2, "N2", "processed", { seq: 2 }), note(5, "N2", "processed", { seq: 1 })]);
    expect(findings(processedOnce, trace)).toEqual([{ tick: 5, message: "N2 processed note #1 twice", evidence: [0, 2] }]);
  });

  it("does not flag distinct notes, or the same number at two different receivers", () => {
    const trace = buildTrace([note(1, "N2", "processed", { seq: 1 }), note(2, "N3", "processed", { seq: 1 }), note(3, "N2", "processed", { seq: 2 })]);
    expect(findings(processedOnce, trace)).toEqual([]);
  });
});

describe("hello/ok-means-done", () => {
  const admitted = (tick: number, seq: number) => note(tick, "N1", "admitted", { seq, requestId: `note-${seq}` });
  const ok = (tick: number, seq: number) => ({ tick, kind: "response" as const, node: "N1", requestId: `note-${seq}`, ok: true, status: "ok", result: null });

  it("flags an OK for a note the receiver never processed", () => {
    const trace = buildTrace([admitted(1, 1), ok(2, 1), note(6, "N2", "processed", { seq: 1 })]);
    expect(findings(okMeansDone, trace)).toEqual([{ tick: 2, message: "N1 told the client OK for note #1 before the receiver had it", evidence: [0, 1] }]);
  });

  it("accepts an OK after processing, and ignores refusals", () => {
    const refused = { ...ok(3, 2), ok: false, status: "error" };
    const trace = buildTrace([admitted(1, 1), note(4, "N2", "processed", { seq: 1 }), ok(8, 1), admitted(9, 2), refused]);
    expect(findings(okMeansDone, trace)).toEqual([]);
  });
});
