/**
 * What a check's parameters may be, declared as a schema (TypeBox) on the check itself: a level
 * file's `params` are validated against it by parseLevel, naming the field ("goals[3].params.
 * withinTicsk is not a field here; did you mean withinTicks?"), and the generated
 * levels/level.schema.json lets an editor complete them. Defaults live in the schema once:
 * `paramsOf` fills them in where the check reads its parameters.
 */
import { Type, type Static, type TObject, type TOptional, type TProperties, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

/** A check's parameters: these and nothing else (a typo is refused, not silently ignored). */
export function checkParams<P extends TProperties>(properties: P): TObject<P> {
  return Type.Object(properties, { additionalProperties: false });
}

/** For checks that take none: any parameter given is a mistake worth naming. */
export const NO_PARAMS = checkParams({});

/** A parameter a level may leave out: its schema carries the default (and says so to TypeScript). */
type Defaulted<S extends TSchema> = TOptional<S> & { default: Static<S> };

function defaulted<S extends TSchema>(schema: S): Defaulted<S> {
  return Type.Optional(schema) as Defaulted<S>;
}

/** A duration in ticks (10 ticks = 1 game-second), with its default. */
export const paramTicks = (defaultTicks: number, description: string) =>
  defaulted(Type.Integer({ minimum: 0, maximum: 36_000, default: defaultTicks, description: `${description} In ticks (10 = 1 s).` }));

export const paramNumber = (defaultValue: number, description: string, limits: { minimum?: number; maximum?: number } = {}) =>
  defaulted(Type.Number({ default: defaultValue, description, ...limits }));

export const paramInteger = (defaultValue: number, description: string, limits: { minimum?: number; maximum?: number } = {}) =>
  defaulted(Type.Integer({ default: defaultValue, description, ...limits }));

export const paramNode = (defaultNode: string, description: string) =>
  defaulted(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_-]{0,31}$", default: defaultNode, description }));

export const paramText = (defaultText: string, description: string) => defaulted(Type.String({ minLength: 1, maxLength: 64, default: defaultText, description }));

/** Some of the level's nodes; absent means the check's own choice (say, every seat). */
export const paramNodes = (description: string) =>
  Type.Optional(Type.Array(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_-]{0,31}$" }), { minItems: 1, maxItems: 64, description }));

/** The parameters as a check reads them: those with a default are always there. */
export type ParamsWithDefaults<T extends TObject> = Static<T> & {
  [K in keyof T["properties"] as T["properties"][K] extends { default: unknown } ? K : never]-?: Static<T["properties"][K]>;
};

/**
 * The parameters with the schema's defaults filled in. parseLevel has validated a level's
 * params against the schema; a check called with others (a test) gets them as given.
 */
export function paramsOf<T extends TObject>(schema: T, params: Readonly<Record<string, unknown>>): ParamsWithDefaults<T> {
  return Value.Default(schema, { ...params }) as ParamsWithDefaults<T>;
}
