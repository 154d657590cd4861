// Typed helpers for the game server's REST API. Every failure becomes an ApiError whose
// `userMessage` is plain words a player (or a teacher at a projector) can act on.
import type { ClassReport, Leaderboard, LevelSummary, NewClass } from "./api-types.js";
import { parseClassReport, parseLeaderboard, parseLevelList, parseNewClass } from "./parse.js";

const REQUEST_TIMEOUT_MS = 8000;

export type ApiErrorKind = "unreachable" | "http" | "malformed";

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly userMessage: string,
    detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = "ApiError";
  }
}

const UNREACHABLE =
  "We can't reach the game server. Check that it is running and that you are online, then try again.";

async function getJson(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await request(path, { ...init, headers: { Accept: "application/json", ...init.headers } });
  try {
    return await response.json();
  } catch (error) {
    throw new ApiError("malformed", "The game server sent something we could not read.", String(error));
  }
}

/** A request whose failure is an ApiError with words to show; resolves only with a 2xx answer. */
async function request(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new ApiError("unreachable", UNREACHABLE, String(error));
  }
  if (!response.ok) {
    // A proxy with no server behind it answers 502/503/504: same advice as a refused connection.
    const down = response.status >= 502 && response.status <= 504;
    if (down) throw new ApiError("unreachable", UNREACHABLE, `${response.status} ${path}`);
    // The server explains a 4xx in plain words ({ error }); say that rather than a code.
    const explained = response.status < 500 ? await errorText(response) : null;
    const message = explained ?? `The game server answered with an error (${response.status}). Try again in a moment.`;
    throw new ApiError("http", message, `${response.status} ${path}`);
  }
  return response;
}

async function errorText(response: Response): Promise<string | null> {
  try {
    const body: unknown = await response.json();
    const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
    return typeof error === "string" && error.length > 0 && error.length < 300 ? error : null;
  } catch {
    return null;
  }
}

export async function fetchLevels(): Promise<LevelSummary[]> {
  const parsed = parseLevelList(await getJson("/api/levels"));
  if (!parsed) throw new ApiError("malformed", "The game server sent a level list we could not read.", "levels");
  if (parsed.rejected > 0) console.warn(`Skipped ${parsed.rejected} malformed level(s) from /api/levels`);
  return parsed.levels;
}

export interface LeaderboardQuery {
  levelId: string;
  classCode?: string;
  limit?: number;
}

export function leaderboardPath(query: LeaderboardQuery): string {
  const params = new URLSearchParams();
  const classCode = query.classCode?.trim();
  if (classCode) params.set("class", classCode);
  params.set("limit", String(query.limit ?? 20));
  return `/api/leaderboards/${encodeURIComponent(query.levelId)}?${params.toString()}`;
}

export async function fetchLeaderboard(query: LeaderboardQuery): Promise<Leaderboard> {
  const board = parseLeaderboard(await getJson(leaderboardPath(query)));
  if (!board) throw new ApiError("malformed", "The game server sent a leaderboard we could not read.", "leaderboard");
  return board;
}

/** A teacher creates a class: its code for students, and the teacher's secret (shown once). */
export async function createClass(name: string): Promise<NewClass> {
  const made = parseNewClass(
    await getJson("/api/classes", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name }) }),
  );
  if (!made) throw new ApiError("malformed", "The game server sent a class we could not read.", "class");
  return made;
}

const teacher = (secret: string): HeadersInit => ({ Authorization: `Bearer ${secret}` });

export async function fetchClassReport(code: string, teacherSecret: string): Promise<ClassReport> {
  const report = parseClassReport(await getJson(`/api/classes/${encodeURIComponent(code)}/report`, { headers: teacher(teacherSecret) }));
  if (!report) throw new ApiError("malformed", "The game server sent a class page we could not read.", "class report");
  return report;
}

/** The class's CSV export, fetched with the teacher's secret (a plain link could not send it). */
export async function fetchClassCsv(code: string, teacherSecret: string): Promise<Blob> {
  const response = await request(`/api/classes/${encodeURIComponent(code)}/export.csv`, { headers: teacher(teacherSecret) });
  return response.blob();
}

export function userMessageOf(error: unknown): string {
  return error instanceof ApiError ? error.userMessage : "Something went wrong. Try again.";
}
