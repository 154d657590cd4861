/**
 * Which player action each move of the bots is, for watch mode's captions (Protocol.botMove):
 * the caption's reason is that action's rule. A stamp note says which kind of event it stamped.
 */
import type { CaptionEffect } from "../../sim/protocol.js";
import { LAMPORT_NOTES } from "./notes.js";

const BY_STAMP_KIND: Readonly<Record<string, string>> = { local: "post", send: "gossip", receive: "receive" };

export function lamportBotMove(effect: CaptionEffect): string | null {
  if (effect.kind === "send") return effect.type === "gossip" ? "gossip" : effect.type === "report" ? "report" : null;
  const stamp = LAMPORT_NOTES.read(effect, "stamp");
  if (stamp) return BY_STAMP_KIND[stamp.kind] ?? null;
  return null;
}
