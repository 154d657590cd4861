/**
 * A finished game as the store keeps it: the replay recipe (level version, seed, mode, inputs)
 * and the outcome the server computed from its own world. Scores never come from a client.
 */
import type { Verdict } from "../../shared/checks/verdict.js";
import type { World } from "../../shared/sim/world-types.js";
import type { GameMode, NewResult } from "./store.js";

export interface ResultOwner {
  mode: GameMode;
  /** The leaderboard the game counts on (RoomOptions.board). */
  board?: string | null;
  seatNode: string;
  nickname: string;
  classCode: string | null;
  playerId?: string | null;
}

export function newResultOf(world: World, verdict: Verdict, hash: string, owner: ResultOwner): NewResult {
  return {
    levelId: world.level.id,
    levelVersion: world.level.version,
    seed: world.seed,
    mode: owner.mode,
    playMode: world.mode,
    seatNode: owner.seatNode,
    nickname: owner.nickname,
    classCode: owner.classCode,
    board: owner.board ?? null,
    playerId: owner.playerId ?? null,
    inputs: world.inputs,
    hash,
    score: verdict.score,
    stars: verdict.stars,
    passed: verdict.passed,
    messages: verdict.metrics.seatMessages,
    verdict,
  };
}
