/**
 * Team join codes: short enough to copy from a whiteboard, random enough that guessing one is
 * impractical (31^6, about 8.9 * 10^8 codes, for a few hundred live rooms, and matchmaking
 * limits each address to a join a second: server/http/matchmake-limits.ts), and free of look-alike
 * characters (no 0/O, 1/I/L). The code is the Colyseus roomId, so it must match
 * [A-Za-z0-9_-]+; uniqueness across processes goes through presence (shared in Redis).
 */
import { randomInt } from "node:crypto";
import type { Presence } from "@colyseus/core";

export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 6;
export const JOIN_CODE_PATTERN = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/;
/**
 * A code in use is a presence key of its own, `split-brain:join-code:<CODE>`, leased for
 * JOIN_CODE_LEASE_SECONDS and renewed by its room while the room lives. (One shared set of codes
 * leaked every code of a process that died: nobody removed them.) A dead process's codes come
 * free when their lease runs out; a game restored elsewhere takes its code over at once.
 */
export const JOIN_CODE_KEY_PREFIX = "split-brain:join-code:";
export const JOIN_CODE_LEASE_SECONDS = 30;
/** A room renews its code's lease this often (a third of the lease: two renewals may fail). */
export const JOIN_CODE_RENEW_MS = 10_000;
/** The one field of a code's key: how many reservations it got (1: the first one, ours). */
const TAKEN_FIELD = "taken";
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

export function joinCodeKey(code: string): string {
  return JOIN_CODE_KEY_PREFIX + code;
}

/**
 * Picks a code nobody uses and leases it. Taking a code is one atomic increment (with its
 * expiry): of two processes drawing the same code at once, exactly one gets 1.
 */
export async function reserveJoinCode(presence: Presence, nextCode: () => string = randomJoinCode): Promise<string> {
  for (let attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
    const code = nextCode();
    if ((await presence.hincrbyex(joinCodeKey(code), TAKEN_FIELD, 1, JOIN_CODE_LEASE_SECONDS)) === 1) return code;
  }
  throw new Error(`Could not find a free join code in ${ATTEMPTS_MAX} attempts: too many rooms are open, try again in a minute.`);
}

/** The room lives on: its code stays leased (taken again if its lease ran out meanwhile). */
export async function renewJoinCode(presence: Presence, code: string): Promise<void> {
  if ((await presence.hincrbyex(joinCodeKey(code), TAKEN_FIELD, 0, JOIN_CODE_LEASE_SECONDS)) === 0) await claimJoinCode(presence, code);
}

export async function releaseJoinCode(presence: Presence, code: string): Promise<void> {
  await presence.hdel(joinCodeKey(code), TAKEN_FIELD);
}

/** A restored room keeps its code: lease it again, whoever held it (a process now dead). */
export async function claimJoinCode(presence: Presence, code: string): Promise<void> {
  await presence.hset(joinCodeKey(code), TAKEN_FIELD, "1");
  await presence.hincrbyex(joinCodeKey(code), TAKEN_FIELD, 0, JOIN_CODE_LEASE_SECONDS);
}

/** Whether a code is leased now (tests, and what an operator may check). */
export async function joinCodeInUse(presence: Presence, code: string): Promise<boolean> {
  return Number((await presence.hget(joinCodeKey(code), TAKEN_FIELD)) ?? 0) > 0;
}
