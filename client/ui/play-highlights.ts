// Your node's headline numbers, for the top of the node panel. Moving to each protocol's own
// screen description (shared/protocols/<id>/screen.ts); until then, looked up here.
import { lamportHighlights } from "./play-bindings-lamport.js";
import { mkvHighlights } from "./play-bindings-majority-kv.js";
import type { Highlight } from "./play-bindings.js";

/** What the client knows about the level around your node (never the server's verdicts). */
export interface BindingContext {
  /** Your node, and the other nodes of your role (your peers). */
  self: string | null;
  role: string;
  peers: readonly string[];
  /** Your uptime reading now. */
  uptimeTicks: number;
  guided: boolean;
}

export function nodeHighlights(protocolId: string, state: Record<string, unknown>, ctx: BindingContext): Highlight[] {
  if (protocolId === "lamport") return lamportHighlights(state);
  if (protocolId === "majority-kv") return mkvHighlights(state, ctx);
  return [];
}
