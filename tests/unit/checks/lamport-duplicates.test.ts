// l09's de-duplication rule: a network duplicate stamped as a new receive. A level rule judged as a
// goal (it breaks no Lamport-clock property), on hand-built traces.
import { describe, expect, it } from "vitest";
import { lamportDuplicates, stampedDuplicates } from "../../../shared/protocols/lamport/checks/duplicates.js";
import type { RunRecord } from "../../../shared/sim/check.js";
import { bookExample, stubLevel, TraceBuilder } from "./lamport-fixtures.js";

const nodesOf = () => stubLevel().nodes.map((n) => n.id);

describe("lamport/duplicates-ignored", () => {
  it("accepts one receive per message", () => {
    expect(stampedDuplicates(nodesOf(), bookExample().t.trace)).toEqual([]);
  });

  it("flags a second receive of the same message at the same node, citing both receives", () => {
    const t = new TraceBuilder();
    const msg = t.send("A", "B", 1);
    const first = t.receive("B", msg, 2);
    const again = t.receive("B", msg, 3);
    const found = stampedDuplicates(nodesOf(), t.trace);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toEqual([t.at(first), t.at(again)]);
    const goal = lamportDuplicates.evaluate({ level: stubLevel(), trace: t.trace } as unknown as RunRecord, {});
    expect(goal).toMatchObject({ met: false, evidence: [t.at(first), t.at(again)] });
    expect(goal.detail).toMatch(/^1 duplicate stamped as new receives; first: /);
  });

  it("does not flag a duplicate delivery that got no stamp", () => {
    const t = new TraceBuilder();
    const msg = t.send("A", "B", 1);
    t.receive("B", msg, 2);
    t.trace.push({ i: t.trace.length, tick: 9, kind: "deliver", node: "B", from: "A", msgId: msg, copy: 1, sentTick: 0 });
    expect(lamportDuplicates.evaluate({ level: stubLevel(), trace: t.trace } as unknown as RunRecord, {})).toMatchObject({ met: true });
  });
});
