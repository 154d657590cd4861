/**
 * What the level parser needs to know of the protocols and checks a level may name: their names,
 * bots' roles, actions and chores. The engine's Catalog (shared/sim/catalog.ts) has this shape and
 * more, so the game hands the parser the same catalog it hands the engine; the parser imports no
 * protocol (this folder sits below the engine and the protocols).
 */
import type { TSchema } from "@sinclair/typebox";

export interface RoleCount {
  readonly min: number;
  readonly max: number;
}

export interface LevelCatalog {
  readonly protocols: Readonly<
    Record<
      string,
      {
        readonly bots: Readonly<Record<string, { readonly roles: readonly string[]; readonly mistake?: string }>>;
        readonly actions: Readonly<Record<string, unknown>>;
        readonly autopilot: Readonly<Record<string, unknown>>;
        /** The knobs a level may give the player (the protocol reads them from ctx.knobs). */
        readonly knobs?: Readonly<Record<string, unknown>>;
        /** The schema of the level's protocolOptions (TypeBox, i.e. JSON Schema). */
        readonly options?: TSchema;
        /** Every role the protocol knows, with how many nodes of it a level must have. */
        readonly roles?: Readonly<Record<string, RoleCount>>;
      }
    >
  >;
  /** Each check with the schema of the parameters it takes (none when absent). */
  readonly safetyChecks: Readonly<Record<string, { readonly title: string; readonly params?: TSchema }>>;
  readonly goalChecks: Readonly<Record<string, { readonly title: string; readonly params?: TSchema }>>;
}
