/**
 * The REST API: level catalogue, leaderboards, stored results (debrief replays) and the teacher's
 * CSV export. Read-only: results are written by the game room, never posted by a client, since
 * scores must come from a server-side replay.
 *
 * Every bad parameter gets a 400 whose `error` says what to send instead; every missing thing
 * a 404 that says where to look.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import type { Level } from "../../shared/level/level.js";
import { levelSummary } from "../level-files.js";
import { workshopRoutes } from "../workshop/workshop-routes.js";
import {
  LEADERBOARD_LIMIT_MAX,
  RESULT_ID_PATTERN,
  normalizeClassCode,
  type Store,
  type StoredResult,
} from "../store/store.js";

export const LEADERBOARD_LIMIT_DEFAULT = 20;
/** Mirrors LEVEL_ID_PATTERN in shared/level/parse-level.ts (not exported there). */
const LEVEL_ID_PATTERN = /^l\d\d-[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ApiDeps {
  store: Store;
  levels: readonly Level[];
}

/** GET /api/results/:id: the replay recipe and outcome. The class code is left out on purpose. */
export type ResultView = Omit<StoredResult, "classCode">;

export function apiRoutes({ store, levels }: ApiDeps): Router {
  const levelsById = new Map(levels.map((level) => [level.id, level]));
  // Levels are immutable for the life of the process: summarise once.
  const summaries = levels.map(levelSummary);
  const router = Router();

  router.get("/api/levels", (_req, res) => {
    res.json(summaries);
  });

  router.get("/api/levels/:id", (req, res) => {
    const level = levelsById.get(req.params.id ?? "");
    if (!level) return sendError(res, 404, `No level ${JSON.stringify(req.params.id)}; GET /api/levels lists them.`);
    res.json(level);
  });

  router.get(
    "/api/leaderboards/:level",
    handleAsync(async (req, res) => {
      const levelId = req.params.level ?? "";
      if (!LEVEL_ID_PATTERN.test(levelId)) {
        return sendError(res, 400, "level must be a level id like l08-reach-consensus (see GET /api/levels).");
      }
      if (!levelsById.has(levelId)) return sendError(res, 404, `No level ${JSON.stringify(levelId)}; GET /api/levels lists them.`);
      const classCode = parseClassParam(req.query.class);
      if (classCode instanceof ParamError) return sendError(res, 400, classCode.message);
      const limit = parseLimitParam(req.query.limit);
      if (limit instanceof ParamError) return sendError(res, 400, limit.message);
      const rows = await store.leaderboard(levelId, { limit, ...(classCode === null ? {} : { classCode }) });
      res.json({
        level: levelId,
        classCode,
        rows: rows.map(({ rank, nickname, score, stars, messages, classCode: rowClass, mode, createdAt }) => ({
          rank, nickname, score, stars, messages, classCode: rowClass, mode, createdAt,
        })),
      });
    }),
  );

  router.get(
    "/api/results/:id",
    handleAsync(async (req, res) => {
      const id = req.params.id ?? "";
      if (!RESULT_ID_PATTERN.test(id)) {
        return sendError(res, 400, "id must be a result id: 16 characters of letters, digits, - and _.");
      }
      const result = await store.getResult(id);
      if (!result) return sendError(res, 404, `No result ${JSON.stringify(id)}; it may belong to another server's database.`);
      res.json(resultView(result));
    }),
  );

  router.get(
    "/api/classes/:code/export.csv",
    handleAsync(async (req, res) => {
      const classCode = normalizeClassCode(req.params.code ?? "");
      if (classCode === null) return sendError(res, 400, CLASS_CODE_RULE);
      const results = await store.resultsForClass(classCode);
      res.type("text/csv; charset=utf-8");
      res.attachment(`split-brain-${classCode}.csv`);
      res.send(resultsCsv(results));
    }),
  );

  router.use(workshopRoutes({ store }));

  router.use("/api", (req, res) => {
    sendError(res, 404, `No API endpoint ${req.method} ${req.originalUrl}; see server/http/routes.ts for the list.`);
  });

  // Express 4 needs this signature (four parameters) to treat it as the error handler.
  router.use("/api", (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    console.error("API error:", error);
    sendError(res, 500, "The server failed to answer; the error is in its log. Try again in a moment.");
  });

  return router;
}

const CLASS_CODE_RULE = "class must be a class code: 3-24 letters, digits, - or _ (case does not matter).";

class ParamError {
  constructor(readonly message: string) {}
}

/** Absent means "every class"; anything present must be a valid class code. */
function parseClassParam(raw: unknown): string | null | ParamError {
  if (raw === undefined) return null;
  const code = typeof raw === "string" ? normalizeClassCode(raw) : null;
  return code ?? new ParamError(CLASS_CODE_RULE);
}

function parseLimitParam(raw: unknown): number | ParamError {
  if (raw === undefined) return LEADERBOARD_LIMIT_DEFAULT;
  const limit = typeof raw === "string" && /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= LEADERBOARD_LIMIT_MAX)) {
    return new ParamError(`limit must be a whole number from 1 to ${LEADERBOARD_LIMIT_MAX} (default ${LEADERBOARD_LIMIT_DEFAULT}).`);
  }
  return limit;
}

function resultView(r: StoredResult): ResultView {
  const { classCode: _hidden, ...view } = r;
  return view;
}

function sendError(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}

/** Express 4 does not catch rejected promises: forward them to the error handler. */
function handleAsync(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    handler(req, res).catch(next);
  };
}

// ---- CSV (teacher export) ----

const CSV_COLUMNS: readonly { header: string; value: (r: StoredResult) => string | number | boolean | null }[] = [
  { header: "createdAt", value: (r) => r.createdAt },
  { header: "classCode", value: (r) => r.classCode },
  { header: "nickname", value: (r) => r.nickname },
  { header: "levelId", value: (r) => r.levelId },
  { header: "levelVersion", value: (r) => r.levelVersion },
  { header: "mode", value: (r) => r.mode },
  { header: "playMode", value: (r) => r.playMode },
  { header: "seatNode", value: (r) => r.seatNode },
  { header: "score", value: (r) => r.score },
  { header: "stars", value: (r) => r.stars },
  { header: "passed", value: (r) => r.passed },
  { header: "messages", value: (r) => r.messages },
  { header: "resultId", value: (r) => r.id },
];

/**
 * RFC 4180 CSV with CRLF line ends. Starts with a UTF-8 byte order mark because Excel, the
 * tool most teachers open it with, otherwise garbles accented nicknames.
 */
export function resultsCsv(results: readonly StoredResult[]): string {
  const lines = [CSV_COLUMNS.map((c) => c.header).join(",")];
  for (const r of results) lines.push(CSV_COLUMNS.map((c) => csvField(c.value(r))).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  // A cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheets: a nickname
  // like =HYPERLINK(...) would be live in the teacher's sheet. A leading ' keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
