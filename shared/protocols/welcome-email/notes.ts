/** The facts welcome-email writes in the trace, for its checks and its debrief (sim/notes.ts). */
import { Type } from "@sinclair/typebox";
import { defineNotes } from "../../sim/notes.js";

const key = Type.Union([Type.String(), Type.Null()], { description: "The idempotency key the request carried, if any." });

export const WELCOME_NOTES = defineNotes({
  /** DB: a user was inserted now; outbox: its email intent went to disk in the same transaction. */
  commit: Type.Object({ user: Type.String(), outbox: Type.Boolean() }),
  /** Email provider: a welcome email really went out. */
  email: Type.Object({ user: Type.String(), key }),
  /** Email provider: a request whose key was already honoured, skipped. */
  deduplicated: Type.Object({ user: Type.String(), key: Type.String() }),
  /** Email provider (a player in Free mode): a request acknowledged without sending, its key never honoured. */
  skipped: Type.Object({ user: Type.String(), key }),
});
