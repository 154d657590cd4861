/**
 * How the REST API answers: errors as { error } with words that say what to send instead, and
 * async handlers whose failures reach the API's error handler.
 */
import type { Request, RequestHandler, Response } from "express";

export const CLASS_CODE_RULE = "must be a class code: 3-24 letters, digits, - or _ (case does not matter).";

export function sendError(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}

/** Express 4 does not catch rejected promises: forward them to the error handler. */
export function handleAsync(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    handler(req, res).catch(next);
  };
}
