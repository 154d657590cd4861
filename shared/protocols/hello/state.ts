/** The hello protocol's node state (index.ts has its rules). */

export interface PendingNote {
  seq: number;
  requestId: string;
  text: string;
  attempts: number;
  acked: boolean;
}

export interface ReceivedNote {
  msgId: number;
  seq: number;
  text: string;
}

export interface HelloState {
  [field: string]: unknown;
  /** Sender: the next sequence number (durable, so a restart never reuses one). */
  nextSeq: number;
  /** Sender: notes not yet confirmed to their client (durable: a promise made survives a crash). */
  pending: PendingNote[];
  /** Receiver: sequence numbers already processed (durable: what makes duplicates harmless). */
  processed: number[];
  /** Receiver: the notes, in processing order (durable). */
  notes: string[];
  /** Receiver, human seat: notes that arrived, waiting for the player (RAM). */
  received: ReceivedNote[];
}

/** On disk: a restart never reuses a sequence number nor forgets a promise or a processed note. */
export const DURABLE_FIELDS = ["nextSeq", "pending", "processed", "notes"] as const;

/** The note a client request asks to send: its own text, or "note 3" from its number. */
export function noteTextOf(payload: Readonly<Record<string, unknown>>): string {
  return typeof payload.text === "string" ? payload.text : `note ${String(payload.n)}`;
}
