import { describe, expect, it } from "vitest";
import { archiveAnomalies, lamportArchive } from "../../../shared/protocols/lamport/checks/archive.js";
import { lamportTraceOf } from "../../../shared/protocols/lamport/checks/events.js";
import { bookExample, findings, stubLevel } from "./lamport-fixtures.js";

describe("lamport/archive-causal", () => {
  it("accepts the (stamp, node) order of the book's example", () => {
    const { t } = bookExample();
    t.note("ARCHIVIST", "archive", { round: 2, order: ["A#1", "C#1", "B#1", "B#2", "B#3", "A#2", "A#3"] });
    expect(findings(lamportArchive, t.trace, stubLevel(), { rounds: [2] })).toEqual([]);
  });

  it("flags a reaction printed before its cause, with the cause, the effect and the archive", () => {
    const { t } = bookExample();
    const archive = t.note("ARCHIVIST", "archive", { round: 2, order: ["B#1", "A#1", "C#1", "B#2", "B#3", "A#2", "A#3"] });
    const found = findings(lamportArchive, t.trace, stubLevel(), { rounds: [2] });
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toEqual([t.at("A#1"), t.at("B#1"), archive]);
  });

  it("counts every misplaced effect, and judges only the rounds it is given", () => {
    const { t } = bookExample();
    const backwards = ["A#3", "A#2", "B#3", "B#2", "B#1", "C#1", "A#1"];
    t.note("ARCHIVIST", "archive", { round: 1, order: backwards });
    expect(findings(lamportArchive, t.trace, stubLevel(), { rounds: [2] })).toEqual([]);
    const lt = lamportTraceOf(t.trace, ["A", "B", "C"]);
    // Every event except A#1 and C#1 has a cause printed after it.
    expect(archiveAnomalies(lt, backwards).map((a) => a.effect.eventId).sort()).toEqual(["A#2", "A#3", "B#1", "B#2", "B#3"]);
  });

  it("does not flag any order of concurrent events", () => {
    const { t } = bookExample();
    t.note("ARCHIVIST", "archive", { round: 2, order: ["A#1", "B#1", "B#2", "B#3", "A#2", "A#3", "C#1"] });
    expect(findings(lamportArchive, t.trace, stubLevel(), { rounds: [2] })).toEqual([]);
  });
});
