/**
 * What the workshop's console reads of one team room (LevelRoom.workshopStatus, through
 * matchMaker.remoteRoomCall, so it works wherever the room lives): plain JSON, a few hundred
 * bytes, computed from what the session already holds (no verdict, no replay) so a console
 * polling every team each second costs the game rooms next to nothing.
 */
import type { GameSession } from "../rooms/game-session.js";
import type { FaultSpec } from "../../shared/level/faults.js";
import { nemesisStatusOf, type NemesisStatus } from "./team-nemesis.js";

export interface TeamIncident {
  check: string;
  /** Game-seconds into the game. */
  atSeconds: number;
  /** The checker's one-line cause. */
  cause: string;
}

export interface TeamSeatStatus {
  node: string;
  /** The student in the seat (connected or held); null: nobody took it. */
  nickname: string | null;
  connected: boolean;
  /** A bot runs the node now (nobody took the seat, or its student dropped). */
  bot: boolean;
}

export interface TeamResult {
  score: number;
  stars: number;
  passed: boolean;
  mistakes: { check: string; cause: string }[];
  seats: { node: string; nickname: string; resultId: string | null }[];
}

export interface TeamStatus {
  code: string;
  watchKey: string;
  phase: "lobby" | "running" | "ended";
  paused: boolean;
  tick: number;
  durationTicks: number;
  ticksPerSecond: number;
  score: number;
  clients: number;
  incidents: TeamIncident[];
  seats: TeamSeatStatus[];
  result: TeamResult | null;
  /** A nemesis team plays this team's network: their budget, their moves, and at the end their score. */
  nemesis: NemesisStatus | null;
}

export type TeamCommand =
  | { kind: "start" | "pause" | "resume" | "end" }
  | { kind: "fault"; fault: FaultSpec | Record<string, unknown> }
  /** A student kicked after the start: their pass opens no seat, and they are disconnected. */
  | { kind: "revoke"; pass: string };

/** Close code of a student the facilitator removed (4000-4999 are application codes). */
export const CLOSE_KICKED = 4401;

/** Incidents listed on the console per team (the first ones: the later ones follow from them). */
const INCIDENTS_SHOWN_MAX = 5;
const TICKS_PER_SECOND = 10;

export function teamStatusOf(session: GameSession, code: string, clients: number): TeamStatus {
  const world = session.world;
  const ended = session.ended;
  return {
    code,
    watchKey: session.watchKey,
    phase: session.phase,
    paused: session.paused,
    tick: world.tick,
    durationTicks: session.level.durationTicks,
    ticksPerSecond: TICKS_PER_SECOND,
    score: session.scoreSoFar,
    clients,
    incidents: world.violations.slice(0, INCIDENTS_SHOWN_MAX).map((v) => ({ check: v.check, atSeconds: Math.floor(v.tick / TICKS_PER_SECOND), cause: v.message })),
    seats: session.seats.seats.map((seat) => ({
      node: seat.node,
      nickname: seat.nickname,
      connected: seat.status === "human",
      bot: world.nodes[seat.node]?.controller.kind !== "human",
    })),
    result: ended
      ? {
          score: ended.verdict.score,
          stars: ended.verdict.stars,
          passed: ended.verdict.passed,
          mistakes: ended.verdict.violations.map((v) => ({ check: v.check, cause: v.message })),
          seats: ended.results.map((r) => ({ node: r.node, nickname: r.nickname, resultId: r.resultId })),
        }
      : null,
    nemesis: nemesisStatusOf(session),
  };
}
