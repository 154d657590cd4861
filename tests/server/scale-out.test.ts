/**
 * Several server processes on Colyseus' own scale-out (Redis presence + driver) with PostgreSQL
 * as the store, each a real child process (tests/server/scale-out-cluster.ts): bursts of creates
 * through every process, one of them with its Redis delayed by 100 ms, spread over all and
 * crash nothing; joins by code across processes; `kill -9` of a process holding team games, and
 * every player back in their game on a survivor within 10 s, each result stored once; no dead
 * process's room listed 10 s after its death; both processes restarted at once, each game
 * restored exactly once; every process keeps its Redis channel (remote creates reach it)
 * across restarts of the others.
 *
 * Without Redis at 127.0.0.1:6379 and PostgreSQL (TEST_DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432/test) this is skipped with a message, except in CI
 * (CI=true), where it fails.
 */
import { Client, type Room } from "colyseus.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LEVEL_ROOM_NAME } from "../../server/rooms/define-rooms.js";
import { ClusterPlace, createThrough, freePort, PG_URL, postgresProblem, reachable, REDIS_PORT, ServerProcess, SlowRedisProxy } from "./scale-out-cluster.js";
import { collect, until, waitFor } from "./room-helpers.js";

/** Resolves when `get` (async) gives a value, checking every 100 ms. */
async function poll<T>(get: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const startMs = Date.now();
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() - startMs > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const LEVEL_ID = "l00-hello-network";
const redisUp = await reachable(REDIS_PORT);
const pgProblem = await postgresProblem();
const missing = [!redisUp ? "no Redis at 127.0.0.1:6379" : null, pgProblem ? `no PostgreSQL at ${PG_URL} (${pgProblem})` : null].filter(Boolean).join(" and ");
const skip = missing !== "" && process.env.CI !== "true";
if (skip) console.warn(`scale-out.test.ts: SKIPPED: ${missing}. Start redis-server and PostgreSQL to test several server processes.`);

let place: ClusterPlace;
let proxy: SlowRedisProxy;
const processes: ServerProcess[] = [];

async function cluster(count: number, slowFirst = false): Promise<ServerProcess[]> {
  const started: ServerProcess[] = [];
  for (let i = 0; i < count; i++) {
    const redisUrl = slowFirst && i === 0 ? place.redisUrl(proxy.port) : place.redisUrl();
    const p = new ServerProcess(String.fromCharCode(65 + processes.length), await freePort(), { REDIS_URL: redisUrl, DATABASE_URL: PG_URL, TEST_PG_SCHEMA: place.schema });
    processes.push(p);
    started.push(p);
  }
  // The schema's migrations run under an advisory lock: starting at once is part of the test.
  await Promise.all(started.map((p) => p.start()));
  return started;
}

async function stopAll(): Promise<void> {
  await Promise.all(processes.map((p) => p.stop()));
  processes.length = 0;
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  if (skip) return;
  if (missing) throw new Error(`CI=true but ${missing}: the scale-out test must run in CI.`);
  place = await ClusterPlace.open();
  proxy = await SlowRedisProxy.start();
});

// A failed test stops its processes too: the next test's cluster must not find them running.
afterEach(async () => {
  if (!skip) await stopAll();
});

afterAll(async () => {
  if (skip) return;
  await stopAll();
  await proxy?.close();
  await place?.close();
});

describe.skipIf(skip)("several server processes on Redis and PostgreSQL", () => {
  it("spreads bursts of creates through every process over all of them, one with Redis delayed by 100 ms, and crashes none", async () => {
    const [a, b, c] = await cluster(3, true);
    const all = [a!, b!, c!];
    const ids = new Set(all.map((p) => p.processId));
    // 40 at once through one process (the one whose Redis is slow).
    proxy.delayMs = 100;
    const fromA = await Promise.all(Array.from({ length: 40 }, (_, i) => createThrough(a!, { levelId: LEVEL_ID, mode: "team", nickname: `a${i}` })));
    proxy.delayMs = 0;
    expect(proxy.delayed).toBeGreaterThan(0);
    const spreadA = countBy(fromA, (r) => r.processId);
    console.log(`scale-out: 40 creates at once through A (Redis delayed 100 ms) placed ${[...spreadA.values()].join("/")}`);
    expect([...spreadA.keys()].sort()).toEqual([...ids].sort());
    for (const n of spreadA.values()) expect(n).toBeGreaterThanOrEqual(8);
    // 20 at once through each process, the slow one slow again.
    proxy.delayMs = 100;
    const fromEach = (await Promise.all(all.map((p) => Promise.all(Array.from({ length: 20 }, (_, i) => createThrough(p, { levelId: LEVEL_ID, mode: "team", nickname: `${p.name}${i}` })))))).flat();
    proxy.delayMs = 0;
    const spreadEach = countBy(fromEach, (r) => r.processId);
    console.log(`scale-out: 20 creates at once through each of 3 processes placed ${[...spreadEach.values()].join("/")}`);
    expect([...spreadEach.keys()].sort()).toEqual([...ids].sort());
    for (const n of spreadEach.values()) expect(n).toBeGreaterThanOrEqual(10);
    // Every room got its own code, and every process is still up.
    expect(new Set([...fromA, ...fromEach].map((r) => r.roomId)).size).toBe(100);
    for (const p of all) expect(p.alive(), `${p.name} alive:\n${p.output}`).toBe(true);
    for (const p of all) expect(p.output).not.toMatch(/TypeError|uncaught/i);
    await stopAll();
  }, 120_000);

  it("joins by code across processes; kill -9 of a process holding team games: every player back within 10 s on a survivor, each result stored once, no dead room listed 10 s later", async () => {
    const [a, b] = await cluster(2);
    const byId = new Map([a!, b!].map((p) => [p.processId, p]));
    // Six team games of two players, created through A, joined through B: some land on each.
    const games: { code: string; players: { client: Client; room: Room; node: string; resume: string }[] }[] = [];
    for (let g = 0; g < 6; g++) {
      const creator = new Client(a!.wsUrl);
      const joiner = new Client(b!.wsUrl);
      const first = await creator.create(LEVEL_ROOM_NAME, { levelId: LEVEL_ID, mode: "team", nickname: `c${g}`, speed: 4 });
      const firstWelcome = collect(first, "welcome");
      const second = await joiner.joinById(first.roomId, { nickname: `j${g}` });
      const secondWelcome = collect(second, "welcome");
      expect(second.roomId).toBe(first.roomId);
      const w1 = await waitFor(() => firstWelcome[0], 10_000, "the creator's welcome");
      const w2 = await waitFor(() => secondWelcome[0], 10_000, "the joiner's welcome");
      games.push({
        code: first.roomId,
        players: [
          { client: creator, room: first, node: w1.node, resume: w1.resume },
          { client: joiner, room: second, node: w2.node, resume: w2.resume },
        ],
      });
      first.send("control", { kind: "start" });
    }
    for (const game of games) await until(game.players[1]!.room, () => (game.players[1]!.room.state as any).phase === "running", 10_000, "the game to run");
    // Every game saved, with its owner.
    await poll(async () => ((await place.pg.query("SELECT count(*)::int AS n FROM live_games WHERE owner_process IS NOT NULL")).rows[0].n === 6 ? true : undefined), 10_000, "six saved games");
    const owners = (await place.pg.query<{ room_id: string; game_id: string; owner_process: string }>("SELECT room_id, game_id, owner_process FROM live_games")).rows;
    const gameIds = new Map(owners.map((o) => [o.room_id, o.game_id]));
    const held = countBy(owners, (o) => o.owner_process);
    // The victim: the process holding the most games (the placement shares them out).
    const victimId = [...held.entries()].sort((x, y) => y[1] - x[1])[0]![0];
    const victim = byId.get(victimId)!;
    const survivor = victim === a ? b! : a!;
    const victimCodes = new Set(owners.filter((o) => o.owner_process === victimId).map((o) => o.room_id));
    expect(victimCodes.size).toBeGreaterThan(0);

    const killedAt = Date.now();
    await victim.kill();
    // No listing of the dead process 10 s after its death, watched from the moment it died.
    const delisted = poll(async () => ((await place.listings()).some((l) => l.processId === victimId) ? undefined : Date.now()), 10_000, "the dead process de-listed");
    // What room-client.ts does on an unexpected close: the reconnection token, else the
    // resume secret by join code, every second. Every player of the victim's games. Their
    // matchmaking goes to a live process, as a load balancer in front of the processes sends it
    // (the page's own origin); the WebSocket then goes where the listing says.
    const balanced = new Client(survivor.wsUrl);
    const orphans = games.filter((g) => victimCodes.has(g.code)).flatMap((g) => g.players.map((player) => ({ player, code: g.code })));
    const backAfterMs = await Promise.all(
      orphans.map(async ({ player, code }) => {
        const token = player.room.reconnectionToken;
        while (Date.now() - killedAt < 20_000) {
          try {
            const room = await balanced.reconnect(token).catch(() => balanced.joinById(code, { resume: player.resume }));
            const welcomes = collect(room, "welcome");
            const welcome = await waitFor(() => welcomes[0], 5000, "the welcome back");
            expect(welcome).toMatchObject({ node: player.node, joinCode: code });
            player.room = room;
            return Date.now() - killedAt;
          } catch {
            await sleep(1000);
          }
        }
        return Infinity;
      }),
    );
    console.log(`scale-out: ${orphans.length} players of ${victimCodes.size} games back after ${backAfterMs.map((ms) => Math.round(ms)).join(", ")} ms`);
    for (const ms of backAfterMs) expect(ms).toBeLessThan(10_000);
    // The games now run on the survivor, listed there.
    const listings = await place.listings();
    for (const code of victimCodes) expect(listings.find((l) => l.roomId === code)?.processId).toBe(survivor.processId);
    const deadListedUntil = await delisted;
    console.log(`scale-out: the dead process's rooms de-listed ${deadListedUntil - killedAt} ms after its death`);
    expect(await place.redis.hexists("roomcount", victimId)).toBe(0);

    // Every game plays to its end; each game's results are stored once: one per seat.
    for (const game of games) await until(game.players[0]!.room, () => (game.players[0]!.room.state as any)?.phase === "ended", 60_000, `the end of ${game.code}`);
    await poll(async () => ((await place.pg.query("SELECT count(*)::int AS n FROM results")).rows[0].n >= 12 ? true : undefined), 20_000, "twelve results");
    const stored = (await place.pg.query<{ game_id: string; n: number }>("SELECT game_id, count(*)::int AS n FROM results GROUP BY game_id")).rows;
    expect(stored).toHaveLength(6);
    for (const row of stored) expect(row.n).toBe(2);
    expect(new Set(stored.map((r) => r.game_id))).toEqual(new Set(gameIds.values()));
    // Ended games close on their own; a leave on a closed socket would never answer.
    for (const game of games) for (const p of game.players) if (p.room.connection.isOpen) void p.room.leave().catch(() => undefined);
    await stopAll();
  }, 180_000);

  it("both processes restarted at once: each game restored exactly once; every process still gets remote creates", async () => {
    const [a, b] = await cluster(2);
    // Eight running solo games (no players needed to keep them: a restored game waits for its player).
    const rooms: Room[] = [];
    for (let i = 0; i < 8; i++) {
      const client = new Client((i % 2 === 0 ? a! : b!).wsUrl);
      const room = await client.create(LEVEL_ROOM_NAME, { levelId: LEVEL_ID, mode: "solo", nickname: `s${i}`, speed: 1 });
      room.send("control", { kind: "start" });
      rooms.push(room);
    }
    await poll(async () => ((await place.pg.query("SELECT count(*)::int AS n FROM live_games")).rows[0].n === 8 ? true : undefined), 10_000, "eight saved games");
    const codes = new Set(rooms.map((r) => r.roomId));
    const before = countBy(await place.listings(), (l) => l.processId);
    expect(before.size).toBe(2); // the games were spread over both
    for (let round = 0; round < 2; round++) {
      const step = (what: string) => console.log(`scale-out restart round ${round}: ${what}`);
      await Promise.all([a!.stop(), b!.stop()]);
      step("both stopped");
      await Promise.all([a!.start(), b!.start()]);
      step("both started");
      const ids = new Set([a!.processId, b!.processId]);
      // Each game restored once: the two processes' counts add up, one listing each, owned once.
      await poll(async () => ((await place.listings()).filter((l) => codes.has(l.roomId)).length === 8 ? true : undefined), 10_000, "the games listed again").catch(async (error: unknown) => {
        const games = (await place.pg.query("SELECT room_id, owner_process, tick FROM live_games")).rows;
        throw new Error(`${String(error)}\nlistings: ${JSON.stringify(await place.listings())}\nsaved: ${JSON.stringify(games)}\nA ${a!.processId}:\n${a!.output}\nB ${b!.processId}:\n${b!.output}`);
      });
      expect(a!.restoredCount() + b!.restoredCount()).toBe(8);
      const listed = (await place.listings()).filter((l) => codes.has(l.roomId));
      for (const l of listed) expect(ids.has(l.processId)).toBe(true);
      const owners = (await place.pg.query<{ owner_process: string }>("SELECT owner_process FROM live_games")).rows;
      expect(owners).toHaveLength(8);
      for (const o of owners) expect(ids.has(o.owner_process)).toBe(true);
      step("restored once each");
      // Redis delivers each process's channel: it answers what another process sends there
      // (a remote create goes the same way), and creates through both land on both.
      for (const id of ids) expect(await place.processAnswers(id), `process ${id} answers on its channel`).toBe(true);
      const made = (await Promise.all([a!, b!].map((through) => Promise.all(Array.from({ length: 20 }, (_, i) => createThrough(through, { levelId: LEVEL_ID, mode: "team", nickname: `${through.name}${round}${i}` })))))).flat();
      expect(new Set(made.map((m) => m.processId))).toEqual(ids);
    }
    // (Their rooms' sockets closed at the first restart: nothing to leave.)
    await stopAll();
  }, 180_000);
});
