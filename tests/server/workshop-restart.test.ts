/**
 * "Server restarts mid-game lose nothing", for the rooms that hold games together: a workshop
 * (roster, teams, nemesis pairing, facilitator secret, projector key) and a parallel room (l02's
 * games of their own), on a real server process killed with SIGKILL mid-game and a new process
 * started on the same store (an SQLite file, and PostgreSQL). After the restart the workshop is
 * back under its code, the console comes in with its secret, the projector with its key, and
 * each student with their own rejoin secret; the workshop sends them back to their team's
 * restored game, where their pass gives them their own seat. The console still commands the
 * team rooms, and a kick after the restart still reaches the kicked student's game.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Client, type Room } from "colyseus.js";
import { WORKSHOP_ROOM_NAME } from "../../server/workshop/WorkshopRoom.js";
import { CLOSE_KICKED } from "../../server/workshop/team-status.js";
import { PARALLEL_ROOM_NAME, type ParallelView } from "../../server/rooms/ParallelRoom.js";
import { startServerChild, type ServerChild } from "./server-child.js";
import { collect, command, latest, sleep, waitFor } from "./room-helpers.js";
import { PG_URL, postgresProblem } from "./scale-out-cluster.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "split-brain-ws-restart-"));
const pgSchema = `ws_restart_${process.pid}_${Date.now()}`;
const pgProblem = await postgresProblem(PG_URL);
const children: ServerChild[] = [];
afterAll(async () => {
  for (const child of children) await child.stop();
  if (process.env.SHOW_SERVER_OUTPUT) for (const child of children) console.error(child.output().slice(-4000));
  rmSync(dataDir, { recursive: true, force: true });
  if (!pgProblem) {
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`).catch(() => undefined);
    await client.end();
  }
});

// Each test's processes stop with it: a process left running would claim the next test's rooms.
afterEach(async () => {
  for (const child of children) await child.stop();
});

async function start(env: Record<string, string>): Promise<ServerChild> {
  const child = await startServerChild(env);
  children.push(child);
  return child;
}

/** The room's next message of this type (it must come within a few seconds). */
function next(room: Room, type: string, timeoutMs = 8000): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} message from ${room.roomId}`)), timeoutMs);
    room.onMessage(type, (message: unknown) => {
      clearTimeout(timer);
      resolve(message);
    });
  });
}

function killHard(child: ServerChild): Promise<void> {
  const exited = new Promise<void>((resolve) => child.child.once("exit", () => resolve()));
  child.child.kill("SIGKILL");
  return exited;
}

/** Joins until the restored room answers (it comes back with the new process's first upkeep rounds). */
async function joinWhenBack(client: Client, code: string, options: Record<string, unknown>, what: string): Promise<Room> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await client.joinById(code, options);
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} did not get back in: ${String((error as Error).message ?? error)}`);
      await sleep(250);
    }
  }
}

const stores: { name: string; env: () => Record<string, string>; skip: boolean }[] = [
  { name: "SQLite file", env: () => ({ SQLITE_PATH: path.join(dataDir, "restart.sqlite") }), skip: false },
  { name: "PostgreSQL", env: () => ({ DATABASE_URL: PG_URL, TEST_PG_SCHEMA: pgSchema }), skip: pgProblem !== null },
];

describe.each(stores)("a server killed mid-workshop ($name)", ({ env, skip }) => {
  it.skipIf(skip)("comes back with the workshop, its console, projector, students in their own seats, and the nemesis", async () => {
    const first = await start(env());
    const c1 = new Client(first.url.replace("http", "ws"));
    // Three teams of one on l00 (two seats): team 3 plays team 1's network.
    const consoleRoom = await c1.create(WORKSHOP_ROOM_NAME, { levelId: "l00-hello-network", teamSize: 1, facilitate: true, seed: 5 });
    const consoleWelcome = await next(consoleRoom, "welcome");
    const code = consoleWelcome.code as string;
    const view = latest(consoleRoom, "view");
    const replies = collect(consoleRoom, "reply");
    const names = ["ana", "ben", "cleo"];
    const students: Room[] = [];
    const studentWelcomes: any[] = [];
    for (const nickname of names) {
      const room = await c1.joinById(code, { nickname });
      studentWelcomes.push(await next(room, "welcome"));
      students.push(room);
    }
    const teamPasses = students.map((s) => collect(s, "team"));
    await waitFor(() => (view.value?.students?.length === 3 ? true : undefined), 5000, "three students");
    const teamOf = (name: string): number => view.value.students.find((s: any) => s.nickname === name).team;
    expect(await command(consoleRoom, replies, { kind: "nemesis", team: teamOf("cleo"), against: teamOf("ana"), points: 6 })).toMatchObject({ ok: true });
    expect(await command(consoleRoom, replies, { kind: "start" })).toMatchObject({ ok: true });
    const passes = await Promise.all(teamPasses.map((t, i) => waitFor(() => t[0], 8000, `${names[i]}'s team`)));
    expect(passes[2]).toMatchObject({ nemesis: true, code: passes[0]!.code });
    // Ana and Ben take their seats; Cleo plays Ana's network.
    const anaFirst = await c1.joinById(passes[0]!.code, { nickname: "ana", pass: passes[0]!.pass });
    const anaFirstWelcome = next(anaFirst, "welcome");
    const benFirst = await c1.joinById(passes[1]!.code, { nickname: "ben", pass: passes[1]!.pass });
    const gameWelcomes = [await anaFirstWelcome, await next(benFirst, "welcome")];
    const games = [anaFirst, benFirst];
    const nemesisGame = await c1.joinById(passes[2]!.code, { nickname: "cleo", nemesis: passes[2]!.pass });
    await waitFor(() => (view.value?.teams?.length === 3 && view.value.teams.every((t: any) => t.status?.phase === "running") ? true : undefined), 10_000, "every team running");
    const before = structuredClone(view.value);
    // The games' snapshots are written each game-second; the workshop's at once.
    await sleep(1500);

    await killHard(first);
    for (const room of [consoleRoom, ...students, ...games, nemesisGame]) room.removeAllListeners();

    const second = await start(env());
    const c2 = new Client(second.url.replace("http", "ws"));
    // The console comes back with the secret from its link; the creator's own join is spent.
    const console2 = await joinWhenBack(c2, code, { secret: consoleWelcome.secret }, "the console");
    const view2 = latest(console2, "view");
    const replies2 = collect(console2, "reply");
    await expect(c2.joinById(code, { facilitate: true })).rejects.toThrow(/facilitator/);
    await waitFor(() => (view2.value?.teams?.every((t: any) => t.status?.phase === "running" && t.status.tick > before.teams[0].status.tick) ? true : undefined), 20_000, "the restored teams running on");
    expect(view2.value).toMatchObject({ code, phase: "running", locked: false, teamSize: 1, stage: 0, nemeses: before.nemeses });
    expect(view2.value.students.map((s: any) => [s.nickname, s.team, s.connected])).toEqual(before.students.map((s: any) => [s.nickname, s.team, false]));
    expect(view2.value.teams.map((t: any) => [t.code, t.against])).toEqual(before.teams.map((t: any) => [t.code, t.against]));

    const projector = await joinWhenBack(c2, code, { projector: consoleWelcome.projectorKey }, "the projector");
    const projectorView = latest(projector, "view");
    await waitFor(() => (projectorView.value?.projected?.watch?.startsWith(passes[0]!.code) ? true : undefined), 10_000, "the projector's team");
    // A name is not a way back in: only the student's own rejoin secret.
    await expect(c2.joinById(code, { nickname: "ana" })).rejects.toThrow(/already called/);
    await expect(c2.joinById(code, { rejoin: "A".repeat(22) })).rejects.toThrow(/no longer has you/);

    // Ana comes back through the workshop: same team room, same pass, and her own seat in it.
    const ana = await joinWhenBack(c2, code, { rejoin: studentWelcomes[0].rejoin }, "ana");
    const anaPass = await next(ana, "team");
    expect(anaPass).toEqual(passes[0]);
    const anaGame = await c2.joinById(anaPass.code, { nickname: "ana", pass: anaPass.pass });
    const anaGameWelcome = await next(anaGame, "welcome");
    expect(anaGameWelcome.node).toBe(gameWelcomes[0].node);
    // Ben's game page takes his seat back by itself, with its resume secret (as any game's).
    const benGame = await c2.joinById(passes[1]!.code, { resume: gameWelcomes[1].resume });
    expect((await next(benGame, "welcome")).node).toBe(gameWelcomes[1].node);
    // Cleo, the nemesis, back through the workshop into Ana's room with her nemesis pass.
    const cleo = await joinWhenBack(c2, code, { rejoin: studentWelcomes[2].rejoin }, "cleo");
    const cleoPass = await next(cleo, "team");
    expect(cleoPass).toEqual(passes[2]);
    const cleoGame = await c2.joinById(cleoPass.code, { nickname: "cleo", nemesis: cleoPass.pass });
    expect((await next(cleoGame, "welcome")).nemesis).toMatchObject({ points: 6 });
    await waitFor(() => (view2.value?.students?.filter((s: any) => s.connected).length === 2 ? true : undefined), 5000, "two students connected");

    // The console still runs the restored teams: a pause reaches them; a kick reaches Ben's game.
    expect(await command(console2, replies2, { kind: "pause", team: null })).toMatchObject({ ok: true });
    await waitFor(() => (view2.value?.teams?.every((t: any) => t.status?.paused) ? true : undefined), 5000, "every team paused");
    const benKicked = new Promise<number>((resolve) => benGame.onLeave((closeCode) => resolve(closeCode)));
    const benId = view2.value.students.find((s: any) => s.nickname === "ben").id;
    expect(await command(console2, replies2, { kind: "kick", student: benId })).toMatchObject({ ok: true });
    expect(await benKicked).toBe(CLOSE_KICKED);

    // Stopped for good (SIGTERM) the state stays; the next server would bring it back again.
    for (const room of [console2, projector, ana, anaGame, benGame, cleo, cleoGame]) room.removeAllListeners();
    await second.stop();
  }, 120_000);

  it.skipIf(skip)("comes back with a parallel room: each player back in the room beside their own game", async () => {
    const first = await start(env());
    const c1 = new Client(first.url.replace("http", "ws"));
    const hall = await c1.create(PARALLEL_ROOM_NAME, { levelId: "l02-fallacy-gauntlet", nickname: "ana" });
    const hallGame = collect<{ code: string; pass: string }>(hall, "game");
    const other = await c1.joinById(hall.roomId, { nickname: "ben" });
    const otherGame = collect<{ code: string; pass: string }>(other, "game");
    const code = hall.roomId;
    hall.send("control", { kind: "start", seq: 1 });
    const games = [await waitFor(() => hallGame[0], 8000, "ana's game"), await waitFor(() => otherGame[0], 8000, "ben's game")];
    const rooms = await Promise.all(games.map((g, i) => c1.joinById(g.code, { nickname: ["ana", "ben"][i], pass: g.pass }).then((room) => ({ room, welcome: next(room, "welcome") }))));
    const resumes = await Promise.all(rooms.map((r) => r.welcome));
    const view = latest<ParallelView>(hall, "view");
    await waitFor(() => (view.value?.phase === "running" && view.value.players.every((p) => p.game?.phase === "running") ? true : undefined), 15_000, "both games running");
    await sleep(1500);

    await killHard(first);
    for (const room of [hall, other, ...rooms.map((r) => r.room)]) room.removeAllListeners();

    const second = await start(env());
    const c2 = new Client(second.url.replace("http", "ws"));
    // Ana's page comes back to the room with her game's pass, and she is its facilitator again.
    const hall2 = await joinWhenBack(c2, code, { nickname: "ana", pass: games[0]!.pass }, "ana");
    const gameMessage = next(hall2, "game");
    const welcome = await next(hall2, "welcome");
    expect(welcome).toMatchObject({ joinCode: code, facilitator: true });
    const game2 = await gameMessage;
    expect(game2).toEqual(games[0]);
    const view2 = latest<ParallelView>(hall2, "view");
    await waitFor(() => (view2.value?.players.map((p) => p.nickname).join() === "ana,ben" && view2.value.players.every((p) => p.game?.phase === "running") ? true : undefined), 20_000, "both games back");
    // Her game takes her seat back with its resume secret.
    const anaGame = await joinWhenBack(c2, games[0]!.code, { resume: resumes[0].resume }, "ana's game");
    expect((await next(anaGame, "welcome")).node).toBe("S");
    // And the room still commands both games.
    const replies = collect<{ seq: number; ok: boolean }>(hall2, "reply");
    hall2.send("control", { kind: "pause", seq: 2 });
    expect(await waitFor(() => replies.find((r) => r.seq === 2), 8000, "the pause's reply")).toMatchObject({ ok: true });
    for (const room of [hall2, anaGame]) room.removeAllListeners();
    await second.stop();
  }, 120_000);
});
