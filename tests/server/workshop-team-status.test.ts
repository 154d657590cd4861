/**
 * What the console reads of a team (teamStatusOf) and what only the workshop may do to it,
 * without sockets: a team of l12 whose ledger plays the "no-fencing" mistake trips the safety
 * checker, and the status lists the incident with the checker's own one-line cause; after the
 * end the result names the mistake. Seats take a workshop pass; nobody else is its facilitator.
 */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../server/level-files.js";
import { GameSession, WORKSHOP_FACILITATOR } from "../../server/rooms/game-session.js";
import { JOIN_ERROR } from "../../server/rooms/join-options.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import { newResumeSecret } from "../../server/store/store.js";
import { teamStatusOf } from "../../server/workshop/team-status.js";
import { submitInput } from "../../shared/sim/inputs.js";

const level = loadLevels().find((l) => l.id === "l12-survive-a-partition")!;
const store = openSqliteStore({ path: ":memory:" });

function team(seed: number, passes: string[] = []): GameSession {
  return new GameSession({ level, mode: "team", playMode: "guided", seed, speedTicks: 1, listed: false, workshop: { passes } }, store);
}

describe("a workshop's team", () => {
  it("lists incidents with the checker's cause, and the caught mistakes in its result", async () => {
    let caught: GameSession | null = null;
    for (let seed = 1; seed <= 20 && !caught; seed++) {
      const session = team(seed);
      expect(session.start(WORKSHOP_FACILITATOR).ok).toBe(true);
      expect(submitInput(session.world, "LEDGER", "$control", { controller: "bot", policy: "no-fencing" }).ok).toBe(true);
      expect(session.fastForward(WORKSHOP_FACILITATOR).ok).toBe(true);
      if (session.world.violations.length > 0) caught = session;
    }
    expect(caught, "no seed of 1-20 caught the no-fencing ledger").not.toBeNull();
    const session = caught!;
    const status = teamStatusOf(session, "ABC234", 0);
    const first = session.world.violations[0]!;
    expect(status.incidents[0]).toEqual({ check: first.check, atSeconds: Math.floor(first.tick / 10), cause: first.message });
    expect(status.incidents[0]!.cause.length).toBeGreaterThan(10);
    expect(status.seats.every((s) => s.bot && s.nickname === null)).toBe(true);
    expect(status.result).toBeNull();
    await session.finish("ABC234");
    const ended = teamStatusOf(session, "ABC234", 0);
    expect(ended.phase).toBe("ended");
    expect(ended.result!.mistakes.map((m) => m.check)).toContain(first.check);
    expect(ended.result!.stars).toBe(0);
  });

  it("seats take a pass; the workshop is the only facilitator", () => {
    const pass = newResumeSecret();
    const session = team(3, [pass]);
    const player = { nickname: "ana", classCode: null, spectate: false, seat: null };
    expect(session.checkJoin({ ...player, pass: null })).toMatchObject({ ok: false, error: { code: JOIN_ERROR.forbidden } });
    expect(session.checkJoin({ ...player, pass: newResumeSecret() })).toMatchObject({ ok: false, error: { code: JOIN_ERROR.forbidden } });
    expect(session.join("s1", { ...player, pass }).ok).toBe(true);
    expect(session.facilitatorId).toBe(WORKSHOP_FACILITATOR);
    expect(session.start("s1")).toMatchObject({ ok: false, error: { code: "not-facilitator" } });
    expect(session.start(WORKSHOP_FACILITATOR).ok).toBe(true);
    expect(session.fastForward("s1")).toMatchObject({ ok: false });
    // Outside a workshop nobody is "$workshop".
    const plain = new GameSession({ level, mode: "team", playMode: "guided", seed: 3, speedTicks: 1, listed: false }, store);
    plain.join("host", player);
    expect(plain.start(WORKSHOP_FACILITATOR)).toMatchObject({ ok: false, error: { code: "not-facilitator" } });
  });
});
