/**
 * The nemesis over real sockets (issue 16 item 6): the console makes team 2 the nemesis of team
 * 1 with a fault budget; team 2's student goes into team 1's room with a nemesis pass (no seat,
 * the god's view) and throws faults: within budget they act, over budget or outside the level's
 * limits they are refused in words; hostile fault messages are refused; the node student cannot
 * throw faults, nor can anyone join with a made-up nemesis pass. The end: both teams scored in
 * the report, the nemesis' moves in the stored log with who threw them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "colyseus.js";
import { JOIN_ERROR } from "../../server/rooms/join-options.js";
import { WORKSHOP_ROOM_NAME } from "../../server/workshop/WorkshopRoom.js";
import { collect, startRoomServer, until, waitFor, type RoomServer, joinError, latest, command } from "./room-helpers.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
});
afterAll(async () => {
  await rs?.close();
});

/** Sends a control message and waits for its accepted/refused answer (matched by seq). */
async function control(room: Room, body: Record<string, unknown>, seq: number): Promise<{ ok: boolean; code?: string; message?: string }> {
  const answers: any[] = [];
  room.onMessage("accepted", (m: any) => m.seq === seq && answers.push({ ok: true }));
  room.onMessage("refused", (m: any) => m.seq === seq && answers.push({ ok: false, ...m }));
  room.send("control", { ...body, seq });
  return waitFor(() => answers[0], 5000, `the answer to ${JSON.stringify(body).slice(0, 80)}`);
}

const split = { kind: "partition", atTick: 0, untilTick: 100, groups: [["N1"], ["N2"]] };
const crash = { kind: "crash", atTick: 0, node: "N2", recoverAtTick: 50 };

describe("workshop nemesis", () => {
  it("a nemesis team plays the network of a node team within its budget, and both are scored", async () => {
    const consoleRoom = await rs.client().create(WORKSHOP_ROOM_NAME, { levelId: "l00-hello-network", teamSize: 1, facilitate: true, speed: 4, seed: 7 });
    const view = latest(consoleRoom, "view");
    const replies = collect(consoleRoom, "reply");
    const welcome = collect(consoleRoom, "welcome");
    const w = await waitFor(() => welcome[0], 5000, "the console's welcome");
    const code = w.code as string;
    const nodey = await rs.client().joinById(code, { nickname: "nodey" });
    const nemo = await rs.client().joinById(code, { nickname: "nemo" });
    const nodeyTeam = collect(nodey, "team");
    const nemoTeam = collect(nemo, "team");
    await waitFor(() => (view.value?.students?.length === 2 ? true : undefined), 5000, "two students");
    const teamOf = (name: string): number => view.value.students.find((s: any) => s.nickname === name).team;
    const [nodes, nemesis] = [teamOf("nodey"), teamOf("nemo")];
    expect(nodes).not.toBe(nemesis);

    // Pairing: checked, and only before the start.
    expect(await command(consoleRoom, replies, { kind: "nemesis", team: nemesis, against: nemesis, points: 4 })).toMatchObject({ ok: false, message: "A team cannot be its own nemesis." });
    expect(await command(consoleRoom, replies, { kind: "nemesis", team: nemesis, against: 5, points: 4 })).toMatchObject({ ok: false });
    expect((await command(consoleRoom, replies, { kind: "nemesis", team: nemesis, against: nodes, points: 1000 })).message).toMatch(/points/);
    expect(await command(consoleRoom, replies, { kind: "nemesis", team: nemesis, against: nodes, points: 4 })).toMatchObject({ ok: true, message: `Team ${nemesis + 1} is the nemesis of team ${nodes + 1}, with 4 fault points.` });
    expect(await command(consoleRoom, replies, { kind: "nemesis", team: nodes, against: nemesis, points: 4 })).toMatchObject({ ok: false });
    await waitFor(() => (view.value?.nemeses?.length === 1 ? true : undefined), 5000, "the pairing in the view");

    expect(await command(consoleRoom, replies, { kind: "start" })).toMatchObject({ ok: true, message: "2 team(s) are playing." });
    const seatPass = await waitFor(() => nodeyTeam[0], 8000, "nodey's team");
    const nemesisPass = await waitFor(() => nemoTeam[0], 8000, "nemo's team");
    // The nemesis goes to the node team's room, with a nemesis pass.
    expect(nemesisPass).toMatchObject({ code: seatPass.code, nemesis: true, against: nodes });
    expect(nemesisPass.pass).not.toBe(seatPass.pass);
    expect(await command(consoleRoom, replies, { kind: "nemesis", team: nemesis, against: null, points: 4 })).toMatchObject({ ok: false, message: "Nemesis teams are chosen before the start." });

    // A nemesis pass opens no seat, and a made-up one opens nothing.
    expect((await joinError(rs.client().joinById(seatPass.code, { nickname: "mallory", nemesis: "C".repeat(22) }))).code).toBe(JOIN_ERROR.forbidden);
    expect((await joinError(rs.client().joinById(seatPass.code, { nickname: "mallory", nemesis: nemesisPass.pass, pass: seatPass.pass }))).code).toBe(JOIN_ERROR.badOptions);
    expect((await joinError(rs.client().joinById(seatPass.code, { nickname: "mallory", nemesis: 42 }))).message).toMatch(/nemesis must be/);

    const nodeGame = await rs.client().joinById(seatPass.code, { nickname: "nodey", pass: seatPass.pass });
    const nemesisGame = await rs.client().joinById(nemesisPass.code, { nickname: "nemo", nemesis: nemesisPass.pass });
    const nemesisWelcomes = collect(nemesisGame, "welcome");
    const budgets = collect(nemesisGame, "nemesis");
    await until(nemesisGame, () => (nemesisGame.state as any).phase === "running", 8000, "the game running");
    const nw = await waitFor(() => nemesisWelcomes[0], 5000, "the nemesis' welcome");
    expect(nw).toMatchObject({ node: null, spectator: true, facilitator: false, nemesis: { points: 4, spent: 0, limits: { activeMax: 2 } } });

    // A student with a seat cannot throw faults.
    expect(await control(nodeGame, { kind: "fault", fault: split }, 1)).toMatchObject({ ok: false, code: "not-facilitator" });
    // Hostile nemesis messages: refused with what to send, nothing thrown.
    expect(await control(nemesisGame, { kind: "fault", fault: "everything" }, 2)).toMatchObject({ ok: false, code: "bad-message" });
    expect(await control(nemesisGame, { kind: "fault", fault: { kind: "partition", atTick: 0, untilTick: 100, groups: [["N1"], ["N9"]] } }, 3)).toMatchObject({ ok: false, code: "bad-params" });
    expect(await control(nemesisGame, { kind: "fault", fault: { kind: "heal", atTick: 0 } }, 4)).toMatchObject({ ok: false, code: "rule", message: expect.stringMatching(/cannot heal/) });
    expect(await control(nemesisGame, { kind: "fault", fault: { ...split, untilTick: 5000 } }, 5)).toMatchObject({ ok: false, code: "rule", message: expect.stringMatching(/Too long/) });
    expect(await control(nemesisGame, { kind: "fault", fault: { ...split, junk: "x".repeat(3000) } }, 6)).toMatchObject({ ok: false, code: "too-large" });
    expect(await control(nemesisGame, { kind: "pause" }, 7)).toMatchObject({ ok: false, code: "not-facilitator" });
    expect(await control(nemesisGame, { kind: "autopilot", chore: "x", on: true }, 8)).toMatchObject({ ok: false, code: "no-seat" });

    // Within budget: a split (3 points) acts; over budget: a crash (3 more) is refused in words.
    expect(await control(nemesisGame, { kind: "fault", fault: split }, 9)).toEqual({ ok: true });
    // The nemesis hears what the shared budget has left after every throw.
    expect(budgets.at(-1)).toEqual({ points: 4, spent: 3 });
    const over = await control(nemesisGame, { kind: "fault", fault: crash }, 10);
    expect(over).toMatchObject({ ok: false, code: "rule", message: "Over budget: a crash costs 3 points and 1 of your 4 are left." });

    // The console sees the move, with who threw it.
    await waitFor(() => (view.value?.teams?.[nodes]?.status?.nemesis?.moves?.length === 1 ? true : undefined), 8000, "the move on the console");
    expect(view.value.teams[nodes].status.nemesis).toMatchObject({ points: 4, spent: 3, moves: [{ by: "nemo", what: "split N1 | N2 for 10 s", cost: 3 }] });
    expect(view.value.teams[nemesis]).toMatchObject({ against: nodes, code: seatPass.code });

    // The end: the debrief's log has the declaration and the move; the report scores both teams.
    const debriefs = collect(nemesisGame, "debrief");
    expect(await command(consoleRoom, replies, { kind: "end", team: null })).toMatchObject({ ok: true });
    const debrief = await waitFor(() => debriefs[0], 15_000, "the nemesis' debrief");
    expect(debrief.inputs.filter((i: any) => i.node === "$nemesis" && i.refused === undefined).map((i: any) => i.params.by)).toEqual(["nemo"]);
    expect(debrief.inputs.some((i: any) => i.node === "$facilitator" && i.action === "$nemesis" && i.params.points === 4)).toBe(true);
    await waitFor(() => (view.value?.phase === "ended" ? true : undefined), 10_000, "the workshop ended");
    const report = await (await fetch(`${rs.server.url}/api/workshops/${w.secret}/report`)).json();
    const nodeRow = report.teams.find((t: any) => t.team === nodes + 1);
    const nemesisRow = report.teams.find((t: any) => t.team === nemesis + 1);
    expect(nodeRow).toMatchObject({ role: "nodes", against: null, students: [{ nickname: "nodey", node: expect.stringMatching(/^N/) }] });
    expect(nemesisRow).toMatchObject({ role: "nemesis", against: nodes + 1, stars: null, budget: { points: 4, spent: 3, moves: 1 }, students: [{ nickname: "nemo", node: null }] });
    expect(typeof nemesisRow.score).toBe("number");
    const csv = await (await fetch(`${rs.server.url}/api/workshops/${w.secret}/report.csv`)).text();
    expect(csv.split("\r\n").find((l) => l.includes(",nemo,"))).toMatch(/,nemesis,\d+$/);
    for (const room of [consoleRoom, nodey, nemo]) await room.leave().catch(() => undefined);
  }, 60_000);
});
