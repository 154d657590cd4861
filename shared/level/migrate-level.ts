/**
 * Level files are versioned data. `format` is the file format; each step below upgrades one
 * format to the next, so a file written for any older format still loads. Format 1 is the first.
 */
import { err, ok, type Result } from "../base/result.js";
import { LEVEL_FORMAT, type LevelError } from "./level.js";

type Raw = Record<string, unknown>;

/** MIGRATIONS[n] turns format n into format n + 1. None yet: format 1 is current. */
const MIGRATIONS: Record<number, (raw: Raw) => Raw> = {};

export function migrateLevel(raw: Raw): Result<Raw, LevelError> {
  let format = raw.format;
  if (typeof format !== "number" || !Number.isInteger(format) || format < 1) {
    return err({ path: "format", reason: `must be a whole number from 1 to ${LEVEL_FORMAT}` });
  }
  if (format > LEVEL_FORMAT) return err({ path: "format", reason: `is ${format}, newer than this game understands (${LEVEL_FORMAT}): update the game` });
  let current = raw;
  while (format < LEVEL_FORMAT) {
    const step = MIGRATIONS[format];
    if (!step) return err({ path: "format", reason: `no migration from format ${format}` });
    current = step(current);
    format++;
  }
  return ok(current);
}
