/**
 * l01's debrief marks: hand-built traces with known risky spans, then real games. The correct
 * service uses the outbox once it opens, so its crash at 2:10 risks nothing; the ram-only
 * service's crash loses committed users' emails, and the debrief says how many.
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../../server/level-files.js";
import { usersAtRisk, welcomeDebrief } from "../../../shared/protocols/welcome-email/debrief.js";
import { replay } from "../../../shared/sim/replay.js";
import type { TraceEvent } from "../../../shared/sim/trace.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

const level = loadLevels().find((l) => l.id === "l01-the-welcome-email")!;
let i = 0;
const note = (tick: number, node: string, name: string, data: Record<string, unknown>): TraceEvent => ({ i: i++, tick, kind: "note", node, name, data });
const crash = (tick: number, node: string): TraceEvent => ({ i: i++, tick, kind: "crash", node });

describe("usersAtRisk", () => {
  it("counts a commit without an outbox row until the first email, and never one with a row", () => {
    const trace = [
      note(10, "DB", "commit", { user: "u1", outbox: false }),
      note(12, "DB", "commit", { user: "u2", outbox: true }),
      note(30, "EMAIL", "email", { user: "u1", key: "welcome:u1" }),
      note(40, "DB", "commit", { user: "u3", outbox: false }),
    ];
    expect(usersAtRisk(trace)).toEqual([
      { user: "u1", fromTick: 10, sentTick: 30 },
      { user: "u3", fromTick: 40, sentTick: null },
    ]);
  });

  it("ignores a user emailed before the DB committed it (nothing left to lose)", () => {
    expect(usersAtRisk([note(5, "EMAIL", "email", { user: "u1", key: null }), note(9, "DB", "commit", { user: "u1", outbox: false })])).toEqual([]);
  });
});

describe("welcomeDebrief", () => {
  it("marks a crash inside a risky span as bad and names the users it cost", () => {
    const trace = [note(10, "DB", "commit", { user: "u1", outbox: false }), note(11, "DB", "commit", { user: "u2", outbox: false }), crash(20, "SVC"), note(50, "EMAIL", "email", { user: "u2", key: null })];
    const d = welcomeDebrief(trace, level, 100, "SVC");
    expect(d.marks).toContainEqual({ node: "SVC", fromTick: 10, toTick: 100, tone: "warn", label: "up to 2 committed users' emails only in RAM" });
    expect(d.marks).toContainEqual({ node: "SVC", fromTick: 20, toTick: 20, tone: "bad", label: "crash: 2 emails only in RAM" });
    const crashCard = d.cards.find((c) => c.tick === 20)!;
    expect(crashCard.tone).toBe("bad");
    expect(crashCard.lines.join(" ")).toMatch(/1 of them never got one/);
  });

  it("on a real game: the correct service's crash risks nothing; ram-only's loses emails", () => {
    const correct = replay(level, TEST_CATALOG, 7, []).world;
    const good = welcomeDebrief(correct.trace.slice(), level, correct.tick, "SVC");
    expect(good.cards.find((c) => c.title.startsWith("SVC crashed"))!.tone).toBe("good");
    const ramOnly = replay(level, TEST_CATALOG, 7, [{ tick: 0, node: "SVC", action: "$control", params: { controller: "bot", policy: "ram-only" } }]).world;
    const bad = welcomeDebrief(ramOnly.trace.slice(), level, ramOnly.tick, "SVC");
    expect(bad.cards.find((c) => c.title.startsWith("SVC crashed"))!.tone).toBe("bad");
    expect(bad.marks.some((m) => m.tone === "bad")).toBe(true);
  });
});
