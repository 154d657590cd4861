/**
 * The workshop report is kept in the store (SQLite and PostgreSQL) under the hash of the
 * facilitator's secret, and survives a server restart: a workshop plays, the server stops, a
 * new server on the same database answers the console link's report and CSV.
 * PostgreSQL is skipped with a message when unreachable, except in CI, where that fails.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgresStore } from "../../server/store/postgres-store.js";
import { openSqliteStore } from "../../server/store/sqlite-store.js";
import type { Store } from "../../server/store/store.js";
import { hashSecret, WORKSHOP_ROOM_NAME } from "../../server/workshop/WorkshopRoom.js";
import { collect, startRoomServer, waitFor } from "./room-helpers.js";

const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const dirs: string[] = [];
const schemas: string[] = [];

async function pgProblem(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
const pgDown = await pgProblem();

afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  if (pgDown !== null || schemas.length === 0) return;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});

interface StoreKind {
  name: string;
  /** Opens a store on a fresh place; calling `reopen` opens the same place again. */
  fresh(): Promise<{ store: Store; reopen: () => Promise<Store> }>;
}

const sqlite: StoreKind = {
  name: "SQLite",
  fresh: async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "split-brain-workshop-"));
    dirs.push(dir);
    const file = path.join(dir, "game.db");
    return { store: openSqliteStore({ path: file }), reopen: async () => openSqliteStore({ path: file }) };
  },
};

const postgres: StoreKind = {
  name: "PostgreSQL",
  fresh: async () => {
    const schema = `sb_workshop_${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
    schemas.push(schema);
    const open = () => openPostgresStore({ connectionString: PG_URL, schema, poolSizeMax: 2 });
    return { store: await open(), reopen: open };
  },
};

const kinds = pgDown === null ? [sqlite, postgres] : [sqlite];
if (pgDown !== null) {
  if (process.env.CI === "true") {
    it("needs PostgreSQL in CI", () => {
      throw new Error(`PostgreSQL not reachable at ${PG_URL} (${pgDown}); CI must run these tests.`);
    });
  } else console.warn(`PostgreSQL not reachable at ${PG_URL}; its workshop store tests are skipped (${pgDown}).`);
}

describe.each(kinds)("workshop report in $name", (kind) => {
  it("saves, replaces and finds a record by its secret hash; refuses a malformed one", async () => {
    const { store } = await kind.fresh();
    try {
      const record = { secretHash: hashSecret("s".repeat(22)), code: "ABC234", levelId: "l00-hello-network", report: { teams: [{ team: 1, students: [{ nickname: "zoë" }] }] }, createdAt: "2026-12-07T10:00:00.000Z" };
      await store.saveWorkshop(record);
      expect(await store.workshop(record.secretHash)).toEqual(record);
      await store.saveWorkshop({ ...record, report: { teams: [] } });
      expect((await store.workshop(record.secretHash))!.report).toEqual({ teams: [] });
      expect(await store.workshop(hashSecret("t".repeat(22)))).toBeNull();
      await expect(store.saveWorkshop({ ...record, secretHash: "not-a-hash" })).rejects.toThrow(/secretHash/);
    } finally {
      await store.close();
    }
  });

  it("keeps a played workshop's report across a server restart", async () => {
    const { store, reopen } = await kind.fresh();
    let rs = await startRoomServer({ store });
    const consoleRoom = await rs.client().create(WORKSHOP_ROOM_NAME, { levelId: "l00-hello-network", teamSize: 2, facilitate: true, speed: 5 });
    const welcome = collect(consoleRoom, "welcome");
    const views = collect(consoleRoom, "view");
    const replies = collect(consoleRoom, "reply");
    const w = await waitFor(() => welcome[0], 5000, "welcome");
    const student = await rs.client().joinById(w.code, { nickname: "=HYPERLINK(\"x\")" });
    const team = collect(student, "team");
    consoleRoom.send("command", { kind: "start" });
    await waitFor(() => replies[0], 8000, "the start");
    const pass = await waitFor(() => team[0], 8000, "the team");
    const game = await rs.client().joinById(pass.code, { nickname: "=HYPERLINK(\"x\")", pass: pass.pass });
    const debrief = collect(game, "debrief");
    consoleRoom.send("command", { kind: "end", team: null });
    await waitFor(() => debrief[0], 15_000, "the debrief");
    await waitFor(() => (views.at(-1)?.phase === "ended" ? true : undefined), 10_000, "the workshop ended");
    await game.leave();
    await student.leave();
    await consoleRoom.leave();
    await rs.close();
    await store.close();

    const again = await reopen();
    rs = await startRoomServer({ store: again });
    try {
      const report = await (await fetch(`${rs.server.url}/api/workshops/${w.secret}/report`)).json();
      expect(report.code).toBe(w.code);
      expect(report.teams[0].students[0]).toMatchObject({ nickname: "=HYPERLINK(\"x\")", node: "N1" });
      expect(report.teams[0].phase).toBe("ended");
      const csv = await (await fetch(`${rs.server.url}/api/workshops/${w.secret}/report.csv`)).text();
      // A nickname that is a formula is text in the spreadsheet.
      expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    } finally {
      await rs.close();
      await again.close();
    }
  }, 60_000);
});
