/** The facts hello writes in the trace, for its checks (sim/notes.ts). */
import { Type } from "@sinclair/typebox";
import { defineNotes } from "../../sim/notes.js";

const seq = Type.Integer({ minimum: 0, description: "The note's sequence number, given by the sender." });

export const HELLO_NOTES = defineNotes({
  /** Sender: a client's request became note #seq (lets the checks pair a request with its note). */
  admitted: Type.Object({ seq, requestId: Type.String() }),
  /** Receiver: note #seq was processed (a second one for the same seq is a duplicate). */
  processed: Type.Object({ seq, text: Type.String() }),
});
