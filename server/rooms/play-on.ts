/**
 * "Play on from here" (issue 12 item 10): a new solo room that starts where a stored game stood
 * at one of its moments, with its player in their seat. The request names the stored result and
 * the tick; this checks both against the store and the server's levels, and gives the room what
 * it replays (GameSession.playOn). Such a game is on no leaderboard: its player has seen the
 * game's future already, as with a chosen seed.
 */
import { Type, type Static } from "@sinclair/typebox";
import { err, ok, type Result } from "../../shared/base/result.js";
import type { Level } from "../../shared/level/level.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { RESULT_ID_PATTERN, type Store } from "../store/store.js";
import { JOIN_ERROR, type JoinRefusal, type PlayOn, type RoomOptions } from "./join-options.js";

export type PlayOnRequest = Static<typeof PlayOnRequestSchema>;

const bad = (message: string): { ok: false; error: JoinRefusal } => err({ code: JOIN_ERROR.badOptions, message });

/** The `playOn` room option: { resultId, tick } (join-options.ts checks it). */
export const PlayOnRequestSchema = Type.Object(
  {
    resultId: Type.String({ pattern: RESULT_ID_PATTERN.source, errorMessage: "must be the id of a stored game (its debrief's address ends with it)" }),
    tick: Type.Integer({ minimum: 0, errorMessage: "must be a whole number of ticks from 0 (the moment of the game to play on from)" }),
  },
  { additionalProperties: false, errorMessage: "must be { resultId, tick }: the stored game and the moment to play on from" },
);

/** The room's options for playing on: the stored game's level version, seed and mode, no board. */
export async function resolvePlayOn(options: RoomOptions, request: PlayOnRequest, store: Store, levels: readonly Level[]): Promise<Result<RoomOptions, JoinRefusal>> {
  const stored = await store.getResult(request.resultId);
  if (!stored) return err({ code: JOIN_ERROR.unknownGame, message: "There is no stored game with that id: play on from a game's debrief." });
  if (stored.levelId !== options.level.id) return bad(`That game was played on ${stored.levelId}, not ${options.level.id}.`);
  const level = levels.find((l) => l.id === stored.levelId && l.version === stored.levelVersion);
  if (!level) {
    return err({
      code: JOIN_ERROR.forbidden,
      message: `That game was played on version ${stored.levelVersion} of this level and the server now has version ${options.level.version}: its world cannot be rebuilt, so it cannot be played on. Play the level afresh.`,
    });
  }
  if (request.tick >= level.durationTicks) return bad(`playOn.tick must be before the game's end (${level.durationTicks} ticks).`);
  const inputs = storedInputs(stored.inputs);
  if (!inputs) return err({ code: JOIN_ERROR.forbidden, message: "That game's stored inputs cannot be replayed." });
  const playOn: PlayOn = { resultId: stored.id, tick: request.tick, seat: stored.seatNode, inputs };
  return ok({ ...options, level, seed: stored.seed, playMode: stored.playMode, mode: "solo", board: null, classCode: null, watchFirst: false, playOn });
}

/** The stored log as input records, in time order; null if it is not one (it always is, unless the store was edited). */
function storedInputs(raw: readonly unknown[]): InputRecord[] | null {
  const inputs: InputRecord[] = [];
  let lastTick = 0;
  for (const item of raw) {
    const r = typeof item === "object" && item !== null ? (item as Record<string, unknown>) : null;
    if (!r || typeof r.tick !== "number" || r.tick < lastTick || typeof r.node !== "string" || typeof r.action !== "string") return null;
    lastTick = r.tick;
    inputs.push(r as unknown as InputRecord);
  }
  return inputs;
}
