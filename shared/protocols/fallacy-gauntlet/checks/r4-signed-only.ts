/**
 * R4: no command executed that its real sender could not sign. Judged against who truly sent
 * each command (the trace's send), not what the command claims or what S believed.
 */
import type { GoalCheck } from "../../../sim/check.js";
import { checkParams, paramNode, paramsOf } from "../../../checks/check-params.js";
import { fail, notesIn, pass } from "./window.js";

const PARAMS = checkParams({ auth: paramNode("AUTH", "The only node that holds the signing key."), node: paramNode("S", "The service node judged.") });

export const signedOnly: GoalCheck = {
  id: "fallacy-gauntlet/signed-only",
  title: "R4: no command from an unsigned sender executed",
  params: PARAMS,
  evaluate(run, params) {
    const { auth, node } = paramsOf(PARAMS, params);
    const senders = new Map<number, { node: string; i: number }>();
    for (const e of run.trace) if (e.kind === "send" && e.type === "command") senders.set(e.msgId, { node: e.node, i: e.i });
    const executed = notesIn(run, "secure", "execute", node);
    for (const n of executed) {
      const sent = senders.get(n.data.msgId);
      if (!sent || sent.node !== auth) return fail(`${node} executed "${n.data.command}", sent by ${sent?.node ?? "an unknown node"} without a valid signature`, sent ? [sent.i, n.i] : [n.i]);
    }
    if (executed.length === 0) return fail(`${node} executed no command at all, not even Auth's`);
    return pass(`${executed.length} commands executed, every one signed by ${auth}`);
  },
};
