/**
 * Classes: a teacher creates one and gets a class code (for students) and a teacher secret (a
 * link the teacher keeps). Students play with the code; only the secret reads the class's
 * results (its page and its CSV export), since those list result ids whose full inputs can be
 * copied.
 *
 *   POST /api/classes                 { name }  -> 201 { code, name, teacherSecret, teacherPath }
 *   GET  /api/classes/:code                     -> { code, name }   (the lobby checks a code)
 *   GET  /api/classes/:code/report    (teacher) -> ClassReport       (the class page)
 *   GET  /api/classes/:code/export.csv (teacher) -> CSV
 *
 * Teacher routes take `Authorization: Bearer <teacher secret>`.
 */
import { Router, type Request, type Response } from "express";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Level } from "../../shared/level/level.js";
import { CLASS_CODE_RULE, handleAsync, sendError } from "../http/api-answers.js";
import { CLASS_NAME_LENGTH_MAX, normalizeClassCode, type ClassRecord, type Store } from "../store/store.js";
import { classReport } from "./class-report.js";
import { resultsCsv } from "./results-csv.js";
import { TEACHER_SECRET_PATTERN, hashTeacherSecret, newClassCode, newTeacherSecret, teacherSecretMatches } from "./teacher-secret.js";

export interface ClassRoutesDeps {
  store: Store;
  levels: readonly Level[];
  /** Classes one address may create per hour (a school shares one address: leave room). */
  createsPerHour?: number;
}

export const CLASS_CREATES_PER_HOUR_DEFAULT = 30;

export function classRoutes({ store, levels, createsPerHour = CLASS_CREATES_PER_HOUR_DEFAULT }: ClassRoutesDeps): Router {
  const router = Router();
  const creates = new RateLimiterMemory({ keyPrefix: "class-create", points: createsPerHour, duration: 3600 });

  router.post(
    "/api/classes",
    handleAsync(async (req, res) => {
      const name = parseClassName((req.body as { name?: unknown } | undefined)?.name);
      if (name === null) return sendError(res, 400, `Send { "name": "..." }: the class's name, 1-${CLASS_NAME_LENGTH_MAX} characters (e.g. "3B physics").`);
      try {
        await creates.consume(req.socket.remoteAddress ?? "unknown address");
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const waitSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        res.setHeader("Retry-After", String(waitSeconds));
        return sendError(res, 429, `Too many classes created from your address: try again in ${Math.ceil(waitSeconds / 60)} min.`);
      }
      const teacherSecret = newTeacherSecret();
      // Codes are random: a collision is rare, and a few tries make a failure astronomically so.
      for (let attempt = 0; attempt < 5; attempt++) {
        const record: ClassRecord = { code: newClassCode(), name, teacherSecretHash: hashTeacherSecret(teacherSecret), createdAt: new Date().toISOString() };
        if (!(await store.createClass(record))) continue;
        res.status(201).json({ code: record.code, name, teacherSecret, teacherPath: teacherPath(record.code, teacherSecret) });
        return;
      }
      sendError(res, 503, "Could not find a free class code; try again.");
    }),
  );

  router.get(
    "/api/classes/:code",
    handleAsync(async (req, res) => {
      const found = await findClass(store, req, res);
      if (found) res.json({ code: found.code, name: found.name });
    }),
  );

  router.get(
    "/api/classes/:code/report",
    handleAsync(async (req, res) => {
      const found = await findClass(store, req, res);
      if (!found || !authorised(found, req, res)) return;
      res.set("Cache-Control", "no-store");
      res.json(classReport(found, await store.resultsForClass(found.code), levels));
    }),
  );

  router.get(
    "/api/classes/:code/export.csv",
    handleAsync(async (req, res) => {
      const found = await findClass(store, req, res);
      if (!found || !authorised(found, req, res)) return;
      res.set("Cache-Control", "no-store");
      res.type("text/csv; charset=utf-8");
      res.attachment(`split-brain-${found.code}.csv`);
      res.send(resultsCsv(await store.resultsForClass(found.code)));
    }),
  );

  return router;
}

/** The page a teacher keeps: the secret is in the fragment (#...), which browsers never send to a server. */
export function teacherPath(code: string, teacherSecret: string): string {
  return `/#class=${code}&key=${teacherSecret}`;
}

function parseClassName(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const name = raw.normalize("NFKC").replace(/\s+/g, " ").trim();
  if (name.length < 1 || name.length > CLASS_NAME_LENGTH_MAX || /[\u0000-\u001f\u007f]/.test(name)) return null;
  return name;
}

async function findClass(store: Store, req: Request, res: Response): Promise<ClassRecord | null> {
  const code = normalizeClassCode(req.params.code ?? "");
  if (code === null) {
    sendError(res, 400, `The class code ${CLASS_CODE_RULE}`);
    return null;
  }
  const found = await store.getClass(code);
  if (!found) sendError(res, 404, `There is no class ${code} on this server: check the code, or create a class from the home page.`);
  return found;
}

function authorised(record: ClassRecord, req: Request, res: Response): boolean {
  const header = req.headers.authorization ?? "";
  const secret = /^Bearer (\S+)$/.exec(header)?.[1];
  if (secret === undefined) {
    res.setHeader("WWW-Authenticate", 'Bearer realm="class"');
    sendError(res, 401, "This is the teacher's view: send Authorization: Bearer <teacher secret> (open the teacher link you were given when the class was made).");
    return false;
  }
  if (!TEACHER_SECRET_PATTERN.test(secret) || !teacherSecretMatches(secret, record.teacherSecretHash)) {
    sendError(res, 403, "That is not this class's teacher secret: use the teacher link you were given when the class was made.");
    return false;
  }
  return true;
}
