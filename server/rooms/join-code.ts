/**
 * Team join codes: short enough to copy from a whiteboard, random enough that guessing one is
 * impractical (31^6, about 8.9 * 10^8 codes, for a few hundred live rooms, and matchmaking
 * limits each address to a join a second: server/http/matchmake-limits.ts), and free of look-alike
 * characters (no 0/O, 1/I/L). The code is the Colyseus roomId, so it must match
 * [A-Za-z0-9_-]+; uniqueness across processes goes through the presence set (shared in Redis).
 */
import { randomInt } from "node:crypto";
import type { Presence } from "@colyseus/core";

export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 6;
export const JOIN_CODE_PATTERN = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/;
/** The presence set of codes in use, shared by every process with Redis. */
export const JOIN_CODES_KEY = "split-brain:join-codes";
const ATTEMPTS_MAX = 20;

export function randomJoinCode(): string {
  return randomCode(JOIN_CODE_LENGTH);
}

/**
 * The god's view of a game in progress is for the facilitator and the projector they open: the
 * facilitator's welcome carries a projector code, the join code plus this key (31^10, about
 * 8 * 10^14, not guessable), which a spectator must present. Same alphabet: typed from a screen.
 */
export const WATCH_KEY_LENGTH = 10;

export function randomWatchKey(): string {
  return randomCode(WATCH_KEY_LENGTH);
}

/** What the facilitator types on the projector's "Watch by code": `ABC234-KEY...`. */
export function projectorCode(joinCode: string, watchKey: string): string {
  return `${joinCode}-${watchKey}`;
}

function randomCode(length: number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += JOIN_CODE_ALPHABET[randomInt(0, JOIN_CODE_ALPHABET.length)];
  return code;
}

/** What a person typed ("abc 23x ") as a code, or null when it cannot be one. */
export function normalizeJoinCode(raw: string): string | null {
  const code = raw.replace(/[\s-]/g, "").toUpperCase();
  return JOIN_CODE_PATTERN.test(code) ? code : null;
}

/**
 * Picks a code nobody uses and records it. Check-then-add has a tiny race between processes
 * (the documented Colyseus recipe has it too); the matchmaker then refuses the duplicate room
 * id, and the creator simply tries again.
 */
export async function reserveJoinCode(presence: Presence, nextCode: () => string = randomJoinCode): Promise<string> {
  for (let attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
    const code = nextCode();
    if (await presence.sismember(JOIN_CODES_KEY, code)) continue;
    await presence.sadd(JOIN_CODES_KEY, code);
    return code;
  }
  throw new Error(`Could not find a free join code in ${ATTEMPTS_MAX} attempts: too many rooms are open, try again in a minute.`);
}

export async function releaseJoinCode(presence: Presence, code: string): Promise<void> {
  await presence.srem(JOIN_CODES_KEY, code);
}

/** A restored room keeps its code: record it as in use again (after a restart the set is empty). */
export async function claimJoinCode(presence: Presence, code: string): Promise<void> {
  await presence.sadd(JOIN_CODES_KEY, code);
}
