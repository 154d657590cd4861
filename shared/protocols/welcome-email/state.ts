/**
 * The welcome-email protocol's node state and messages (index.ts has its rules). Three roles
 * share one state shape: the Signup Service (the player's seat), the DB (which also runs the
 * outbox relay) and the Email provider. A user is named by the client's idempotency key.
 */

/** A client's signup the service has not answered yet (RAM: a crash forgets it; the client retries). */
export interface Waiting {
  requestId: string;
  user: string;
}

/** An email the service still owes (RAM: the to-do list a crash wipes). */
export interface TodoEmail {
  user: string;
  /** Whether the sends carry the idempotency key (the Email provider dedupes only then). */
  keyed: boolean;
  attempts: number;
  lastSentUptimeTicks: number;
}

export interface WelcomeState {
  [field: string]: unknown;
  /** Service: signups waiting for an answer (RAM). */
  waiting: Waiting[];
  /** Service: users the DB confirmed since this process booted (RAM). */
  committed: string[];
  /** Service: the email to-do list (RAM). */
  todo: TodoEmail[];
  /** Service: users whose email the provider acknowledged since boot (RAM). */
  emailed: string[];
  /** DB: committed users (disk). */
  users: string[];
  /** DB: outbox rows, one per user whose email is not yet acknowledged (disk, same transaction as the user). */
  outbox: string[];
  /** Email: every welcome email sent, in order; a user twice is a duplicate (the provider's log). */
  mailbox: string[];
  /** Email: idempotency keys already honoured (disk). */
  keys: string[];
}

export interface InsertPayload {
  user: string;
}
export interface InsertedPayload {
  user: string;
  /** This insert created the user (false: the user was already there, e.g. a client's retry). */
  created: boolean;
  /** The user's email intent is an outbox row on the DB's disk (the transaction path). */
  outbox: boolean;
}
export interface EmailPayload {
  user: string;
  /** The idempotency key, when the sender attaches one. */
  key: string | null;
}
export interface EmailedPayload {
  user: string;
}

export const MESSAGE_TYPES = {
  insert: { summary: "Service to DB: insert this user." },
  txn: { summary: "Service to DB: one transaction inserting the user and an outbox row for the welcome email." },
  inserted: { summary: "DB to service: the user is committed (created now, or already there)." },
  email: { summary: "To the Email provider: send this user the welcome email (with or without an idempotency key)." },
  emailed: { summary: "Email provider: the welcome email for this user went out (or was already sent under this key)." },
} as const;

/** On disk: the DB's users and outbox, the provider's log and keys. Everything on the service is RAM. */
export const DURABLE_FIELDS = ["users", "outbox", "mailbox", "keys"] as const;

export const initialState = (): WelcomeState => ({ waiting: [], committed: [], todo: [], emailed: [], users: [], outbox: [], mailbox: [], keys: [] });

/** The idempotency key of a user's welcome email (the relay and a careful service use the same). */
export const emailKey = (user: string): string => `welcome:${user}`;

export const userOf = (payload: unknown): string | null => {
  const key = (payload as { key?: unknown } | null)?.key;
  return typeof key === "string" ? key : null;
};
