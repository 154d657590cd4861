/**
 * One workshop's teams over several server processes (Redis + PostgreSQL, real child processes:
 * scale-out-cluster.ts): the workshop room lives on one process, its team rooms are created
 * wherever the matchmaker places them (their set-up travels in the presence, not in a process's
 * memory), students get into their team rooms by their passes wherever those run, and the
 * console still sees every team live and pauses them all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type Room } from "colyseus.js";
import { WORKSHOP_ROOM_NAME } from "../../server/workshop/WorkshopRoom.js";
import { ClusterPlace, freePort, PG_URL, postgresProblem, reachable, REDIS_PORT, ServerProcess } from "./scale-out-cluster.js";
import { collect, command, latest, waitFor } from "./room-helpers.js";

const redisUp = await reachable(REDIS_PORT);
const pgProblem = await postgresProblem();
const missing = [!redisUp ? "no Redis at 127.0.0.1:6379" : null, pgProblem ? `no PostgreSQL at ${PG_URL} (${pgProblem})` : null].filter(Boolean).join(" and ");
const skip = missing !== "" && process.env.CI !== "true";

let place: ClusterPlace;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  if (skip) return;
  if (missing) throw new Error(`CI=true but ${missing}: the scale-out test must run in CI.`);
  place = await ClusterPlace.open();
  for (const name of ["A", "B"]) processes.push(new ServerProcess(name, await freePort(), { REDIS_URL: place.redisUrl(), DATABASE_URL: PG_URL, TEST_PG_SCHEMA: place.schema }));
  await Promise.all(processes.map((p) => p.start()));
}, 60_000);

afterAll(async () => {
  if (skip) return;
  await Promise.all(processes.map((p) => p.stop()));
  await place?.close();
});

describe.skipIf(skip)("a workshop over two processes", () => {
  it("places its team rooms on both, and the console sees and pauses them all", async () => {
    const [a, b] = processes as [ServerProcess, ServerProcess];
    const client = new Client(a.wsUrl);
    const consoleRoom = await client.create(WORKSHOP_ROOM_NAME, { levelId: "l00-hello-network", teamSize: 1, facilitate: true, seed: 3 });
    const view = latest(consoleRoom, "view");
    const replies = collect(consoleRoom, "reply");
    const code = consoleRoom.roomId;
    const names = ["ana", "ben", "cleo", "dev", "eve", "finn"];
    const students: Room[] = [];
    // Students come in through either process: the workshop is found by its code.
    for (const [i, nickname] of names.entries()) students.push(await new Client((i % 2 === 0 ? a : b).wsUrl).joinById(code, { nickname }));
    const passes = students.map((s) => collect(s, "team"));
    await waitFor(() => (view.value?.students?.length === names.length ? true : undefined), 8000, "six students");
    expect(await command(consoleRoom, replies, { kind: "start" })).toMatchObject({ ok: true });

    const teamCodes = (await Promise.all(passes.map((p, i) => waitFor(() => p[0], 8000, `${names[i]}'s team`)))).map((p) => p.code);
    const listed = await place.listings();
    const where = teamCodes.map((teamCode) => listed.find((l) => l.roomId === teamCode)?.processId);
    expect(where.every((p) => p === a.processId || p === b.processId)).toBe(true);
    expect(new Set(where).size).toBe(2);

    // Each student into their team's room with their pass, wherever it runs.
    const games = await Promise.all(students.map((_, i) => new Client(a.wsUrl).joinById(passes[i]![0].code, { nickname: names[i], pass: passes[i]![0].pass })));
    await waitFor(() => (view.value?.teams?.length === names.length && view.value.teams.every((t: any) => t.status?.phase === "running" && t.status.seats.some((s: any) => s.connected)) ? true : undefined), 15_000, "every team running with its student, as the console sees it");
    expect(await command(consoleRoom, replies, { kind: "pause", team: null })).toMatchObject({ ok: true });
    await waitFor(() => (view.value?.teams?.every((t: any) => t.status?.paused) ? true : undefined), 8000, "every team paused");
    for (const room of [consoleRoom, ...students, ...games]) await room.leave().catch(() => undefined);
  }, 90_000);
});
