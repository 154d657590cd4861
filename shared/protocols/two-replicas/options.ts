/** What a two-replicas level may set (defaults in optionsOf). */
import { Type } from "@sinclair/typebox";
import type { NodeContext } from "../../sim/protocol.js";
import { optionTicks, protocolOptions } from "../../level/protocol-options.js";

export const REPLICA_OPTIONS = protocolOptions({
  tickets: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "Tickets for sale (default 20)." })),
  syncEveryTicks: optionTicks(1, 600, "How often each replica sends its copy to the other (default 5)."),
  silentAfterTicks: optionTicks(1, 600, "How long without a word from the peer before the bots treat it as cut off (default 15)."),
  forwardTimeoutTicks: optionTicks(1, 600, "How long a forwarded request waits for the peer's answer before the client gets 504 (default 40)."),
  roundStartsTicks: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 36_000 }), { minItems: 1, maxItems: 3, description: "When each round's business card starts, on the wall clock (default [0, 900, 1800])." })),
});

export interface ReplicaOptions {
  tickets: number;
  syncEveryTicks: number;
  silentAfterTicks: number;
  forwardTimeoutTicks: number;
  roundStartsTicks: readonly number[];
}

const num = (value: unknown, fallback: number): number => (typeof value === "number" ? value : fallback);

export function optionsOf(options: Readonly<Record<string, unknown>>): ReplicaOptions {
  const rounds = Array.isArray(options.roundStartsTicks) ? (options.roundStartsTicks as number[]) : [0, 900, 1800];
  return {
    tickets: num(options.tickets, 20),
    syncEveryTicks: num(options.syncEveryTicks, 5),
    silentAfterTicks: num(options.silentAfterTicks, 15),
    forwardTimeoutTicks: num(options.forwardTimeoutTicks, 40),
    roundStartsTicks: rounds,
  };
}

export const opts = (ctx: NodeContext): ReplicaOptions => optionsOf(ctx.options);
