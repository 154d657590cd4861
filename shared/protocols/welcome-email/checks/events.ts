/** The trace facts welcome-email's checks read: the DB's commits and the provider's sent emails. */
import type { TraceEvent } from "../../../sim/trace.js";
import type { TraceReader } from "../../../sim/trace-store.js";
import { WELCOME_NOTES } from "../notes.js";

/** The user a DB commit note is about, else null. */
export function committed(event: TraceEvent): string | null {
  return WELCOME_NOTES.read(event, "commit")?.user ?? null;
}

/** The user an email note (an email that really went out) is about, else null. */
export function emailSent(event: TraceEvent): string | null {
  return WELCOME_NOTES.read(event, "email")?.user ?? null;
}

export interface UserTimes {
  commit: { tick: number; i: number } | null;
  emails: { tick: number; i: number }[];
}

/** Per user: when the DB committed it and when each of its emails went out. */
export function userTimes(trace: TraceReader): Map<string, UserTimes> {
  const out = new Map<string, UserTimes>();
  const of = (user: string): UserTimes => {
    let t = out.get(user);
    if (!t) out.set(user, (t = { commit: null, emails: [] }));
    return t;
  };
  for (const event of trace) {
    const c = committed(event);
    if (c !== null && of(c).commit === null) of(c).commit = { tick: event.tick, i: event.i };
    const e = emailSent(event);
    if (e !== null) of(e).emails.push({ tick: event.tick, i: event.i });
  }
  return out;
}
