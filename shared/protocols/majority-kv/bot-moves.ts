/**
 * Which player action each move of the bots is, for watch mode's captions (Protocol.botMove):
 * the caption's reason is that action's rule, the same words Guided mode quotes.
 */
import type { CaptionEffect } from "../../sim/protocol.js";

const BY_MESSAGE: Readonly<Record<string, string>> = {
  reserve: "forward",
  prevote: "probeElection",
  "vote-request": "startElection",
  vote: "vote",
  replicate: "replicate",
  ack: "acceptReplica",
  charge: "charge",
};

export function majorityKvBotMove(effect: CaptionEffect): string | null {
  if (effect.kind === "send") return BY_MESSAGE[effect.type] ?? null;
  if (effect.kind === "respond") {
    if (effect.status === "sold" || effect.status === "sold-out") return "ackSale";
    if (effect.status === "stale" || effect.status === "fresh") return "serveStale";
    if (effect.status === "try-later") return "refuse";
    return null;
  }
  return effect.name === "lease" ? "requestLease" : null;
}
