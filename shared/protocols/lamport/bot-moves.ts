/**
 * Which player action each move of the bots is, for watch mode's captions (Protocol.botMove):
 * the caption's reason is that action's rule. A stamp note says which kind of event it stamped.
 */
import type { CaptionEffect } from "../../sim/protocol.js";

const BY_STAMP_KIND: Readonly<Record<string, string>> = { local: "post", send: "gossip", receive: "receive" };

export function lamportBotMove(effect: CaptionEffect): string | null {
  if (effect.kind === "send") return effect.type === "gossip" ? "gossip" : effect.type === "report" ? "report" : null;
  if (effect.kind === "note" && effect.name === "stamp") return BY_STAMP_KIND[String(effect.data.kind)] ?? null;
  return null;
}
