/** The facts two-replicas writes in the trace, for its checks and its debrief (sim/notes.ts). */
import { Type } from "@sinclair/typebox";
import { defineNotes } from "../../sim/notes.js";

const tags = Type.Array(Type.String(), { description: "Cart adds, by the tag that names each (the client's key)." });

export const REPLICA_NOTES = defineNotes({
  /** A replica sold a ticket from its own copy of the count: this seat number. */
  "ticket-sale": Type.Object({ seat: Type.Integer({ minimum: 1 }) }),
  /** A replica now holds these cart adds: on its disk (durable) or only in RAM; merged: from the peer's copy. */
  "cart-hold": Type.Object({ tags, durable: Type.Boolean(), merged: Type.Optional(Type.Boolean()) }),
  /** A replica removed these adds (the ones of the item it had seen: observed-remove). */
  "cart-remove": Type.Object({ tags }),
});
