// Real l00 games for the debrief tests (unit and browser): an honest sender and a reckless one
// that confirms before any ack (a safety violation in Free mode).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { levelErrorText, type Level } from "../../../shared/level/level.js";
import { parseLevel } from "../../../shared/level/parse-level.js";
import type { PendingNote } from "../../../shared/protocols/hello/index.js";
import type { World } from "../../../shared/sim/world-types.js";
import { playScripted, type Decision } from "../../support/play.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

const LEVELS = join(import.meta.dirname, "../../../levels");

export function loadLevel(id: string): Level {
  const parsed = parseLevel(JSON.parse(readFileSync(join(LEVELS, `${id}.json`), "utf8")), TEST_CATALOG);
  if (!parsed.ok) throw new Error(`${id}: ${levelErrorText(parsed.error)}`);
  return parsed.value;
}

const pendingOf = (state: Record<string, unknown>): PendingNote[] => (state.pending as PendingNote[] | undefined) ?? [];

/** Sends each new note, lets the autopilot retry, confirms only after the ack. */
export function playHonestSender(level: Level, seed: number): World {
  return playScripted(
    level,
    seed,
    "N1",
    (view) => {
      const out: Decision[] = [];
      for (const note of pendingOf(view.state)) {
        if (note.attempts === 0) out.push({ action: "sendNote", params: { seq: note.seq } });
        else if (note.acked) out.push({ action: "confirm", params: { seq: note.seq } });
      }
      return out;
    },
    { mode: "guided", autopilot: ["auto-retry"] },
  );
}

/** Sends each note once and tells the client OK at once: "a send is a delivery" (it is not). */
export function playRecklessSender(level: Level, seed: number): World {
  return playScripted(
    level,
    seed,
    "N1",
    (view) =>
      pendingOf(view.state)
        .filter((note) => note.attempts === 0)
        .flatMap((note) => [
          { action: "sendNote", params: { seq: note.seq } },
          { action: "confirm", params: { seq: note.seq } },
        ]),
    { mode: "free", autopilot: [] },
  );
}
