/**
 * The gauntlet's bots. The scripted services are always correct. The correct S plays every
 * round by the book; each named mistake is the same S with one round's fallacy left in.
 */
import type { BotPolicy, NodeContext, NodeEvent, Step } from "../../sim/protocol.js";
import { backendStep } from "./backends.js";
import type { AnswerKind } from "./bonus.js";
import { CORRECT_SETTINGS } from "./cards.js";
import { serviceBot } from "./service.js";
import type { GauntletState, Settings } from "./state.js";

function byRole(settings: Settings, answer: AnswerKind) {
  const service = serviceBot(settings, answer);
  return (state: GauntletState, event: NodeEvent, ctx: NodeContext): Step<GauntletState> => (ctx.role === "service" ? service(state, event, ctx) : backendStep(state, event, ctx));
}

function mistake(summary: string, change: Partial<Settings>, answer: AnswerKind = "bound"): BotPolicy<GauntletState> {
  return { summary, roles: ["service"], mistake: "rule", step: byRole({ ...CORRECT_SETTINGS, ...change }, answer) };
}

export const GAUNTLET_BOTS: Record<string, BotPolicy<GauntletState>> = {
  correct: {
    summary: "Every round by the book: keyed retries, parallel lookups and cache, projections, verified signatures, Discovery on a timeout, the change feed, batches, MTU-sized chunks; answers the bonus with a staleness bound.",
    roles: ["service", "payments", "inventory", "discovery", "auth", "impostor", "team", "relay"],
    step: byRole(CORRECT_SETTINGS, "bound"),
  },
  "retry-no-key": mistake("R1: retries a charge on timeout without the idempotency key: a lost reply becomes a double charge.", { reliable: "retry" }),
  "sequential-calls": mistake("R2: builds each page with one lookup after another: the waits add up past the deadline.", { latency: "sequential" }),
  "full-records": mistake("R3: sends the full 50-field record: the uplink queue overflows.", { bandwidth: "full" }),
  "accept-unsigned": mistake("R4: runs every command that claims to come from Auth, the impostor's included.", { secure: "trust-claim" }),
  "fixed-address": mistake("R5: keeps sending to Inventory's old address after it moved.", { topology: "fixed" }),
  "ignore-feed": mistake("R6: ignores the change feed and decodes only schema v1: every event after the rename fails.", { admin: "v1-only" }),
  "no-batching": mistake("R7: one message per forwarded event: the transport bill is over budget.", { cost: "each" }),
  "whole-payload": mistake("R8: sends 6 KB payloads whole over the Ocean route, whose MTU silently drops them.", { homogeneous: "whole" }),
  "exact-count": mistake("Bonus: answers its last count report as the exact number of orders right now.", {}, "exact"),
};
