/** Welcome-email's checks on hand-built traces: each with a known violation and its correct twin. */
import { describe, expect, it } from "vitest";
import type { Level } from "../../../shared/level/level.js";
import { emailExactlyOnce } from "../../../shared/protocols/welcome-email/checks/email-exactly-once.js";
import { deadlineOf, emailLatency, outages } from "../../../shared/protocols/welcome-email/checks/email-latency.js";
import { emailsMatchUsers } from "../../../shared/protocols/welcome-email/checks/emails-match-users.js";
import { messagesPerSignup } from "../../../shared/protocols/welcome-email/checks/messages-per-signup.js";
import { noPhantomEmail } from "../../../shared/protocols/welcome-email/checks/no-phantom-email.js";
import type { RunRecord } from "../../../shared/sim/check.js";
import type { NewTraceEvent } from "../../../shared/sim/trace.js";
import { buildTrace, findings, note } from "../../support/trace-builder.js";

const commit = (tick: number, user: string) => note(tick, "DB", "commit", { user, outbox: false });
const email = (tick: number, user: string, key: string | null = `welcome:${user}`) => note(tick, "EMAIL", "email", { user, key });
const deduped = (tick: number, user: string) => note(tick, "EMAIL", "deduplicated", { user, key: `welcome:${user}` });
const send = (tick: number, node: string, msgId: number): NewTraceEvent => ({ tick, kind: "send", node, to: "DB", msgId, type: "insert", payload: {} });

const level = {
  faults: [
    { kind: "crash", atTick: 400, node: "EMAIL", recoverAtTick: 700 },
    { kind: "crash", atTick: 1300, node: "SVC", recoverAtTick: 1380 },
  ],
} as unknown as Level;

function record(events: NewTraceEvent[], extra: Partial<RunRecord> = {}): RunRecord {
  return { level, trace: buildTrace(events), endTick: 2000, stableWindows: [], finalStates: {}, upAtEnd: [], ...extra };
}

describe("welcome-email/email-exactly-once", () => {
  it("flags a user's second email, citing both", () => {
    const trace = buildTrace([commit(1, "u1"), email(5, "u1", null), email(9, "u1", null)]);
    expect(findings(emailExactlyOnce, trace)).toEqual([{ tick: 9, message: "u1 got a second welcome email", evidence: [1, 2] }]);
  });

  it("does not flag a retry the provider deduplicated, nor two different users", () => {
    const trace = buildTrace([commit(1, "u1"), commit(2, "u2"), email(5, "u1"), deduped(9, "u1"), email(10, "u2")]);
    expect(findings(emailExactlyOnce, trace)).toEqual([]);
  });
});

describe("welcome-email/no-phantom-email", () => {
  it("flags an email sent before the DB committed its user", () => {
    const trace = buildTrace([email(3, "u1"), commit(8, "u1")]);
    expect(findings(noPhantomEmail, trace)).toEqual([{ tick: 3, message: "u1 was emailed before the DB committed it", evidence: [0] }]);
  });

  it("flags an email for a user never committed, and accepts commit-then-email", () => {
    expect(findings(noPhantomEmail, buildTrace([commit(1, "u1"), email(3, "u2")]))).toHaveLength(1);
    expect(findings(noPhantomEmail, buildTrace([commit(1, "u1"), email(3, "u1")]))).toEqual([]);
  });
});

describe("welcome-email/email-latency", () => {
  it("adds the outages a user's wait meets to its allowance", () => {
    const spans = outages(level);
    expect(spans).toEqual([[400, 700], [1300, 1380]]);
    expect(deadlineOf(spans, 100, 300)).toBe(400);
    expect(deadlineOf(spans, 200, 300)).toBe(200 + 300 + 300);
    expect(deadlineOf(spans, 1100, 300)).toBe(1100 + 300 + 80);
    expect(deadlineOf(spans, 800, 300)).toBe(1100);
  });

  it("is missed by a user emailed late, or never", () => {
    const late = emailLatency.evaluate(record([commit(800, "u1"), email(1150, "u1")]), { withinTicks: 300 });
    expect(late).toMatchObject({ met: false, evidence: [0, 1] });
    const never = emailLatency.evaluate(record([commit(800, "u1")]), { withinTicks: 300 });
    expect(never.met).toBe(false);
    expect(never.detail).toMatch(/u1 was committed at tick 800 and emailed never/);
  });

  it("is met when the outage explains the wait, and does not judge a user committed too near the end", () => {
    expect(emailLatency.evaluate(record([commit(300, "u1"), email(710, "u1")]), { withinTicks: 300 }).met).toBe(true);
    expect(emailLatency.evaluate(record([commit(1900, "u1")]), { withinTicks: 300 }).met).toBe(true);
  });
});

describe("welcome-email/emails-match-users", () => {
  const states = (users: string[], mailbox: string[]) => ({ finalStates: { DB: { users }, EMAIL: { mailbox } } });
  it("is missed by a user never emailed, and by a duplicate", () => {
    expect(emailsMatchUsers.evaluate(record([], states(["a", "b"], ["a"])), {})).toMatchObject({ met: false, detail: "2 users, 1 emails; never emailed: b" });
    expect(emailsMatchUsers.evaluate(record([], states(["a"], ["a", "a"])), {}).met).toBe(false);
  });
  it("is met by one email per user", () => {
    expect(emailsMatchUsers.evaluate(record([], states(["a", "b"], ["b", "a"])), {}).met).toBe(true);
  });
});

describe("welcome-email/messages-per-signup", () => {
  it("counts the service's messages per committed user against the budget", () => {
    const events = [send(1, "SVC", 1), send(2, "SVC", 2), send(3, "SVC", 3), send(4, "DB", 4), commit(5, "u1"), commit(6, "u2")];
    expect(messagesPerSignup.evaluate(record(events), { max: 1.5, node: "SVC" })).toMatchObject({ met: true, detail: "SVC sent 3 messages for 2 signups (1.50 each); the budget is 1.5" });
    expect(messagesPerSignup.evaluate(record(events), { max: 1.4, node: "SVC" }).met).toBe(false);
  });
});
