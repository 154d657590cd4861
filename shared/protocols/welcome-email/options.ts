/** What a welcome-email level may set (defaults in optionsOf). */
import type { NodeContext } from "../../sim/protocol.js";
import { optionTicks, protocolOptions } from "../../level/protocol-options.js";

export const WELCOME_OPTIONS = protocolOptions({
  emailRetryTicks: optionTicks(1, 6000, "How long the service waits for the provider's answer before sending an email again; doubles per attempt, up to 8 times (default 30)."),
  relayRetryTicks: optionTicks(1, 6000, "How often the DB's outbox relay sends unacknowledged rows again (default 20)."),
  outboxAtTicks: optionTicks(0, 36_000, "When the service bots start using the outbox transaction, on their wall clock; match the level's phase (default 900)."),
});

export interface WelcomeOptions {
  emailRetryTicks: number;
  relayRetryTicks: number;
  outboxAtTicks: number;
}

const num = (value: unknown, fallback: number): number => (typeof value === "number" ? value : fallback);

export function optionsOf(ctx: NodeContext): WelcomeOptions {
  const o = ctx.options;
  return { emailRetryTicks: num(o.emailRetryTicks, 30), relayRetryTicks: num(o.relayRetryTicks, 20), outboxAtTicks: num(o.outboxAtTicks, 900) };
}
