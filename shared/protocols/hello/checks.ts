/** Checks for the tutorial level: each note processed once; an OK only after the note arrived. */
import type { SafetyCheck, GoalCheck } from "../../sim/check.js";
import { HELLO_NOTES } from "./notes.js";

/** A note (by sequence number) is processed at most once at each receiver. */
export const processedOnce: SafetyCheck = {
  id: "hello/processed-once",
  title: "Each note is processed once",
  explain:
    "The network duplicated a note and the receiver processed both copies. Retries and duplicates are normal; the receiver must recognise a sequence number it has already processed (idempotence).",
  create() {
    const firstAt = new Map<string, number>();
    return {
      observe(event) {
        if (event.kind !== "note") return null;
        const processed = HELLO_NOTES.read(event, "processed");
        if (processed === null) return null;
        const key = `${event.node}#${processed.seq}`;
        const first = firstAt.get(key);
        if (first === undefined) {
          firstAt.set(key, event.i);
          return null;
        }
        return { tick: event.tick, message: `${event.node} processed note #${processed.seq} twice`, evidence: [first, event.i] };
      },
    };
  },
};

/** A client is told OK only for a note the receiver has already processed. */
export const okMeansDone: SafetyCheck = {
  id: "hello/ok-means-done",
  title: "An OK means it happened",
  explain:
    "The sender told its client OK before any ack, and the note had not arrived. A send is not a delivery: without an acknowledgement you cannot tell a lost note from a slow one.",
  create() {
    const processedAt = new Map<number, number>();
    const seqOfRequest = new Map<string, { seq: number; sendIndex: number }>();
    return {
      observe(event) {
        const processed = HELLO_NOTES.read(event, "processed");
        if (processed) {
          if (!processedAt.has(processed.seq)) processedAt.set(processed.seq, event.i);
          return null;
        }
        // The sender records which note number it gave each request ("admitted").
        const admitted = HELLO_NOTES.read(event, "admitted");
        if (admitted) {
          seqOfRequest.set(admitted.requestId, { seq: admitted.seq, sendIndex: event.i });
          return null;
        }
        if (event.kind !== "response" || !event.ok) return null;
        const req = seqOfRequest.get(event.requestId);
        if (!req || processedAt.has(req.seq)) return null;
        return { tick: event.tick, message: `${event.node} told the client OK for note #${req.seq} before the receiver had it`, evidence: [req.sendIndex, event.i] };
      },
    };
  },
};

export const HELLO_SAFETY: readonly SafetyCheck[] = [processedOnce, okMeansDone];
export const HELLO_GOALS: readonly GoalCheck[] = [];
