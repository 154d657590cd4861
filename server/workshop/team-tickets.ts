/**
 * How a workshop hands its team rooms their set-up without a client ever being able to: the
 * workshop room files the team's seat passes under a random ticket and creates the team room
 * with `{ workshopTicket }`; the level room takes its set-up out of here (once). A ticket a
 * client sends matches nothing, as `restoreId` does for restored games.
 *
 * Filed in the presence (Redis with REDIS_URL, else this process's memory), so the team room may
 * be created on another process than the workshop's (matchMaker.createRoom spreads them): a big
 * workshop's teams then share the processes, and the console reads them all the same way
 * (matchMaker.remoteRoomCall).
 */
import { randomBytes } from "node:crypto";
import type { Presence } from "@colyseus/core";

export interface TeamSetup {
  /** One pass per student of the team: a seat in the team room takes one. */
  passes: readonly string[];
  /**
   * The board the game counts on, when its creator chose it (a parallel-seats room gives each of
   * its players' games the room's own board: see ParallelRoom). Absent: on none, as a workshop's.
   */
  board?: string | null;
  /** A nemesis team plays this team's network: their passes (no seat) and their fault budget. */
  nemesis?: { passes: readonly string[]; points: number };
}

const KEY_PREFIX = "split-brain:team-ticket:";
/** A team room is created right after its ticket: a ticket older than this was never used. */
const TICKET_TTL_SECONDS = 60;

export async function fileTeamSetup(presence: Presence, setup: TeamSetup): Promise<string> {
  const ticket = randomBytes(16).toString("base64url");
  await presence.setex(KEY_PREFIX + ticket, JSON.stringify(setup), TICKET_TTL_SECONDS);
  return ticket;
}

/** The set-up filed under this ticket, removed; undefined for a ticket nobody filed. */
export async function takeTeamSetup(presence: Presence, ticket: unknown): Promise<TeamSetup | undefined> {
  if (typeof ticket !== "string" || !/^[A-Za-z0-9_-]{22}$/.test(ticket)) return undefined;
  const json = (await presence.get(KEY_PREFIX + ticket)) as string | null | undefined;
  if (!json) return undefined;
  await presence.del(KEY_PREFIX + ticket);
  return JSON.parse(json) as TeamSetup;
}

/** A team room creation that failed: the ticket is never used. */
export async function dropTeamSetup(presence: Presence, ticket: string): Promise<void> {
  await presence.del(KEY_PREFIX + ticket);
}
