/**
 * Teammates cannot spoil the game through its input log (issue 11 item 5). Before: refused
 * actions went into the shared log whole and counted toward its one cap, so three griefers
 * posting 1 KB of junk filled it and the honest player was refused with `log-full`; the
 * facilitator's faults were exempt from the cap, a log past the store's limit stored no result
 * for anyone. Now a refused action is logged compact, each seat and the facilitator have their
 * own part of the log, fault specs with unknown keys are refused, and the results are stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "colyseus.js";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { INPUT_LOG_BYTES_MAX } from "../../server/rooms/game-session.js";
import { collect, sleep, startRoomServer, until, waitFor, type RoomServer } from "./room-helpers.js";

let rs: RoomServer;
beforeAll(async () => {
  // Floods well above a human's pace are what this test is about: the per-client limiter
  // (tested in room-hostile) is opened wide so the messages reach the game.
  rs = await startRoomServer({ rooms: { rateLimit: { burst: 10_000, perSecond: 10_000, floodFactor: 100, floodWindowMs: 3000 } } });
});
afterAll(async () => {
  await rs?.close();
});

type Reply = { seq: number | null; code?: string; message?: string };

describe("the input log of a team game", () => {
  it("three griefers flooding refused junk and a facilitator flooding bad faults leave the honest player's part alone; results are stored", async () => {
    const levelId = "l09-order-events-without-wall-clocks";
    const host = await rs.client().create(LEVEL_ROOM_NAME, { levelId, mode: "team", nickname: "honest", speed: 8, seed: 5 });
    const hostRefused = collect<Reply>(host, "refused");
    const hostAccepted = collect<Reply>(host, "accepted");
    const debriefs = collect(host, "debrief");
    const griefers: Room[] = [];
    const grieferRefused: Reply[][] = [];
    for (let i = 0; i < 3; i++) {
      const room = await rs.client().joinById(host.roomId, { nickname: `griefer${i}` });
      griefers.push(room);
      grieferRefused.push(collect<Reply>(room, "refused"));
      collect(room, "accepted");
    }
    host.send("control", { kind: "start", seq: 1 });
    await until(host, () => (host.state as any).phase === "running", 5000, "running");

    // 1 KB of junk per action, 4,200 actions each: 12 MB, all refused (no such param): more than
    // a part of the log holds (inputs or bytes), so each griefer ends with `log-full`.
    const junk = { junk: "x".repeat(900) };
    for (let batch = 0; batch < 42; batch++) {
      for (const room of griefers) for (let i = 0; i < 100; i++) room.send("act", { action: "post", params: junk, seq: batch * 100 + i });
      await sleep(20);
    }
    // The facilitator's faults: unknown keys are refused, like any malformed spec.
    let seq = 10;
    const badFaults: number[] = [];
    for (let i = 0; i < 20; i++) {
      badFaults.push(seq);
      host.send("control", { kind: "fault", fault: { kind: "crash", atTick: 0, node: "N2", recoverAtTick: 20, padding: "y".repeat(500) }, seq: seq++ });
    }
    const goodFault = seq++;
    host.send("control", { kind: "fault", fault: { kind: "pause", atTick: 0, node: "N3", durationTicks: 10 }, seq: goodFault });
    await waitFor(() => (grieferRefused.every((r) => r.length >= 4200) ? true : undefined), 60_000, "every junk action answered");
    await waitFor(() => (hostRefused.filter((r) => badFaults.includes(r.seq!)).length === 20 ? true : undefined), 10_000, "the bad faults answered");
    for (const r of hostRefused.filter((x) => badFaults.includes(x.seq!))) expect(r.message).toMatch(/padding|additional|unknown|not allowed/i);
    await waitFor(() => (hostAccepted.some((r) => r.seq === goodFault) ? true : undefined), 5000, "the good fault accepted");

    // The honest player still plays: the autopilot and an action go in (an action may break a
    // rule, that is the game), nothing of theirs is log-full.
    const autopilot = seq++;
    host.send("control", { kind: "autopilot", chore: "auto-report", on: true, seq: autopilot });
    await waitFor(() => (hostAccepted.some((r) => r.seq === autopilot) ? true : undefined), 5000, "the honest autopilot accepted");
    const report = seq++;
    host.send("act", { action: "report", params: {}, seq: report });
    await waitFor(() => ([...hostAccepted, ...hostRefused].some((r) => r.seq === report) ? true : undefined), 5000, "the honest action answered");
    expect(hostRefused.filter((r) => r.code === "log-full")).toEqual([]);
    // The griefers filled their own parts (compact refusals still count), nobody else's.
    for (const refused of grieferRefused) expect(refused.some((r) => r.code === "log-full")).toBe(true);

    const debrief = (await waitFor(() => debriefs[0], 90_000, "the end")) as { results: { node: string; resultId: string | null }[]; saveError?: string };
    expect(debrief.saveError).toBeUndefined();
    expect(debrief.results).toHaveLength(4);
    for (const result of debrief.results) {
      expect(result.resultId, `${result.node}'s result`).not.toBeNull();
      const stored = (await rs.store.getResult(result.resultId!))!;
      const inputs = stored.inputs as { node: string; action: string; params: unknown; refused?: string }[];
      expect(Buffer.byteLength(JSON.stringify(inputs))).toBeLessThan(INPUT_LOG_BYTES_MAX);
      const junkRecords = inputs.filter((input) => input.action === "post" && input.refused !== undefined);
      expect(junkRecords.length).toBeGreaterThan(1000);
      // Counted, not stored whole.
      for (const record of junkRecords) expect(record.params).toBeNull();
    }
    for (const room of [host, ...griefers]) await room.leave();
  }, 150_000);
});
