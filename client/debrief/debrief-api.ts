// REST reads the debrief needs: one stored result (the replay recipe) and the full level it
// was played on. Both are untrusted JSON: every field is checked before the replay sees it.
// Failures become ApiError with plain words, like client/net/api.ts.
import { ApiError } from "../net/api.js";
import { levelErrorText, type Level } from "../../shared/level/level.js";
import { parseLevel } from "../../shared/level/parse-level.js";
import { CATALOG } from "../../shared/protocols/catalog.js";
import type { InputRecord, Mode } from "../../shared/sim/world-types.js";
import { parseInputLog } from "../../shared/view/debrief-replay.js";

const REQUEST_TIMEOUT_MS = 10_000;
export const RESULT_ID_PATTERN = /^[A-Za-z0-9_-]{16}$/;

export interface DebriefResult {
  id: string;
  levelId: string;
  levelVersion: number;
  seed: number;
  playMode: Mode;
  seatNode: string;
  nickname: string;
  inputs: InputRecord[];
  hash: string;
  score: number;
  stars: number;
  createdAt: string;
}

async function getJson(path: string, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new ApiError("unreachable", "We can't reach the game server to load this debrief. Check that it is running, then try again.", String(error));
  }
  if (response.status === 404) throw new ApiError("http", `This ${what} is not on this server: the link may be from another server, or mistyped.`, `404 ${path}`);
  if (!response.ok) throw new ApiError("http", `The game server could not send the ${what} (error ${response.status}). Try again in a moment.`, `${response.status} ${path}`);
  try {
    return await response.json();
  } catch (error) {
    throw new ApiError("malformed", `The game server sent a ${what} we could not read.`, String(error));
  }
}

export function parseResult(raw: unknown): DebriefResult | string {
  if (typeof raw !== "object" || raw === null) return "the result is not an object";
  const r = raw as Record<string, unknown>;
  const str = (k: string): string | null => (typeof r[k] === "string" ? (r[k] as string) : null);
  const int = (k: string): number | null => (typeof r[k] === "number" && Number.isSafeInteger(r[k]) ? (r[k] as number) : null);
  const id = str("id");
  const levelId = str("levelId");
  const seatNode = str("seatNode");
  const hash = str("hash");
  const levelVersion = int("levelVersion");
  const seed = int("seed");
  if (!id || !levelId || !seatNode || !hash || levelVersion === null || seed === null) return "the result lacks id, levelId, levelVersion, seed, seatNode or hash";
  const playMode = r.playMode === "free" ? "free" : r.playMode === "guided" ? "guided" : null;
  if (!playMode) return 'playMode must be "guided" or "free"';
  const inputs = parseInputLog(r.inputs);
  if (!inputs.ok) return inputs.error;
  return {
    id,
    levelId,
    levelVersion,
    seed,
    playMode,
    seatNode,
    nickname: str("nickname") ?? "",
    inputs: inputs.value,
    hash,
    score: int("score") ?? 0,
    stars: int("stars") ?? 0,
    createdAt: str("createdAt") ?? "",
  };
}

export async function fetchResult(resultId: string): Promise<DebriefResult> {
  if (!RESULT_ID_PATTERN.test(resultId)) throw new ApiError("http", "That debrief link is not valid: a result id is 16 letters, digits, - or _.", resultId);
  const parsed = parseResult(await getJson(`/api/results/${encodeURIComponent(resultId)}`, "game result"));
  if (typeof parsed === "string") throw new ApiError("malformed", "The stored game could not be read, so it cannot be replayed.", parsed);
  return parsed;
}

export async function fetchLevel(levelId: string): Promise<Level> {
  const parsed = parseLevel(await getJson(`/api/levels/${encodeURIComponent(levelId)}`, "level"), CATALOG);
  if (!parsed.ok) throw new ApiError("malformed", `The level ${levelId} from the server is not valid here: ${levelErrorText(parsed.error)}`, levelErrorText(parsed.error));
  return parsed.value;
}
