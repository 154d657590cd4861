/** Two-replicas' checks: safety (no oversell, linearizable tickets, no lost add) and the rounds' goals. */
import type { GoalCheck, SafetyCheck } from "../../../sim/check.js";
import { availability } from "./availability.js";
import { converged } from "./converged.js";
import { noLostAdd } from "./no-lost-add.js";
import { noOversell } from "./no-oversell.js";
import { pacelcScore } from "./pacelc-score.js";
import { readLatency } from "./read-latency.js";
import { ticketsLinearizable } from "./tickets-linearizable.js";

export const REPLICA_SAFETY: readonly SafetyCheck[] = [noOversell, ticketsLinearizable, noLostAdd];
export const REPLICA_GOALS: readonly GoalCheck[] = [converged, availability, readLatency, pacelcScore];
