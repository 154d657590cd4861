/**
 * Which player action each move of the bots is, for watch mode's captions (Protocol.botMove):
 * the caption's reason is that action's rule, the same words Guided mode quotes.
 */
import type { CaptionEffect } from "../../sim/protocol.js";

const BY_MESSAGE: Readonly<Record<string, string>> = { insert: "insert", txn: "txn", email: "email" };

/** The provider's moves show as its notes: an email that went out, or a repeat acknowledged. */
const BY_NOTE: Readonly<Record<string, string>> = { email: "send", deduplicated: "ack", skipped: "ack" };

export function welcomeEmailBotMove(effect: CaptionEffect): string | null {
  if (effect.kind === "send") return BY_MESSAGE[effect.type] ?? null;
  if (effect.kind === "note") return BY_NOTE[effect.name] ?? null;
  return effect.kind === "respond" ? "answer" : null;
}
