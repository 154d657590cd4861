/** The facts the gauntlet writes in the trace, for its round checks and its debrief (sim/notes.ts). */
import { Type } from "@sinclair/typebox";
import { defineNotes } from "../../sim/notes.js";

const command = Type.Object({ id: Type.String(), command: Type.String(), msgId: Type.Integer({ description: "The command message's id: the check finds its true sender by it." }) });

export const GAUNTLET_NOTES = defineNotes({
  /** Payments: an order really charged (R1, and other shops' orders in the bonus). */
  charge: Type.Object({ order: Type.String(), key: Type.Union([Type.String(), Type.Null()]) }),
  /** Payments: a charge whose key was already honoured, skipped. */
  deduplicated: Type.Object({ order: Type.String(), key: Type.String() }),
  /** S, R3: the uplink queue's depth after a record was queued, or the record that did not fit. */
  uplink: Type.Object({ depth: Type.Integer(), capacity: Type.Integer(), dropped: Type.Optional(Type.String()) }),
  /** S, R4: a command run, or refused for want of a valid signature. */
  execute: command,
  reject: command,
  /** S, R6: an event decoded, or one that failed to (its schema version unknown to S). */
  decoded: Type.Object({ n: Type.Integer(), v: Type.Integer() }),
  "decode-error": Type.Object({ n: Type.Integer(), v: Type.Integer(), reason: Type.String() }),
  /** The Ocean relay, R8: a payload over its MTU, dropped without a word. */
  "mtu-drop": Type.Object({ shipment: Type.String(), bytes: Type.Number(), mtu: Type.Number() }),
  /** The far site, R8: a shipment complete, every chunk in. */
  received: Type.Object({ shipment: Type.String(), chunks: Type.Integer() }),
  /** S, bonus: its answer; a count with how old it was (ticks since its report arrived). */
  answer: Type.Object({ kind: Type.Union([Type.Literal("unknown"), Type.Literal("bound"), Type.Literal("exact")]), orders: Type.Union([Type.Number(), Type.Null()]), ageTicks: Type.Union([Type.Number(), Type.Null()]) }),
});
