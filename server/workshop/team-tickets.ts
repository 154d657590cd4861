/**
 * How a workshop hands its team rooms their set-up without a client ever being able to: the
 * workshop room (in this process) files the team's seat passes under a random ticket and
 * creates the team room with `{ workshopTicket }`; the level room takes its set-up out of here
 * (once). A ticket a client sends matches nothing, as `restoreId` does for restored games.
 */
import { randomBytes } from "node:crypto";

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

const pending = new Map<string, TeamSetup>();

export function fileTeamSetup(setup: TeamSetup): string {
  const ticket = randomBytes(16).toString("base64url");
  pending.set(ticket, setup);
  return ticket;
}

/** The set-up filed under this ticket, removed; undefined for a ticket this process never filed. */
export function takeTeamSetup(ticket: unknown): TeamSetup | undefined {
  if (typeof ticket !== "string") return undefined;
  const setup = pending.get(ticket);
  pending.delete(ticket);
  return setup;
}

/** A team room creation that failed: the ticket is never used. */
export function dropTeamSetup(ticket: string): void {
  pending.delete(ticket);
}
