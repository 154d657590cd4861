/**
 * Round 4, "the network is secure": commands arrive that say they come from Auth. Auth's carry
 * a valid signature; an impostor on the same network sends look-alikes without one. Trusting
 * the claim runs the impostor's commands; verifying the signature runs only Auth's.
 */
import type { NodeContext } from "../../sim/protocol.js";
import { at, messageOf, note, peerWithRole, send, step, timerAt, timerOf, type BackendHandler, type ServiceHandler } from "./common.js";
import { TRAFFIC_FROM, TRAFFIC_TO } from "./schedule.js";

export interface CommandPayload {
  id: string;
  command: string;
  /** Who the command says it is from (always "Auth": the impostor lies). */
  claims: string;
  /** A valid signature badge: only Auth holds the key that makes one. */
  signed: boolean;
}

const COMMANDS = ["rotate-logs", "flush-cache", "reload-config", "refund-order", "export-users", "disable-audit"];

export const secureService: ServiceHandler = (state, event, _ctx, settings) => {
  const msg = messageOf<CommandPayload>(event, "command");
  if (!msg) return null;
  const { id, command, signed } = msg.payload;
  if (settings.secure === "verify" && !signed) return step({ ...state, rejected: state.rejected + 1 }, [note("reject", { id, command, msgId: msg.msgId })]);
  return step({ ...state, executed: state.executed + 1 }, [note("execute", { id, command, msgId: msg.msgId })]);
};

/** Auth every 2 s and the impostor every 2.5 s, through the round's traffic. */
function commander(prefix: string, everyTicks: number, offset: number, signed: boolean): BackendHandler {
  const timer = `${prefix}-command`;
  return (state, event, ctx: NodeContext) => {
    if (event.kind === "boot") return step(state, [timerAt(ctx, timer, at(ctx, "secure", TRAFFIC_FROM + offset))]);
    if (timerOf(event, timer) === null) return null;
    const n = Math.max(0, Math.floor((ctx.wallTicks - at(ctx, "secure", TRAFFIC_FROM)) / everyTicks));
    const payload: CommandPayload = { id: `${prefix}-${n + 1}`, command: COMMANDS[(n + (signed ? 0 : 3)) % COMMANDS.length]!, claims: "Auth", signed };
    const again = ctx.wallTicks + everyTicks < at(ctx, "secure", TRAFFIC_TO) ? [{ kind: "set-timer" as const, name: timer, delayTicks: everyTicks }] : [];
    return step(state, [send(peerWithRole(ctx, "service"), "command", payload), ...again]);
  };
}

export const secureAuth = commander("auth", 20, 0, true);
export const secureImpostor = commander("spoof", 25, 7, false);
