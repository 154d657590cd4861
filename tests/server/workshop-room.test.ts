/**
 * The workshop over real sockets: a facilitator's console creates it, students join by code
 * (names filtered, duplicates refused), the console kicks, locks, moves, starts: each team is a
 * team room with bots in the empty seats, students go in with their seat passes (nobody gets in
 * without one), the console pauses, throws a fault at one team, ends everyone; the report and
 * its CSV come from the store, behind the secret.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "colyseus.js";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { JOIN_CODE_PATTERN } from "../../server/rooms/join-code.js";
import { JOIN_ERROR } from "../../server/rooms/join-options.js";
import { WORKSHOP_ROOM_NAME } from "../../server/workshop/WorkshopRoom.js";
import { CLOSE_KICKED } from "../../server/workshop/team-status.js";
import { collect, startRoomServer, until, waitFor, type RoomServer, joinError, latest, command } from "./room-helpers.js";

let rs: RoomServer;
beforeAll(async () => {
  rs = await startRoomServer();
});
afterAll(async () => {
  await rs?.close();
});

describe("workshop", () => {
  it("runs a two-team workshop from the console: join, kick, lock, move, start, pause, fault, end, report", async () => {
    // Refused creates say what to send.
    expect((await joinError(rs.client().create(WORKSHOP_ROOM_NAME, { levelId: "l00-hello-network", teamSize: 9, facilitate: true }))).message).toMatch(/teamSize must be at most 2/);
    expect((await joinError(rs.client().create(WORKSHOP_ROOM_NAME, { levelId: "l02-fallacy-gauntlet", teamSize: 1, facilitate: true }))).message).toMatch(/solo level/);
    expect((await joinError(rs.client().create(WORKSHOP_ROOM_NAME, { levelId: "l00-hello-network", teamSize: "2" }))).message).toMatch(/teamSize/);

    const consoleRoom = await rs.client().create(WORKSHOP_ROOM_NAME, { levelId: "l00-hello-network", teamSize: 2, facilitate: true, speed: 5, seed: 11 });
    const welcome = collect(consoleRoom, "welcome");
    const view = latest(consoleRoom, "view");
    const replies = collect(consoleRoom, "reply");
    const w = await waitFor(() => welcome[0], 5000, "the console's welcome");
    expect(w.role).toBe("console");
    expect(w.code).toMatch(JOIN_CODE_PATTERN);
    expect(w.secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const code = w.code as string;

    // Nobody else is the facilitator; a wrong secret or projector key is refused.
    expect((await joinError(rs.client().joinById(code, { facilitate: true }))).code).toBe(JOIN_ERROR.forbidden);
    expect((await joinError(rs.client().joinById(code, { secret: "A".repeat(22) }))).code).toBe(JOIN_ERROR.forbidden);
    expect((await joinError(rs.client().joinById(code, { projector: "ABCDEFGHJK" }))).code).toBe(JOIN_ERROR.forbidden);
    expect((await joinError(rs.client().joinById(code, { nickname: "al\u200Bice" }))).message).toMatch(/invisible/);
    expect((await joinError(rs.client().joinById(code, { nickname: "x", extra: 1 }))).code).toBe(JOIN_ERROR.badOptions);

    const names = ["ana", "ben", "cleo", "dev", "eve"];
    const students: Room[] = [];
    for (const nickname of names) students.push(await rs.client().joinById(code, { nickname }));
    expect((await joinError(rs.client().joinById(code, { nickname: "ANA" }))).message).toMatch(/already called/);
    const teamMessages = students.map((s) => collect(s, "team"));
    const studentViews = students.map((s) => latest(s, "view"));
    await waitFor(() => (view.value?.students?.length === 5 ? true : undefined), 5000, "five students in the console's view");
    // Balanced: 5 students in teams of 2 make 3 teams of 2, 2 and 1.
    expect(new Set(view.value.students.map((s: any) => s.team)).size).toBe(3);

    // A kick: eve's page is closed with the kicked code, she is out of the teams, her name barred.
    const eve = view.value.students.find((s: any) => s.nickname === "eve");
    const eveLeft = new Promise<number>((resolve) => students[4]!.onLeave((closeCode) => resolve(closeCode)));
    expect(await command(consoleRoom, replies, { kind: "kick", student: eve.id })).toMatchObject({ ok: true });
    expect(await eveLeft).toBe(CLOSE_KICKED);
    await waitFor(() => (view.value?.students?.length === 4 ? true : undefined), 5000, "four students left");
    expect(new Set(view.value.students.map((s: any) => s.team)).size).toBe(2);
    expect((await joinError(rs.client().joinById(code, { nickname: "Eve" }))).message).toMatch(/removed this name/);

    // Locked: a newcomer is refused; open again, then keep it locked.
    expect(await command(consoleRoom, replies, { kind: "lock", locked: true })).toMatchObject({ ok: true });
    expect((await joinError(rs.client().joinById(code, { nickname: "finn" }))).message).toMatch(/locked/);

    // Move dev into ana's team, which is then full (2 seats), so cleo is moved out by balancing.
    const ana = view.value.students.find((s: any) => s.nickname === "ana");
    const dev = view.value.students.find((s: any) => s.nickname === "dev");
    expect(await command(consoleRoom, replies, { kind: "move", student: dev.id, team: 7 })).toMatchObject({ ok: false });
    expect(await command(consoleRoom, replies, { kind: "move", student: dev.id, team: ana.team })).toMatchObject({ ok: true });
    await waitFor(() => (view.value.students.find((s: any) => s.nickname === "dev").team === ana.team ? true : undefined), 5000, "dev moved");

    // Hostile commands are refused with what to send; students cannot command.
    expect((await command(consoleRoom, replies, { kind: "explode" })).message).toMatch(/kick/);
    expect((await command(consoleRoom, replies, { kind: "pause", team: null }))).toMatchObject({ ok: false, message: expect.stringMatching(/start the workshop first/) });
    const anaReplies = collect(students[0]!, "reply");
    students[0]!.send("command", { kind: "start" });
    expect((await waitFor(() => anaReplies[0], 5000, "ana's refusal")).message).toMatch(/Only the facilitator/);

    // The start: each student gets their team's code and a seat pass.
    expect(await command(consoleRoom, replies, { kind: "start" })).toMatchObject({ ok: true, message: "2 team(s) are playing." });
    const passes = await Promise.all(teamMessages.slice(0, 4).map((m, i) => waitFor(() => m[0], 8000, `${names[i]}'s team`)));
    const teamCodes = [...new Set(passes.map((p) => p.code))];
    expect(teamCodes).toHaveLength(2);
    await waitFor(() => (studentViews[0]!.value?.phase === "running" ? true : undefined), 5000, "ana's view says running");

    // Nobody joins a workshop's team without a pass (nor with another team's... it is a seat pass).
    expect((await joinError(rs.client().joinById(teamCodes[0]!, { nickname: "mallory" }))).code).toBe(JOIN_ERROR.forbidden);
    expect((await joinError(rs.client().joinById(teamCodes[0]!, { nickname: "mallory", pass: "B".repeat(22) }))).code).toBe(JOIN_ERROR.forbidden);
    // Nor can a client create a room with a made-up workshop ticket.
    expect((await joinError(rs.client().create(LEVEL_ROOM_NAME, { levelId: "l00-hello-network", mode: "team", nickname: "x", workshopTicket: "forged" }))).code).toBe(JOIN_ERROR.badOptions);

    const games = await Promise.all(passes.map((p, i) => rs.client().joinById(p.code, { nickname: names[i], pass: p.pass })));
    for (const game of games) await until(game, () => (game.state as any).phase === "running", 8000, "a running team game");
    // Nobody in a team room is its facilitator: the console is.
    for (const game of games) expect((game.state as any).facilitator).toBe("$workshop");

    // The console sees both teams live: seats with their students, no bot where a student sits.
    await waitFor(() => (view.value?.teams?.length === 2 && view.value.teams.every((t: any) => t.status?.seats.filter((s: any) => s.connected).length === 2) ? true : undefined), 8000, "both teams seated");
    const team0 = view.value.teams[0];
    expect(team0.status.watchKey).toBeUndefined();
    // A student's view changes with the lobby, not with the teams' clocks: it is not sent again
    // with every poll (200 students got the roster every second), while the console's is.
    const anaViewsLater = collect(students[0]!, "view");
    const consoleViewsLater = collect(consoleRoom, "view");
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(consoleViewsLater.length).toBeGreaterThanOrEqual(2);
    expect(anaViewsLater).toEqual([]);
    expect(team0.status.seats.every((s: any) => s.bot === false)).toBe(true);

    // Pause team 1 only.
    expect(await command(consoleRoom, replies, { kind: "pause", team: 0 })).toMatchObject({ ok: true });
    const inTeam0 = games[passes.findIndex((p) => p.code === view.value.teams[0].code)]!;
    const inTeam1 = games[passes.findIndex((p) => p.code === view.value.teams[1].code)]!;
    await until(inTeam0, () => (inTeam0.state as any).paused === true, 5000, "team 1 paused");
    expect((inTeam1.state as any).paused).toBe(false);
    expect(await command(consoleRoom, replies, { kind: "resume", team: null })).toMatchObject({ ok: true });
    await until(inTeam0, () => (inTeam0.state as any).paused === false, 5000, "team 1 resumed");

    // A fault at team 2: its god's view lists it; a bad fault is refused with the level's words.
    expect(await command(consoleRoom, replies, { kind: "fault", team: 1, fault: { kind: "partition", atTick: 0, untilTick: 300, groups: [["N1"], ["N2"]] } })).toMatchObject({ ok: true });
    const badFault = await command(consoleRoom, replies, { kind: "fault", team: 1, fault: { kind: "meteor" } });
    expect(badFault.ok).toBe(false);
    expect(badFault.message).toMatch(/team 2/);

    // The end for everyone: both games end, every student gets a debrief, the report has them all.
    const debriefs = games.map((g) => collect(g, "debrief"));
    expect(await command(consoleRoom, replies, { kind: "end", team: null })).toMatchObject({ ok: true });
    await Promise.all(debriefs.map((d, i) => waitFor(() => d[0], 15_000, `${names[i]}'s debrief`)));
    await waitFor(() => (view.value?.phase === "ended" ? true : undefined), 10_000, "the workshop ended");

    const secret = w.secret as string;
    const report = await (await fetch(`${rs.server.url}/api/workshops/${secret}/report`)).json();
    expect(report.code).toBe(code);
    expect(report.teams).toHaveLength(2);
    expect(report.teams.flatMap((t: any) => t.students.map((s: any) => s.nickname)).sort()).toEqual(["ana", "ben", "cleo", "dev"]);
    for (const team of report.teams) {
      expect(team.phase).toBe("ended");
      expect(typeof team.stars).toBe("number");
      for (const student of team.students) expect(student.resultId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    }
    const csv = await fetch(`${rs.server.url}/api/workshops/${secret}/report.csv`);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // The byte order mark Excel needs for accented names, then the header.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.split("\r\n")[0]).toBe("workshop,levelId,team,teamCode,nickname,node,score,stars,passed,mistakes,resultId,role,against");
    expect(text.split("\r\n").filter((l) => l.includes(code))).toHaveLength(4);

    // The report is behind the secret: a wrong or malformed one gets nothing.
    expect((await fetch(`${rs.server.url}/api/workshops/${"C".repeat(22)}/report`)).status).toBe(404);
    expect((await fetch(`${rs.server.url}/api/workshops/short/report.csv`)).status).toBe(400);

    for (const g of games) await g.leave();
    for (const s of students.slice(0, 4)) await s.leave();
    await consoleRoom.leave();
  }, 90_000);

  it("plays a playlist: the same teams go from one level to the next when the console says so; the report has both", async () => {
    expect((await joinError(rs.client().create(WORKSHOP_ROOM_NAME, { levelId: "l00-hello-network", then: ["l02-fallacy-gauntlet"], teamSize: 1, facilitate: true }))).message).toMatch(/solo level/);
    expect((await joinError(rs.client().create(WORKSHOP_ROOM_NAME, { levelId: "l12-survive-a-partition", then: ["l00-hello-network"], teamSize: 3, facilitate: true }))).message).toMatch(/at most 2/);
    const consoleRoom = await rs.client().create(WORKSHOP_ROOM_NAME, { levelId: "l00-hello-network", then: ["l12-survive-a-partition"], teamSize: 2, facilitate: true, speed: 5, seed: 3 });
    const welcome = collect(consoleRoom, "welcome");
    const view = latest(consoleRoom, "view");
    const replies = collect(consoleRoom, "reply");
    const w = await waitFor(() => welcome[0], 5000, "welcome");
    const student = await rs.client().joinById(w.code, { nickname: "pia" });
    const teams = collect(student, "team");
    await waitFor(() => (view.value?.students?.length === 1 ? true : undefined), 5000, "pia in the lobby");
    expect(view.value).toMatchObject({ stage: 0, stages: 2, levelId: "l00-hello-network", nextLevel: { id: "l12-survive-a-partition" } });
    expect(await command(consoleRoom, replies, { kind: "next" })).toMatchObject({ ok: false });
    expect(await command(consoleRoom, replies, { kind: "start" })).toMatchObject({ ok: true, message: expect.stringMatching(/level 1 of 2/) });
    const first = await waitFor(() => teams[0], 8000, "the first team pass");
    expect(await command(consoleRoom, replies, { kind: "next" })).toMatchObject({ ok: false, message: expect.stringMatching(/finish this level first/) });
    expect(await command(consoleRoom, replies, { kind: "end", team: null })).toMatchObject({ ok: true });
    await waitFor(() => (view.value?.phase === "between" ? true : undefined), 15_000, "between the levels");
    expect(await command(consoleRoom, replies, { kind: "next" })).toMatchObject({ ok: true, message: expect.stringMatching(/Survive a Partition \(level 2 of 2\)/) });
    const second = await waitFor(() => teams[1], 8000, "the second team pass");
    expect(second.code).not.toBe(first.code);
    expect(second.pass).not.toBe(first.pass);
    await waitFor(() => (view.value?.levelId === "l12-survive-a-partition" && view.value.nextLevel === null ? true : undefined), 5000, "the second level in the view");
    const game = await rs.client().joinById(second.code, { nickname: "pia", pass: second.pass });
    await until(game, () => (game.state as any).phase === "running", 8000, "the second game");
    expect(await command(consoleRoom, replies, { kind: "end", team: null })).toMatchObject({ ok: true });
    await waitFor(() => (view.value?.phase === "ended" ? true : undefined), 20_000, "the end of the playlist");
    const report = await (await fetch(`${rs.server.url}/api/workshops/${w.secret}/report`)).json();
    expect(report.levels.map((l: any) => l.id)).toEqual(["l00-hello-network", "l12-survive-a-partition"]);
    expect(report.teams.map((t: any) => [t.levelId, t.team])).toEqual([["l00-hello-network", 1], ["l12-survive-a-partition", 1]]);
    const csv = await (await fetch(`${rs.server.url}/api/workshops/${w.secret}/report.csv`)).text();
    expect(csv.split("\r\n").filter((l) => l.includes("l12-survive-a-partition"))).toHaveLength(1);
    await game.leave();
    await student.leave();
    await consoleRoom.leave();
  }, 60_000);

  it("the console link takes the console back, and the projector follows the team it is shown", async () => {
    const consoleRoom = await rs.client().create(WORKSHOP_ROOM_NAME, { levelId: "l00-hello-network", teamSize: 2, facilitate: true, speed: 2 });
    const welcome = collect(consoleRoom, "welcome");
    const w = await waitFor(() => welcome[0], 5000, "welcome");
    const again = await rs.client().joinById(w.code, { secret: w.secret });
    const againWelcome = collect(again, "welcome");
    expect((await waitFor(() => againWelcome[0], 5000, "second console's welcome")).role).toBe("console");

    const projector = await rs.client().joinById(w.code, { projector: w.projectorKey.toLowerCase() });
    const projectorView = latest(projector, "view");
    const student = await rs.client().joinById(w.code, { nickname: "zoe" });
    const studentTeam = collect(student, "team");
    const replies = collect(again, "reply");
    expect(await command(again, replies, { kind: "start" })).toMatchObject({ ok: true });
    const projected = await waitFor(() => projectorView.value?.projected ?? undefined, 8000, "the projected team");
    expect(projected.team).toBe(0);
    // The projector's watch code opens the team's god's view (join code + watch key).
    const watch = projected.watch as string;
    const screen = await rs.client().joinById(watch.slice(0, 6), { spectate: true, watch: watch.slice(6) });
    await until(screen, () => (screen.state as any).phase === "running", 5000, "the projector's game");
    expect(projectorView.value.leaderboard[0].names).toEqual(["zoe"]);
    // The console steps the projected team's debrief; the projector's view carries the step.
    expect(projected.step).toBe(0);
    expect(await command(again, replies, { kind: "step", step: 2 })).toMatchObject({ ok: true });
    expect(await waitFor(() => (projectorView.value?.projected?.step === 2 ? true : undefined), 5000, "step 2 on the projector")).toBe(true);
    const refused = await command(again, replies, { kind: "step", step: -1 });
    expect(refused.ok, refused.message).toBe(false);
    expect(refused.message).toMatch(/step \{ step: 0-999 \}/);
    expect(await command(again, replies, { kind: "project", team: 0 })).toMatchObject({ ok: true });
    expect(await waitFor(() => (projectorView.value?.projected?.step === 0 ? true : undefined), 5000, "a new team starts at the whole game")).toBe(true);
    expect((await waitFor(() => studentTeam[0], 5000, "zoe's team")).code).toBe(watch.slice(0, 6));
    // A latecomer (the lobby is open) joins the team with a free seat, and takes it with a pass.
    const late = await rs.client().joinById(w.code, { nickname: "yan" });
    const lateTeam = collect(late, "team");
    const latePass = await waitFor(() => lateTeam[0], 5000, "yan's team");
    expect(latePass.code).toBe(watch.slice(0, 6));
    const lateGame = await rs.client().joinById(latePass.code, { nickname: "yan", pass: latePass.pass });
    await until(lateGame, () => [...((lateGame.state as any).seats?.values() ?? [])].some((seat: any) => seat.nickname === "yan"), 5000, "yan seated");
    // The level has two seats, both taken: the next latecomer is told so.
    expect((await joinError(rs.client().joinById(w.code, { nickname: "xia" }))).message).toMatch(/Every team's seats are taken/);
    // A student kicked after the start leaves their team's game too: the page is closed with the
    // kicked code, a bot plays the node, and the pass opens nothing any more.
    const zoeGame = await rs.client().joinById(studentTeam[0].code, { nickname: "zoe", pass: studentTeam[0].pass });
    await until(zoeGame, () => [...((zoeGame.state as any).seats?.values() ?? [])].some((seat: any) => seat.nickname === "zoe"), 5000, "zoe seated");
    const consoleView = latest(again, "view");
    const zoe = await waitFor(() => consoleView.value?.students?.find((s: any) => s.nickname === "zoe"), 5000, "zoe in the console's view");
    const zoeGameLeft = new Promise<number>((resolve) => zoeGame.onLeave((closeCode) => resolve(closeCode)));
    const zoeLeft = new Promise<number>((resolve) => student.onLeave((closeCode) => resolve(closeCode)));
    expect(await command(again, replies, { kind: "kick", student: zoe.id })).toMatchObject({ ok: true });
    expect(await zoeGameLeft).toBe(CLOSE_KICKED);
    expect(await zoeLeft).toBe(CLOSE_KICKED);
    expect((await joinError(rs.client().joinById(studentTeam[0].code, { nickname: "zoe", pass: studentTeam[0].pass }))).code).toBe(JOIN_ERROR.forbidden);
    await waitFor(() => {
      const seats = consoleView.value?.teams?.[0]?.status?.seats ?? [];
      return seats.length > 0 && seats.every((seat: any) => seat.nickname !== "zoe" || seat.bot) && seats.some((seat: any) => seat.bot) ? true : undefined;
    }, 8000, "a bot in zoe's node");

    await lateGame.leave();
    // A flood of messages closes the sender's connection, as in level rooms.
    const flooded = new Promise<number>((resolve) => late.onLeave((closeCode) => resolve(closeCode)));
    for (let i = 0; i < 100; i++) late.send("hello", { i });
    expect(await flooded).toBe(4429);
    await screen.leave();
    await projector.leave();
    await again.leave();
    await consoleRoom.leave();
  }, 30_000);
});
