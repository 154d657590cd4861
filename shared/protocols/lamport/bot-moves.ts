/**
 * Which player action each move of the bots is, for watch mode's captions (Protocol.botMove):
 * the caption's reason is that action's rule. A stamp note says which kind of event it stamped.
 * Round 1 stamps are wall-clock readings, not Lamport stamps: the stamping rules (post, gossip,
 * receive) are not why a bot did anything then, so those moves quote no rule.
 */
import type { CaptionEffect } from "../../sim/protocol.js";
import { LAMPORT_NOTES } from "./notes.js";
import { carriedStamp } from "./peer.js";
import type { GossipPayload } from "./state.js";

const BY_STAMP_KIND: Readonly<Record<string, string>> = { local: "post", send: "gossip", receive: "receive" };

export function lamportBotMove(effect: CaptionEffect): string | null {
  if (effect.kind === "send") {
    if (effect.type === "gossip") return carriedStamp(effect.payload as GossipPayload) === null ? null : "gossip";
    return effect.type === "report" ? "report" : null;
  }
  const stamp = LAMPORT_NOTES.read(effect, "stamp");
  if (stamp) return stamp.clock === "wall" ? null : (BY_STAMP_KIND[stamp.kind] ?? null);
  return null;
}
