/**
 * The REST API: level catalogue, leaderboards, stored results (debrief replays) and classes
 * (server/classes/class-routes.ts). Read-only: results are written by the game room, never posted by a client, since
 * scores must come from a server-side replay.
 *
 * Every bad parameter gets a 400 whose `error` says what to send instead; every missing thing
 * a 404 that says where to look.
 */
import { Router, type NextFunction, type Request, type Response } from "express";
import type { Level } from "../../shared/level/level.js";
import { levelSummary } from "../level-files.js";
import { classRoutes } from "../classes/class-routes.js";
import { CLASS_CODE_RULE, handleAsync, sendError } from "./api-answers.js";
import { classBoard, weekBoard, weekEndsAt } from "../rooms/board.js";
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

/**
 * GET /api/results/:id: the replay recipe and outcome. Left out on purpose: the class code (it
 * lets anyone post under the class) and the player id (it lets anyone post as that player).
 */
export type ResultView = Omit<StoredResult, "classCode" | "playerId">;

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
    // The level as a level file the browser parses again: each variant has its own address (a
    // level need not carry them all again), and a variant's title already says what it is.
    const { variants: _variants, variant: _variant, ...answer } = level;
    res.json(answer);
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
      // A class's board, or this week's global board: games that all played the same seed.
      const now = new Date();
      const board = classCode === null ? weekBoard(now) : classBoard(classCode);
      const rows = await store.leaderboard(levelId, { board, limit });
      res.json({
        level: levelId,
        classCode,
        board,
        // When this week's board closes (a class's board never does).
        endsAt: classCode === null ? weekEndsAt(now).toISOString() : null,
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

  router.use(classRoutes({ store, levels }));

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


class ParamError {
  constructor(readonly message: string) {}
}

/** Absent means "every class"; anything present must be a valid class code. */
function parseClassParam(raw: unknown): string | null | ParamError {
  if (raw === undefined) return null;
  const code = typeof raw === "string" ? normalizeClassCode(raw) : null;
  return code ?? new ParamError(`class ${CLASS_CODE_RULE}`);
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
  const { classCode: _class, playerId: _player, ...view } = r;
  return view;
}


