/**
 * A protocol's screen as the client runs it: on the state the room sends (without the screen's
 * unsent fields, through JSON), so a screen that reads a field the client never gets fails here.
 */
import type { Protocol, NodeContext } from "../../shared/sim/protocol.js";
import { nodeScreen, sentState, type NodeScreenView } from "../../shared/sim/screen.js";

export function onTheWire<S extends object>(protocol: Protocol<S>, state: S): S {
  return JSON.parse(JSON.stringify(sentState(state as Record<string, unknown>, protocol.screen?.unsentFields))) as S;
}

export function screenOf<S extends object>(protocol: Protocol<S>, state: S, ctx: NodeContext, crashed = false): NodeScreenView {
  return nodeScreen(protocol.screen, protocol.durableFields, onTheWire(protocol, state) as Record<string, unknown>, ctx, crashed);
}

/** The fields of a screen by label: { "Voted for": "N1" }. */
export function fieldValues(view: NodeScreenView): Record<string, string> {
  return Object.fromEntries(view.fields.flatMap((g) => g.fields.map((f) => [f.label, f.value])));
}
