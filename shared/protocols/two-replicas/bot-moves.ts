/**
 * Which player action each move of a replica is, for watch mode's captions (Protocol.botMove):
 * the caption's reason is that action's rule, the same words Guided mode quotes.
 */
import type { CaptionEffect } from "../../sim/protocol.js";

export function replicaBotMove(effect: CaptionEffect): string | null {
  if (effect.kind === "send") return effect.type === "forward" ? "forward" : null;
  if (effect.kind === "respond") {
    if (effect.status === "503 try later") return "refuse";
    // The wait for the peer ran out: the forward rule says how a forward ends while it is silent.
    if (effect.status === "504 no answer from peer") return "forward";
    // An OK answer is either served from this copy or relayed from the peer: the step's note
    // (a sale, a cart write) names the local ones; a relayed one quotes nothing.
    return null;
  }
  // A write served from this copy (a relayed one is written by the peer, which notes it there;
  // a merge from the peer's sync is nobody's move).
  if (effect.name === "ticket-sale" || effect.name === "cart-remove") return "serve";
  if (effect.name === "cart-hold" && effect.data.merged !== true) return effect.data.durable === false ? "ack-ram" : "serve";
  return null;
}
