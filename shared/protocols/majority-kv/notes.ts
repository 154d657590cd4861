/** The facts majority-kv writes in the trace, for its checks and watch mode's captions (sim/notes.ts). */
import { Type } from "@sinclair/typebox";
import { defineNotes } from "../../sim/notes.js";

const epoch = Type.Integer({ minimum: 0 });
const resId = Type.String({ description: "A reservation, by the buyer's request id." });
const seat = Type.Integer({ minimum: 0, description: "A seat number, from 1 (0: none, sold out)." });
const token = Type.Integer({ description: "A fencing token: the leader's epoch when it sent the charge." });
const ticks = Type.Integer();

export const MKV_NOTES = defineNotes({
  /** A node voted in this epoch for this candidate (itself when it stands). */
  vote: Type.Object({ epoch, for: Type.String() }),
  /** A candidate won this epoch. */
  leader: Type.Object({ epoch }),
  /** A leader stepped down. */
  "step-down": Type.Object({ epoch }),
  /** A leader's lease, until this reading of its own uptime clock (read at uptimeTicks). */
  lease: Type.Object({ epoch, untilUptimeTicks: ticks, uptimeTicks: ticks }),
  /** A leader counted a majority holding its seat map up to this length. */
  commit: Type.Object({ epoch, length: Type.Integer({ minimum: 0 }) }),
  /** A node's copy of the seat map changed: from position `at` on it now holds resIds, in logEpoch. */
  log: Type.Object({ at: Type.Integer({ minimum: 0 }), resIds: Type.Array(resId), logEpoch: epoch, length: Type.Integer({ minimum: 0 }) }),
  /** A reservation waits at its node until a leader can place it (the partition). */
  queued: Type.Object({ resId }),
  /** A leader told the buyer this seat is theirs. */
  "sale-acked": Type.Object({ resId, seat, epoch }),
  /** A queued reservation got its answer: a seat, or sold out. */
  resolved: Type.Object({ resId, ok: Type.Boolean(), seat }),
  /** The ledger charged a card for this reservation under this token. */
  "charge-applied": Type.Object({ token, resId, seat }),
  /** The ledger refused a charge whose token is older than the highest it has seen. */
  "charge-rejected": Type.Object({ token, highest: token, resId }),
});
