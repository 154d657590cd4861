/**
 * The catalog: every protocol and checker a game may use, handed to the engine
 * (`createWorld(level, catalog, seed)`) instead of imported by it. The engine names no protocol,
 * and a test can add one of its own (tests/support/heartbeat-protocol.ts) without it shipping.
 * The one list the game ships is shared/protocols/catalog.ts.
 */
import type { GoalCheck, SafetyCheck } from "./check.js";
import type { Protocol } from "./protocol.js";

export interface Catalog {
  readonly protocols: Readonly<Record<string, Protocol>>;
  /** Safety checks by id: each protocol's own, namespaced by protocol ("raft/vote-once"). */
  readonly safetyChecks: Readonly<Record<string, SafetyCheck>>;
  /** Goal checks by id: the generic ones ("requests/served") and each protocol's own. */
  readonly goalChecks: Readonly<Record<string, GoalCheck>>;
}

export function catalogProtocol(catalog: Catalog, id: string): Protocol | undefined {
  return Object.hasOwn(catalog.protocols, id) ? catalog.protocols[id] : undefined;
}

export function catalogSafetyCheck(catalog: Catalog, id: string): SafetyCheck | undefined {
  return Object.hasOwn(catalog.safetyChecks, id) ? catalog.safetyChecks[id] : undefined;
}

export function catalogGoalCheck(catalog: Catalog, id: string): GoalCheck | undefined {
  return Object.hasOwn(catalog.goalChecks, id) ? catalog.goalChecks[id] : undefined;
}

/**
 * A catalog of these protocols (each bringing its own checks) plus checks that belong to no
 * protocol. Ids must be unique: a clash is a programming error, thrown at startup.
 */
export function makeCatalog(protocols: readonly Protocol[], generic: { safety?: readonly SafetyCheck[]; goals?: readonly GoalCheck[] } = {}): Catalog {
  const byId: Record<string, Protocol> = {};
  const safetyChecks: Record<string, SafetyCheck> = {};
  const goalChecks: Record<string, GoalCheck> = {};
  const add = <T extends { id: string }>(into: Record<string, T>, item: T, what: string): void => {
    if (Object.hasOwn(into, item.id)) throw new Error(`two ${what} are called ${item.id}`);
    into[item.id] = item;
  };
  for (const check of generic.safety ?? []) add(safetyChecks, check, "safety checks");
  for (const check of generic.goals ?? []) add(goalChecks, check, "goal checks");
  for (const protocol of protocols) {
    add(byId, protocol, "protocols");
    for (const check of protocol.checks?.safety ?? []) add(safetyChecks, check, "safety checks");
    for (const check of protocol.checks?.goals ?? []) add(goalChecks, check, "goal checks");
  }
  return { protocols: byId, safetyChecks, goalChecks };
}

/** The same catalog with more protocols (tests add their own). */
export function withProtocols(catalog: Catalog, protocols: readonly Protocol[]): Catalog {
  const generic = {
    safety: Object.values(catalog.safetyChecks).filter((c) => !Object.values(catalog.protocols).some((p) => p.checks?.safety.includes(c))),
    goals: Object.values(catalog.goalChecks).filter((c) => !Object.values(catalog.protocols).some((p) => p.checks?.goals.includes(c))),
  };
  return makeCatalog([...Object.values(catalog.protocols), ...protocols], generic);
}
