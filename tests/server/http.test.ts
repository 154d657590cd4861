/**
 * The real server (Express + Colyseus on one port, 127.0.0.1, ephemeral port) with an in-memory
 * store and the real levels, driven with fetch: every endpoint's happy path and every 400/404.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { Room } from "@colyseus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGameServer, type RunningGameServer } from "../../server/app.js";
import { hashTeacherSecret, newTeacherSecret } from "../../server/classes/teacher-secret.js";
import { apiRoutes } from "../../server/http/routes.js";
import { weekBoard } from "../../server/rooms/board.js";
import { levelSummary, loadLevels } from "../../server/level-files.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import type { NewResult, Store, StoredResult } from "../../server/store/store.js";

const LEVEL_ID = "l00-hello-network";
const levels = loadLevels();
const staticDir = mkdtempSync(path.join(tmpdir(), "split-brain-static-"));
writeFileSync(path.join(staticDir, "index.html"), "<!doctype html><title>Split Brain test page</title>");
mkdirSync(path.join(staticDir, "assets"));
/** A hashed bundle, big and repetitive enough to be worth compressing, as Vite writes them. */
const BUNDLE = `export const x = ${JSON.stringify("split brain ".repeat(2000))};`;
writeFileSync(path.join(staticDir, "assets", "phaser-C831z-fk.js"), BUNDLE);

/** A do-nothing room: proves defineRooms runs before listen and Colyseus shares the port. */
class EchoRoom extends Room {
  override onCreate(): void {}
}

const THIS_WEEK = weekBoard(new Date());
const TEACHER_SECRET = newTeacherSecret();

let store: Store;
let server: RunningGameServer;
let saved: StoredResult[];

function newResult(overrides: Partial<NewResult>): NewResult {
  return {
    levelId: LEVEL_ID,
    levelVersion: 1,
    seed: 42,
    mode: "team",
    playMode: "free",
    seatNode: "n1",
    nickname: "alice",
    classCode: null,
    board: THIS_WEEK,
    playerId: null,
    inputs: [{ tick: 3, node: "n1", action: { name: "send" } }],
    hash: "abc123",
    score: 10,
    stars: 1,
    passed: true,
    messages: 5,
    verdict: { ok: true },
    ...overrides,
  };
}

beforeAll(async () => {
  store = openSqliteStore({ path: ":memory:" });
  saved = [];
  await store.createClass({ code: "MATH-7B", name: "Maths 7B", teacherSecretHash: hashTeacherSecret(TEACHER_SECRET), createdAt: new Date().toISOString() });
  saved.push(await store.saveResult(newResult({ nickname: "alice", score: 30, classCode: "MATH-7B", board: "class-MATH-7B" })));
  saved.push(await store.saveResult(newResult({ nickname: "bob", score: 20, classCode: "MATH-8A", board: "class-MATH-8A" })));
  saved.push(await store.saveResult(newResult({ nickname: "=cmd|' /C calc'!A0", score: 5, classCode: "MATH-7B", board: "class-MATH-7B" })));
  saved.push(await store.saveResult(newResult({ nickname: "carol", score: 25 })));
  // Not this week's board: last week's, and a game on a seed its creator chose (on no board).
  await store.saveResult(newResult({ nickname: "dave", score: 99, board: `week-${Number(THIS_WEEK.slice(5)) - 1}` }));
  await store.saveResult(newResult({ nickname: "erin", score: 500, board: null }));
  for (let i = 0; i < 25; i++) await store.saveResult(newResult({ nickname: `filler${i}`, score: 0 }));
  server = await startGameServer({
    port: 0,
    host: "127.0.0.1",
    store,
    levels,
    staticDir,
    defineRooms: (gameServer) => {
      gameServer.define("echo", EchoRoom);
    },
  });
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

/** A GET that keeps the bytes on the wire as they came (fetch would undo the gzip). */
function rawGet(urlPath: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(server.url + urlPath, { headers }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      })
      .on("error", reject);
  });
}

async function getJson(urlPath: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(server.url + urlPath);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return { status: response.status, body: await response.json() };
}

async function expectError(urlPath: string, status: number, pattern: RegExp): Promise<void> {
  const { status: actual, body } = await getJson(urlPath);
  expect(actual, urlPath).toBe(status);
  expect((body as { error?: unknown }).error, urlPath).toMatch(pattern);
}

describe("boot", () => {
  it("listens on the real ephemeral port of 127.0.0.1", () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect((server.httpServer.address() as AddressInfo).address).toBe("127.0.0.1");
  });

  it("answers GET /health", async () => {
    expect(await getJson("/health")).toEqual({ status: 200, body: { ok: true } });
  });

  it("serves the built client, index.html at /", async () => {
    const response = await fetch(server.url + "/");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Split Brain test page");
  });

  it("serves hashed bundles gzipped and cached for a year; the page is revalidated on each load", async () => {
    const bundle = await rawGet("/assets/phaser-C831z-fk.js", { "accept-encoding": "gzip" });
    expect(bundle.status).toBe(200);
    expect(bundle.headers["content-encoding"]).toBe("gzip");
    expect(bundle.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(bundle.bytes).toBeLessThan(BUNDLE.length / 10);
    const page = await rawGet("/", { "accept-encoding": "gzip" });
    expect(page.headers["cache-control"]).toBe("no-cache");
  });

  it("hands /matchmake to Colyseus, with the rooms from defineRooms", async () => {
    const joined = await fetch(`${server.url}/matchmake/joinOrCreate/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const body = (await joined.json()) as { room?: { name?: string }; sessionId?: string };
    expect(body.room?.name).toBe("echo");
    expect(body.sessionId).toEqual(expect.any(String));
    const unknown = await fetch(`${server.url}/matchmake/joinOrCreate/nope`, { method: "POST", body: "{}" });
    expect(((await unknown.json()) as { code?: number }).code).toBe(4210);
  });

  it("answers an unknown API path with a JSON 404", async () => {
    await expectError("/api/nothing-here", 404, /No API endpoint GET \/api\/nothing-here/);
  });
});

describe("GET /api/levels", () => {
  it("lists level summaries", async () => {
    const { status, body } = await getJson("/api/levels");
    expect(status).toBe(200);
    expect(body).toEqual(JSON.parse(JSON.stringify(levels.map(levelSummary))));
    expect(body).toContainEqual(expect.objectContaining({ id: LEVEL_ID }));
  });

  it("returns one full level", async () => {
    const { status, body } = await getJson(`/api/levels/${LEVEL_ID}`);
    expect(status).toBe(200);
    expect(body).toEqual(JSON.parse(JSON.stringify(levels.find((l) => l.id === LEVEL_ID))));
  });

  it("404s an unknown level", async () => {
    await expectError("/api/levels/l99-nowhere", 404, /No level "l99-nowhere".*GET \/api\/levels/);
    await expectError("/api/levels/__proto__", 404, /No level/);
  });
});

describe("GET /api/leaderboards/:level", () => {
  const base = `/api/leaderboards/${LEVEL_ID}`;

  it("ranks this week's board, best result per player, 20 rows by default", async () => {
    const { status, body } = await getJson(base);
    expect(status).toBe(200);
    const board = body as { level: string; classCode: string | null; board: string; endsAt: string; rows: Record<string, unknown>[] };
    expect(board.level).toBe(LEVEL_ID);
    expect(board.classCode).toBeNull();
    expect(board.board).toBe(THIS_WEEK);
    expect(Date.parse(board.endsAt)).toBeGreaterThan(Date.now());
    expect(board.rows).toHaveLength(20);
    expect(board.rows[0]).toEqual({
      rank: 1,
      nickname: "carol",
      score: 25,
      stars: 1,
      messages: 5,
      classCode: null,
      mode: "team",
      createdAt: saved[3]?.createdAt,
    });
    expect(board.rows.map((r) => r.rank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Last week's game, and a game on a chosen seed, are not on this week's board.
    expect(board.rows.map((r) => r.nickname)).not.toContain("dave");
    expect(board.rows.map((r) => r.nickname)).not.toContain("erin");
  });

  it("shows a class's board (its fixed seed) for a class code in any case", async () => {
    const { status, body } = await getJson(`${base}?class=%20math-7b`);
    expect(status).toBe(200);
    const board = body as { classCode: string; board: string; endsAt: null; rows: { nickname: string }[] };
    expect(board.classCode).toBe("MATH-7B");
    expect(board).toMatchObject({ board: "class-MATH-7B", endsAt: null });
    expect(board.rows.map((r) => r.nickname)).toEqual(["alice", "=cmd|' /C calc'!A0"]);
  });

  it("honours limit from 1 to 100", async () => {
    expect(((await getJson(`${base}?limit=1`)).body as { rows: unknown[] }).rows).toHaveLength(1);
    expect(((await getJson(`${base}?limit=100`)).body as { rows: unknown[] }).rows).toHaveLength(26);
  });

  it("400s a bad limit and says what to send", async () => {
    for (const limit of ["0", "101", "-1", "1.5", "abc", "", "1e2", "99999"]) {
      await expectError(`${base}?limit=${limit}`, 400, /limit must be a whole number from 1 to 100/);
    }
    await expectError(`${base}?limit=1&limit=2`, 400, /limit must be/);
  });

  it("400s a bad class code and says what to send", async () => {
    for (const code of ["", "ab", "x".repeat(25), "has%20space", "semi;colon"]) {
      await expectError(`${base}?class=${code}`, 400, /class must be a class code: 3-24 letters/);
    }
    await expectError(`${base}?class=MATH-7B&class=MATH-8A`, 400, /class must be/);
  });

  it("400s a malformed level id and 404s an unknown one", async () => {
    await expectError("/api/leaderboards/Not_A_Level", 400, /level must be a level id like l08-reach-consensus/);
    await expectError("/api/leaderboards/l99-missing", 404, /No level "l99-missing"/);
  });
});

describe("GET /api/results/:id", () => {
  it("returns the replay recipe and outcome, without the class code or the player id", async () => {
    const result = saved[0]!;
    const { status, body } = await getJson(`/api/results/${result.id}`);
    expect(status).toBe(200);
    const { classCode: _classCode, playerId: _playerId, ...expected } = result;
    expect(body).toEqual(expected);
  });

  it("400s a malformed id and 404s an unknown one", async () => {
    await expectError("/api/results/short", 400, /id must be a result id: 16 characters/);
    await expectError("/api/results/AAAAAAAAAAAAAAAA", 404, /No result "AAAAAAAAAAAAAAAA"/);
  });
});

describe("classes", () => {
  const teacher = { authorization: `Bearer ${TEACHER_SECRET}` };

  it("downloads every result of the class as CSV for its teacher, formulas defused", async () => {
    const response = await fetch(`${server.url}/api/classes/math-7b/export.csv`, { headers: teacher });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="split-brain-MATH-7B.csv"');
    const lines = (await response.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toMatch(/^createdAt,classCode,student,nickname,levelId,levelVersion,board,seed,/);
    expect(lines).toHaveLength(4); // header, two results, final empty line
    expect(lines[1]).toMatch(/,MATH-7B,[A-Za-z0-9_-]{8},alice,/);
    expect(lines[2]).toContain(",'=cmd|' /C calc'!A0,");
    expect(lines[3]).toBe("");
  });

  it("refuses the export and the report without the teacher secret, or with another", async () => {
    for (const path of ["/api/classes/MATH-7B/export.csv", "/api/classes/MATH-7B/report"]) {
      const none = await fetch(server.url + path);
      expect(none.status, path).toBe(401);
      expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(((await none.json()) as { error: string }).error).toMatch(/teacher/);
      const wrong = await fetch(server.url + path, { headers: { authorization: `Bearer ${newTeacherSecret()}` } });
      expect(wrong.status, path).toBe(403);
      const junk = await fetch(server.url + path, { headers: { authorization: "Bearer x" } });
      expect(junk.status, path).toBe(403);
    }
  });

  it("creates a class with a code and a teacher link, and the link reads its report", async () => {
    const response = await fetch(`${server.url}/api/classes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "  3B   physics " }) });
    expect(response.status).toBe(201);
    const made = (await response.json()) as { code: string; name: string; teacherSecret: string; teacherPath: string };
    expect(made.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(made.name).toBe("3B physics");
    expect(made.teacherPath).toBe(`/#class=${made.code}&key=${made.teacherSecret}`);
    expect(await getJson(`/api/classes/${made.code.toLowerCase()}`)).toEqual({ status: 200, body: { code: made.code, name: "3B physics" } });
    const report = await fetch(`${server.url}/api/classes/${made.code}/report`, { headers: { authorization: `Bearer ${made.teacherSecret}` } });
    expect(report.status).toBe(200);
    expect(await report.json()).toMatchObject({ code: made.code, name: "3B physics", students: [], levels: [] });
    // The store keeps only the hash of the secret.
    expect((await store.getClass(made.code))?.teacherSecretHash).toBe(hashTeacherSecret(made.teacherSecret));
  });

  it("reports students by levels and the mistakes the class made", async () => {
    const response = await fetch(`${server.url}/api/classes/MATH-7B/report`, { headers: teacher });
    const report = (await response.json()) as { students: { nickname: string; cells: Record<string, { bestScore: number; bestResultId: string }> }[]; levels: { levelId: string; games: number }[] };
    expect(report.students.map((s) => s.nickname)).toEqual(["=cmd|' /C calc'!A0", "alice"]);
    expect(report.students[1]!.cells[LEVEL_ID]).toMatchObject({ bestScore: 30, bestResultId: saved[0]!.id });
    expect(report.levels).toEqual([expect.objectContaining({ levelId: LEVEL_ID, games: 2 })]);
  });

  it("400s a bad class code or name, 404s an unknown class", async () => {
    await expectError("/api/classes/x/export.csv", 400, /class code must be a class code/);
    await expectError("/api/classes/NOPE42", 404, /no class NOPE42/);
    for (const body of ["{}", JSON.stringify({ name: "" }), JSON.stringify({ name: "x".repeat(61) }), JSON.stringify({ name: 5 }), JSON.stringify({ name: "a\u0007b" })]) {
      const response = await fetch(`${server.url}/api/classes`, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/name/);
    }
  });
});

describe("API errors", () => {
  it("answers a failing store with a JSON 500 that says to retry", async () => {
    const broken = (): Promise<never> => Promise.reject(new Error("disk on fire"));
    const failing: Store = {
      saveResult: broken,
      finishGame: broken,
      gameFinished: broken,
      getResult: broken,
      leaderboard: broken,
      resultsForClass: broken,
      createClass: broken,
      getClass: broken,
      serverSecret: broken,
      allResults: broken,
      saveLiveGame: broken,
      liveGames: broken,
      deleteLiveGame: broken,
      heartbeat: broken,
      retireProcess: broken,
      liveProcesses: broken,
      orphanedLiveGames: broken,
      claimLiveGame: broken,
      saveLiveRoom: broken,
      orphanedLiveRooms: broken,
      claimLiveRoom: broken,
      deleteLiveRoom: broken,
      saveWorkshop: broken,
      workshop: broken,
      close: async () => undefined,
    };
    const app = express().use(apiRoutes({ store: failing, levels }));
    const plain = http.createServer(app);
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    const { port } = plain.address() as AddressInfo;
    const consoleError = console.error;
    console.error = () => undefined; // the route logs the error; keep the test output clean
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/leaderboards/${LEVEL_ID}`);
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: string }).error).toMatch(/Try again/);
    } finally {
      console.error = consoleError;
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });
});
