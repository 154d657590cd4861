/**
 * The workshop report over HTTP, behind the facilitator's secret (the console link):
 * GET /api/workshops/:secret/report (JSON) and /report.csv. The secret is looked up by its
 * SHA-256 (nothing to compare, nothing to time), and each address may ask a limited number of
 * times a minute, so secrets cannot be guessed by asking.
 */
import { Router, type Request, type Response } from "express";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Store } from "../store/store.js";
import { RESUME_SECRET_PATTERN } from "../store/store.js";
import { hashSecret } from "./WorkshopRoom.js";
import { reportCsv, type WorkshopReport } from "./workshop-report.js";

export const REPORT_READS_PER_MINUTE = 60;

export function workshopRoutes({ store }: { store: Store }): Router {
  const router = Router();
  const reads = new RateLimiterMemory({ points: REPORT_READS_PER_MINUTE, duration: 60 });

  const load = async (req: Request, res: Response): Promise<WorkshopReport | null> => {
    try {
      await reads.consume(req.socket.remoteAddress ?? "unknown");
    } catch (rejection) {
      const waitSeconds = rejection instanceof RateLimiterRes ? Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) : 60;
      res.setHeader("Retry-After", String(waitSeconds));
      res.status(429).json({ error: `Too many report requests from your address: try again in ${waitSeconds} s.` });
      return null;
    }
    const secret = req.params.secret ?? "";
    if (!RESUME_SECRET_PATTERN.test(secret)) {
      res.status(400).json({ error: "The console link is not valid: its secret is 22 letters, digits, - or _." });
      return null;
    }
    const record = await store.workshop(hashSecret(secret));
    if (!record) {
      res.status(404).json({ error: "No workshop has this secret on this server: check the console link you kept." });
      return null;
    }
    return record.report as WorkshopReport;
  };

  router.get("/api/workshops/:secret/report", (req, res, next) => {
    load(req, res).then((report) => {
      if (report) res.json(report);
    }, next);
  });

  router.get("/api/workshops/:secret/report.csv", (req, res, next) => {
    load(req, res).then((report) => {
      if (!report) return;
      res.type("text/csv; charset=utf-8");
      res.attachment(`split-brain-workshop-${report.code}.csv`);
      res.send(reportCsv(report));
    }, next);
  });

  return router;
}
