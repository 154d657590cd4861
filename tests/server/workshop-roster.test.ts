/**
 * The workshop's roster without sockets: teams balanced as students come and go, a student the
 * facilitator moved stays put, names unique whatever their case, teams fixed at the start and
 * latecomers sent to the smallest team with a free seat.
 */
import { describe, expect, it } from "vitest";
import { WorkshopRoster } from "../../server/workshop/workshop-roster.js";

function names(roster: WorkshopRoster): string[][] {
  return roster.teams().map((team) => team.map((s) => s.nickname));
}

describe("WorkshopRoster", () => {
  it("balances students into teams of the chosen size, in join order", () => {
    const roster = new WorkshopRoster(3, 5);
    for (const n of ["a", "b", "c", "d", "e", "f", "g"]) expect(roster.add(`s-${n}`, n).ok).toBe(true);
    expect(names(roster)).toEqual([["a", "d", "g"], ["b", "e"], ["c", "f"]]);
    roster.remove(roster.students.find((s) => s.nickname === "g")!.id);
    roster.remove(roster.students.find((s) => s.nickname === "f")!.id);
    expect(names(roster)).toEqual([["a", "c", "e"], ["b", "d"]]);
  });

  it("keeps a moved student where the facilitator put them; refuses a full or unknown team", () => {
    const roster = new WorkshopRoster(2, 2);
    for (const n of ["a", "b", "c", "d"]) roster.add(`s-${n}`, n);
    const d = roster.students.find((s) => s.nickname === "d")!;
    expect(roster.move(d.id, 0).ok).toBe(true);
    expect(roster.teams()[0]!.map((s) => s.nickname)).toContain("d");
    expect(roster.teams().every((t) => t.length === 2)).toBe(true);
    const c = roster.students.find((s) => s.nickname === "c")!;
    expect(roster.move(c.id, 0).ok).toBe(true);
    // Team 1 now holds two moved students: a third is refused (the level has 2 seats).
    const b = roster.students.find((s) => s.nickname === "b")!;
    expect(roster.move(b.id, 0)).toMatchObject({ ok: false, error: expect.stringMatching(/full/) });
    expect(roster.move(b.id, 9)).toMatchObject({ ok: false, error: expect.stringMatching(/team must be/) });
  });

  it("refuses a name already taken in any case, and after the start sends latecomers to a free seat", () => {
    const roster = new WorkshopRoster(2, 3);
    roster.add("s1", "Ana");
    expect(roster.check("ANA")).toMatchObject({ ok: false });
    for (const n of ["b", "c"]) roster.add(`s-${n}`, n);
    roster.freeze();
    expect(names(roster)).toEqual([["Ana", "c"], ["b"]]);
    expect(roster.move(roster.students[0]!.id, 1).ok).toBe(false);
    const late = roster.add("s-d", "d");
    expect(late.ok && late.value.team).toBe(1);
    roster.add("s-e", "e");
    roster.add("s-f", "f");
    // Both teams have 3 students = every seat of the level: the next one is refused.
    expect(roster.check("g")).toMatchObject({ ok: false, error: expect.stringMatching(/Every team's seats/) });
  });
});
