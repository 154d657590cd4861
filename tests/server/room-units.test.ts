/**
 * The plain classes behind the room, without sockets: join options, join codes, the rate
 * limiter, seat assignment and the game session (hand-overs recorded as $control inputs, the
 * end scored from the server's world and replayable).
 */
import { describe, expect, it } from "vitest";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { replay } from "../../shared/sim/replay.js";
import { loadLevels } from "../../server/level-files.js";
import { GameSession } from "../../server/rooms/game-session.js";
import { joinCodeInUse, JOIN_CODE_PATTERN, normalizeJoinCode, randomJoinCode, releaseJoinCode, renewJoinCode, reserveJoinCode } from "../../server/rooms/join-code.js";
import { LocalPresence } from "@colyseus/core";
import { JOIN_ERROR, parsePlayerOptions, parseRoomOptions } from "../../server/rooms/join-options.js";
import { boardSeed, weekBoard } from "../../server/rooms/board.js";
import { parseAct, parseControl } from "../../server/rooms/messages.js";
import { RateLimiter } from "../../server/rooms/rate-limiter.js";
import { SeatAssignment } from "../../server/rooms/seat-assignment.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import { TEST_CATALOG } from "../support/test-catalog.js";

const levels = loadLevels();
const l00 = levels.find((l) => l.id === "l00-hello-network")!;

describe("join options", () => {
  it("parses room options and refuses bad ones with the field named", () => {
    const now = () => new Date("2026-12-07T12:00:00Z");
    const ctx = { levels, testSpeedAllowed: false, serverSecret: "s".repeat(64), now };
    const week = weekBoard(now());
    expect(parseRoomOptions({ levelId: "l00-hello-network" }, ctx)).toMatchObject({
      ok: true,
      value: { mode: "solo", playMode: "guided", seed: boardSeed(ctx.serverSecret, week, "l00-hello-network"), speedTicks: 1, listed: false, board: week, classCode: null },
    });
    const classSeed = parseRoomOptions({ levelId: "l00-hello-network", classCode: "math-7b" }, ctx);
    const sameClass = parseRoomOptions({ levelId: "l00-hello-network", classCode: " MATH-7B " }, ctx);
    expect(classSeed.ok && sameClass.ok && classSeed.value.seed === sameClass.value.seed).toBe(true);
    expect(classSeed).toMatchObject({ ok: true, value: { board: "class-MATH-7B", classCode: "MATH-7B" } });
    // A chosen seed is on no board: it could have been rehearsed offline.
    expect(parseRoomOptions({ levelId: "l00-hello-network", seed: 7 }, ctx)).toMatchObject({ ok: true, value: { seed: 7, board: null } });
    expect(parseRoomOptions({ levelId: "l00-hello-network", classCode: "x" }, ctx)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/classCode/) } });
    expect(parseRoomOptions({}, ctx)).toMatchObject({ ok: false, error: { code: JOIN_ERROR.badOptions } });
    expect(parseRoomOptions({ levelId: "l77-nope" }, ctx)).toMatchObject({ ok: false, error: { code: JOIN_ERROR.unknownLevel } });
    expect(parseRoomOptions({ levelId: "l00-hello-network", mode: "duo" }, ctx)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/mode/) } });
    expect(parseRoomOptions({ levelId: "l00-hello-network", speed: 10 }, ctx)).toMatchObject({ ok: false, error: { code: JOIN_ERROR.forbidden } });
    expect(parseRoomOptions({ levelId: "l00-hello-network", speed: 10 }, { ...ctx, testSpeedAllowed: true })).toMatchObject({ ok: true, value: { speedTicks: 10 } });
    expect(parseRoomOptions({ levelId: "l00-hello-network", seed: -1 }, ctx).ok).toBe(false);
    expect(parseRoomOptions("junk", ctx).ok).toBe(false);
    // A typo is refused with the nearest option, not silently ignored (TypeBox, as level files).
    expect(parseRoomOptions({ levelId: "l00-hello-network", sead: 7 }, ctx)).toMatchObject({ ok: false, error: { code: JOIN_ERROR.badOptions, message: "sead is not a join option; did you mean seed?" } });
    expect(parsePlayerOptions({ nickname: "Ada", spectat: true })).toMatchObject({ ok: false, error: { message: "spectat is not a join option; did you mean spectate?" } });
    // Nested fields are named by their whole path; null means left out.
    expect(parseRoomOptions({ levelId: "l00-hello-network", playOn: { resultId: "abcdefghijklmnop" } }, ctx)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^playOn\.tick must be a whole number/) } });
    expect(parseRoomOptions({ levelId: "l00-hello-network", playOn: { resultId: "abcdefghijklmnop", tick: 3, at: 1 } }, ctx)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^playOn\.at is not a join option/) } });
    expect(parseRoomOptions({ levelId: "l00-hello-network", playOn: null, classCode: null }, ctx)).toMatchObject({ ok: true, value: { classCode: null } });
    // A creator's options hold their own player options too; a joiner's room fields are ignored.
    expect(parseRoomOptions({ levelId: "l00-hello-network", nickname: "Ada", playerId: "p".repeat(22) }, ctx).ok).toBe(true);
    expect(parsePlayerOptions({ nickname: "Ada", levelId: "l00-hello-network", mode: "team" }).ok).toBe(true);
  });

  it("checks nicknames: trimmed, 1-24 visible characters, no control characters", () => {
    expect(parsePlayerOptions({ nickname: "  Ada Lovelace " })).toMatchObject({ ok: true, value: { nickname: "Ada Lovelace", spectate: false, seat: null, classCode: null } });
    expect(parsePlayerOptions({ nickname: "🦊 fox" }).ok).toBe(true);
    for (const bad of ["", "   ", "\u200b\u200b", "a\nb", "evil\u202Eeman", "x".repeat(25), 42, undefined]) {
      expect(parsePlayerOptions({ nickname: bad }).ok, JSON.stringify(bad)).toBe(false);
    }
    expect(parsePlayerOptions({ spectate: true })).toMatchObject({ ok: true, value: { nickname: "spectator" } });
    expect(parsePlayerOptions({ nickname: "a", classCode: "x" }).ok).toBe(false);
    expect(parsePlayerOptions({ nickname: "a", seat: 3 }).ok).toBe(false);
  });
});

describe("join codes", () => {
  it("are 6 unambiguous characters, normalised from what people type, unique in presence", async () => {
    for (let i = 0; i < 100; i++) expect(randomJoinCode()).toMatch(JOIN_CODE_PATTERN);
    expect(normalizeJoinCode(" abc-23o ")).toBe(null); // O looks like 0: never in a code
    expect(normalizeJoinCode("abc2345")).toBe(null); // too long
    expect(normalizeJoinCode(" abc-234 ")).toBe("ABC234");
    const presence = new LocalPresence();
    const codes = ["AAAAAA", "AAAAAA", "BBBBBB"];
    expect(await reserveJoinCode(presence, () => codes.shift()!)).toBe("AAAAAA");
    // The second draw repeats a code in use: the next free one is taken instead.
    expect(await reserveJoinCode(presence, () => codes.shift()!)).toBe("BBBBBB");
    // Released, a code is free again; renewed, it stays taken.
    await releaseJoinCode(presence, "AAAAAA");
    expect(await joinCodeInUse(presence, "AAAAAA")).toBe(false);
    await renewJoinCode(presence, "BBBBBB");
    expect(await joinCodeInUse(presence, "BBBBBB")).toBe(true);
    expect(await reserveJoinCode(presence, () => "AAAAAA")).toBe("AAAAAA");
    presence.shutdown();
  });
});

describe("rate limiter", () => {
  it("allows a burst, then the sustained rate; disconnects a flooder", () => {
    const limiter = new RateLimiter({ burst: 5, perSecond: 10, floodFactor: 5, floodWindowMs: 3000 }, 0);
    expect(Array.from({ length: 6 }, () => limiter.take(0))).toEqual(["allow", "allow", "allow", "allow", "allow", "drop"]);
    expect(limiter.take(100)).toBe("allow"); // one token back after 100 ms
    expect(limiter.take(100)).toBe("drop");
    const flooder = new RateLimiter({ burst: 5, perSecond: 10, floodFactor: 5, floodWindowMs: 3000 }, 0);
    const decisions = Array.from({ length: 151 }, (_, i) => flooder.take(i));
    expect(decisions[149]).not.toBe("disconnect");
    expect(decisions[150]).toBe("disconnect");
  });
});

describe("messages", () => {
  it("validates act and control without throwing", () => {
    expect(parseAct({ action: "ack", params: { msgId: 1 }, seq: 3 })).toEqual({ ok: true, value: { action: "ack", params: { msgId: 1 }, seq: 3 } });
    expect(parseAct({ action: "ack", params: { n: 1n } })).toMatchObject({ ok: false, error: { code: "bad-message" } });
    expect(parseAct({ action: "ack", params: { pad: "x".repeat(2000) } })).toMatchObject({ ok: false, error: { code: "too-large" } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(parseAct({ action: "ack", params: cyclic }).ok).toBe(false);
    expect(parseControl({ kind: "autopilot", chore: "auto-ack", on: true })).toMatchObject({ ok: true });
    expect(parseControl({ kind: "nope" }).ok).toBe(false);
    // Each kind has its schema: a wrong field is named, an extra one refused, a bad seq not echoed.
    expect(parseControl({ kind: "knob", knob: "retryTicks", value: "5", seq: 2 })).toMatchObject({ ok: false, error: { seq: 2, message: expect.stringMatching(/^Send \{ kind: "knob".*\(value: must be a number/) } });
    expect(parseControl({ kind: "pause", now: true })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/now is not a field here/) } });
    expect(parseControl({ kind: "ready", ready: true, seq: -4 })).toMatchObject({ ok: false, error: { seq: null } });
    expect(parseControl({ kind: "knob", knob: "retryTicks", value: Number.NaN }).ok).toBe(false);
    expect(parseControl({ kind: "take-seat", seq: 9 })).toEqual({ ok: true, value: { kind: "take-seat", seq: 9 } });
    expect(parseAct({ action: "ack", params: [1, 2] }).ok).toBe(false);
    expect(parseAct({ action: "ack" })).toEqual({ ok: true, value: { action: "ack", params: {}, seq: null } });
  });
});

describe("seat assignment", () => {
  it("hands out free seats, honours a preference, holds and releases", () => {
    const seats = new SeatAssignment(["N1", "N2", "N3"], 2);
    expect(seats.claim("a", "ann", null, "N2")).toMatchObject({ ok: true, value: { node: "N2" } });
    expect(seats.claim("b", "bob", null, "N2")).toMatchObject({ ok: false, error: { code: JOIN_ERROR.seatTaken, message: expect.stringMatching(/N1, N3/) } });
    expect(seats.claim("b", "bob", null, null)).toMatchObject({ ok: true, value: { node: "N1" } });
    expect(seats.claim("c", "cat", null, null)).toMatchObject({ ok: false, error: { code: JOIN_ERROR.seatTaken } }); // humansMax 2
    expect(seats.hold("a")?.status).toBe("held");
    expect(seats.resume("a")?.status).toBe("human");
    expect(seats.release("a")?.status).toBe("open");
    expect(seats.claim("c", "cat", null, "N9")).toMatchObject({ ok: false, error: { code: JOIN_ERROR.badOptions } });
  });
});

describe("game session", () => {
  it("records every hand-over as a $control input, refuses reserved actions, and scores a replayable end", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const session = new GameSession({ level: l00, mode: "team", playMode: "guided", seed: 42, speedTicks: 1, listed: false }, store);
    expect(session.join("host", { nickname: "host", classCode: null, spectate: true, seat: null }).ok).toBe(true);
    expect(session.join("p1", { nickname: "pia", classCode: "CLASS-1", spectate: false, seat: "N2" }).ok).toBe(true);
    expect(session.act("p1", "ack", { msgId: 1 })).toMatchObject({ ok: false, error: { code: "not-started" } });
    expect(session.start("p1")).toMatchObject({ ok: false, error: { code: "not-facilitator" } });
    expect(session.start("host").ok).toBe(true);
    expect(session.act("p1", "$control", { controller: "bot" })).toMatchObject({ ok: false, error: { code: "reserved" } });
    expect(session.act("host", "ack", { msgId: 1 })).toMatchObject({ ok: false, error: { code: "no-seat" } });
    expect(session.setAutopilot("p1", "auto-ack", true).ok).toBe(true);
    session.advance(100);
    session.drop("p1");
    expect(session.world.nodes.N2!.controller.kind).toBe("bot");
    session.advance(50);
    session.rejoin("p1");
    expect(session.world.nodes.N2!.controller).toEqual({ kind: "human", autopilot: ["auto-ack"] });
    expect(session.setPaused("host", true).ok).toBe(true);
    expect(session.advance(10)).toBe(false);
    expect(session.act("p1", "ack", { msgId: 1 })).toMatchObject({ ok: false, error: { code: "paused" } });
    session.setPaused("host", false);
    while (!session.advance(100));
    const debrief = await session.finish("ROOM01");
    expect(debrief.results).toEqual([{ node: "N2", nickname: "pia", resultId: expect.any(String) }]);
    const stored = (await store.getResult(debrief.results[0]!.resultId!))!;
    expect(stored.classCode).toBe("CLASS-1");
    const again = replay(l00, TEST_CATALOG, 42, stored.inputs as any, "guided");
    expect(again.hash).toBe(stored.hash);
    expect(computeVerdict(again.world).score).toBe(stored.score);
    expect((stored.inputs as { action: string }[]).filter((i) => i.action === "$control").length).toBe(3);
    await store.close();
  });
});
