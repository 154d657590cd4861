/**
 * Which player action each move of the bots is, for watch mode's captions (Protocol.botMove):
 * the caption's reason is that action's rule, the same words Guided mode quotes.
 */
import type { CaptionEffect } from "../../sim/protocol.js";

export function raftBotMove(effect: CaptionEffect): string | null {
  if (effect.kind === "send") {
    const p = (effect.payload ?? {}) as { granted?: unknown; success?: unknown; entries?: unknown };
    switch (effect.type) {
      case "RequestVote":
        return "startElection";
      case "Vote":
        return p.granted === true ? "grantVote" : "denyVote";
      case "AppendEntries":
        return Array.isArray(p.entries) && p.entries.length > 0 ? "replicate" : "heartbeat";
      case "AppendReply":
        return p.success === true ? "acceptEntries" : "rejectEntries";
    }
    return null;
  }
  if (effect.kind === "respond") return effect.status === "not-leader" ? "redirect" : effect.ok ? "advanceCommit" : null;
  if (effect.name === "step-down") return "stepDown";
  // The leader's decision to commit is its "counted" note; a follower notes "commit" too when the
  // leader's commit index reaches it, but that is accepting entries, not the leader's commit rule.
  if (effect.name === "counted") return "advanceCommit";
  return null;
}
