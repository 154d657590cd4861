/**
 * Every checker by id. Levels name checks by these ids; the parser refuses unknown ones.
 * Protocol-specific checks live in their own files and are listed here once.
 */
import type { GoalCheck, SafetyCheck } from "./check.js";
import { GENERIC_GOALS } from "./generic-goals.js";
import { HELLO_GOALS, HELLO_SAFETY } from "./hello-checks.js";
import { LAMPORT_GOALS, LAMPORT_SAFETY } from "./lamport-checks.js";
import { MKV_GOALS, MKV_SAFETY } from "./majority-kv-checks.js";
import { RAFT_GOALS, RAFT_SAFETY } from "./raft-checks.js";

const SAFETY: Record<string, SafetyCheck> = {};
const GOALS: Record<string, GoalCheck> = {};

export function registerChecks(safety: readonly SafetyCheck[], goals: readonly GoalCheck[]): void {
  for (const check of safety) SAFETY[check.id] = check;
  for (const check of goals) GOALS[check.id] = check;
}

registerChecks([], GENERIC_GOALS);
registerChecks(HELLO_SAFETY, HELLO_GOALS);
registerChecks(LAMPORT_SAFETY, LAMPORT_GOALS);
registerChecks(RAFT_SAFETY, RAFT_GOALS);
registerChecks(MKV_SAFETY, MKV_GOALS);

export function hasSafetyCheck(id: string): boolean {
  return Object.hasOwn(SAFETY, id);
}

export function hasGoalCheck(id: string): boolean {
  return Object.hasOwn(GOALS, id);
}

export function safetyCheck(id: string): SafetyCheck {
  const check = SAFETY[id];
  if (!check || !Object.hasOwn(SAFETY, id)) throw new Error(`no safety check ${id}`);
  return check;
}

export function goalCheck(id: string): GoalCheck {
  const check = GOALS[id];
  if (!check || !Object.hasOwn(GOALS, id)) throw new Error(`no goal check ${id}`);
  return check;
}

export function allSafetyChecks(): SafetyCheck[] {
  return Object.values(SAFETY);
}
