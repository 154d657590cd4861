/**
 * Session guarantees on the book's chapter-4 stories, each violation with its correct twin:
 * the changed email read back from a lagging replica (read-your-writes), version 42 then 38
 * (monotonic reads), two writes applied in the wrong order (monotonic writes), and a reply
 * applied before the "Hello" it answers (writes-follow-reads).
 */
import { describe, expect, it } from "vitest";
import type { Operation } from "../../../../shared/checks/history/operation.js";
import { checkSessionGuarantees, type ReplicaApplies, type SessionGuarantee, type SessionViolation } from "../../../../shared/checks/history/session-guarantees.js";
import { r, w } from "./history-fixtures.js";

function violationsOf(ops: Operation[], applies?: ReplicaApplies[], guarantees?: SessionGuarantee[]): SessionViolation[] {
  const result = checkSessionGuarantees(ops, { applies, guarantees });
  if (result.verdict !== "checked") throw new Error(JSON.stringify(result.error));
  return [...result.violations];
}

const summary = (vs: SessionViolation[]) => vs.map((v) => `${v.guarantee} ${v.session} ${v.evidence.map((o) => o.id).join(",")}${v.replica ? ` @${v.replica}` : ""}`);

describe("read-your-writes", () => {
  const email = w("ana", "ana@new", 0, 2, { id: "change", key: "email", version: 1 });

  it("a session that changed its email and read the old one from a lagging replica", () => {
    const vs = violationsOf([email, r("ana", "ana@old", 3, 4, { id: "stale", key: "email", version: 0 })]);
    expect(summary(vs)).toEqual(["read-your-writes ana change,stale"]);
    expect(vs[0]!.reason).toBe("ana wrote \"ana@new\" to email (ticks 0-2) as version 1 of email, then ana read \"ana@old\" from email (ticks 3-4) at version 0: the session did not see its own write.");
  });

  it("twin: the read sees its write, or began before the write was acknowledged", () => {
    expect(violationsOf([email, r("ana", "ana@new", 3, 4, { key: "email", version: 1 })])).toEqual([]);
    expect(violationsOf([email, r("ana", "ana@old", 2, 4, { key: "email", version: 0 })])).toEqual([]);
  });

  it("another session's stale read, a write never acknowledged, or another key are not this guarantee", () => {
    expect(violationsOf([email, r("bob", "ana@old", 3, 4, { key: "email", version: 0 })], undefined, ["read-your-writes"])).toEqual([]);
    expect(violationsOf([w("ana", "x", 0, null, { key: "email", version: 1 }), r("ana", null, 3, 4, { key: "email", version: 0 })])).toEqual([]);
    expect(violationsOf([email, r("ana", null, 3, 4, { key: "phone", version: 0 })])).toEqual([]);
  });
});

describe("monotonic reads", () => {
  const writes = [w("admin", "a", 0, 1, { key: "k", version: 38 }), w("admin", "b", 0, 1, { key: "k", version: 42 })];

  it("version 42 then version 38 is forbidden", () => {
    const vs = violationsOf([...writes, r("s", "b", 2, 3, { id: "new", key: "k", version: 42 }), r("s", "a", 4, 5, { id: "old", key: "k", version: 38 })]);
    expect(summary(vs)).toEqual(["monotonic-reads s new,old"]);
    expect(vs[0]!.reason).toMatch(/at the older version 38: reads went back in time/);
  });

  it("twin: 38 then 42, 42 twice, overlapping reads, or two sessions are fine", () => {
    expect(violationsOf([...writes, r("s", "b", 2, 3, { key: "k", version: 42 }), r("s", "b", 4, 5, { key: "k", version: 42 })])).toEqual([]);
    expect(violationsOf([...writes, r("s", "a", 2, 3, { key: "k", version: 38 }), r("s", "b", 4, 5, { key: "k", version: 42 })])).toEqual([]);
    expect(violationsOf([...writes, r("s", "b", 2, 4, { key: "k", version: 42 }), r("s", "a", 4, 5, { key: "k", version: 38 })])).toEqual([]);
    expect(violationsOf([...writes, r("s", "b", 2, 3, { key: "k", version: 42 }), r("t", "a", 4, 5, { key: "k", version: 38 })])).toEqual([]);
  });
});

describe("monotonic writes", () => {
  const first = w("s", "draft", 0, 1, { id: "first", key: "doc", version: 1 });
  const second = w("s", "final", 2, 3, { id: "second", key: "doc", version: 2 });

  it("a replica that applied the session's second write before its first", () => {
    const vs = violationsOf([first, second], [{ replica: "L", writes: ["first", "second"] }, { replica: "F1", writes: ["second", "first"] }]);
    expect(summary(vs)).toEqual(["monotonic-writes s first,second @F1"]);
  });

  it("a replica that applied the second and never the first (which took effect elsewhere)", () => {
    const vs = violationsOf([first, second], [{ replica: "L", writes: ["first", "second"] }, { replica: "F2", writes: ["second"] }]);
    expect(summary(vs)).toEqual(["monotonic-writes s first,second @F2"]);
  });

  it("twin: every replica in issue order, or a first write lost everywhere", () => {
    expect(violationsOf([first, second], [{ replica: "L", writes: ["first", "second"] }, { replica: "F1", writes: ["first", "second"] }])).toEqual([]);
    const lost = w("s", "draft", 0, null, { id: "lost", key: "doc" });
    expect(violationsOf([lost, second], [{ replica: "L", writes: ["second"] }])).toEqual([]);
  });

  it("without apply logs, by the key's version order", () => {
    const vs = violationsOf([{ ...first, version: 2 }, { ...second, version: 1 }]);
    expect(summary(vs)).toEqual(["monotonic-writes s first,second"]);
    expect(violationsOf([first, second])).toEqual([]);
  });
});

describe("writes follow reads", () => {
  const hello = w("us", "Hello", 0, 1, { id: "hello", key: "post1", version: 1 });
  const read = r("eu", "Hello", 2, 3, { id: "saw", key: "post1", version: 1 });
  const reply = w("eu", "Hi back", 4, 5, { id: "reply", key: "post2", version: 1 });

  it("a replica that applied the reply before the Hello it answers", () => {
    const vs = violationsOf([hello, read, reply], [{ replica: "US", writes: ["hello", "reply"] }, { replica: "APAC", writes: ["reply", "hello"] }]);
    expect(summary(vs)).toEqual(["writes-follow-reads eu hello,saw,reply @APAC"]);
    expect(vs[0]!.reason).toMatch(/APAC applied the new write without the write it followed/);
  });

  it("twin: Hello first everywhere", () => {
    expect(violationsOf([hello, read, reply], [{ replica: "US", writes: ["hello", "reply"] }, { replica: "APAC", writes: ["hello", "reply"] }])).toEqual([]);
  });

  it("without apply logs: on one key, the new write must get a later version", () => {
    const readV3 = [w("a", 1, 0, 1, { key: "x", version: 3 }), r("b", 1, 2, 3, { key: "x", version: 3 })];
    expect(summary(violationsOf([...readV3, w("b", 2, 4, 5, { id: "late", key: "x", version: 2 })]))).toEqual([expect.stringMatching(/^writes-follow-reads b .*,late$/)]);
    expect(violationsOf([...readV3, w("b", 2, 4, 5, { key: "x", version: 4 })])).toEqual([]);
  });
});

describe("session guarantees: bad input is named", () => {
  it("a read of a version nobody wrote, two writes with one version, a log naming a read", () => {
    expect(checkSessionGuarantees([r("s", 1, 0, 1, { id: "r", key: "x", version: 5 })])).toMatchObject({ verdict: "invalid", error: { opId: "r", field: "version" } });
    expect(checkSessionGuarantees([w("s", 1, 0, 1, { key: "x", version: 1 }), w("t", 2, 0, 1, { id: "dup", key: "x", version: 1 })])).toMatchObject({ verdict: "invalid", error: { opId: "dup", field: "version" } });
    expect(checkSessionGuarantees([r("s", null, 0, 1, { id: "rd", version: 0 })], { applies: [{ replica: "F", writes: ["rd"] }] })).toMatchObject({ verdict: "invalid", error: { opId: "rd", field: "applies.F" } });
    expect(checkSessionGuarantees([r("s", null, 0, 1, { id: "nov" })])).toMatchObject({ verdict: "invalid", error: { opId: "nov", field: "version" } });
  });
});
