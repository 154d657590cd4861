/**
 * Which player action each move of S is, for watch mode's captions (Protocol.botMove): the
 * caption's reason is the rule of the round whose work that move is (the card's rule, the same
 * words Guided mode quotes), or the bonus rule for the answer. Only S's moves are named: the
 * services around it are scripted, and captions are only shown for the seat.
 */
import type { CaptionEffect } from "../../sim/protocol.js";

/** S's messages, each sent for one round's work (the round's setting action). */
const BY_MESSAGE: Readonly<Record<string, string>> = {
  charge: "reliable",
  status: "reliable",
  lookup: "latency",
  stock: "topology",
  where: "topology",
  subscribe: "admin",
  batch: "cost",
  chunk: "homogeneous",
};

/** S's notes, each about one round's work (or the bonus answer). */
const BY_NOTE: Readonly<Record<string, string>> = {
  uplink: "bandwidth",
  execute: "secure",
  reject: "secure",
  decoded: "admin",
  "decode-error": "admin",
  answer: "answer",
};

export function gauntletBotMove(effect: CaptionEffect): string | null {
  if (effect.kind === "send") return BY_MESSAGE[effect.type] ?? null;
  if (effect.kind === "note") return BY_NOTE[effect.name] ?? null;
  // An answer to a client comes in several rounds (R3, R7, R8); the step's send or note names it.
  return null;
}
