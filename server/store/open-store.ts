/**
 * Picks the Store from the environment: PostgreSQL when DATABASE_URL is set (several server
 * processes share it), otherwise an SQLite file in DATA_DIR (one process, zero set-up).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { openPostgresStore } from "./postgres-store.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { Store, StoreOptions } from "./store.js";

export const SQLITE_FILE_NAME = "split-brain.sqlite";
export const DATA_DIR_DEFAULT = "./data";

export interface StoreEnv {
  DATABASE_URL?: string;
  /** Directory of the SQLite file, or ":memory:" for a throw-away database (tests). */
  DATA_DIR?: string;
}

export async function openStore(env: StoreEnv, options: StoreOptions = {}): Promise<Store> {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) return openPostgresStore({ ...options, connectionString: databaseUrl });
  const file = sqlitePath(env);
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  return openSqliteStore({ ...options, path: file });
}

/** Where `openStore(env)` keeps the data, for the start-up log (a DATABASE_URL password is hidden). */
export function describeStore(env: StoreEnv): string {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) return `PostgreSQL at ${redactUrl(databaseUrl)}`;
  const file = sqlitePath(env);
  return file === ":memory:" ? "SQLite in memory (nothing is kept)" : `SQLite at ${file}`;
}

function sqlitePath(env: StoreEnv): string {
  const dataDir = env.DATA_DIR?.trim() || DATA_DIR_DEFAULT;
  return dataDir === ":memory:" ? dataDir : path.resolve(dataDir, SQLITE_FILE_NAME);
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(DATABASE_URL is not a URL; passed to pg as given)";
  }
}
