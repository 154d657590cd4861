/**
 * Building blocks for a protocol's options schema (its `options` on the Protocol): every level
 * may leave a `note` for the next level author; everything else a protocol lists, and nothing it
 * does not (a typo is refused, naming the field). Ticks are integers: 10 ticks = 1 game-second.
 */
import { Type, type TObject, type TProperties } from "@sinclair/typebox";

export const optionTicks = (min: number, max: number, description: string) => Type.Optional(Type.Integer({ minimum: min, maximum: max, description }));

/** [low, high] ticks, drawn at random between them. */
export const optionTickRange = (description: string) => Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 36_000 }), { minItems: 2, maxItems: 2, description, errorMessage: "must be [low, high] in ticks" }));

/** Per node: a value for some nodes (keys are node ids; parseLevel does not check them here). */
export const optionByNode = <T extends Parameters<typeof Type.Record>[1]>(value: T, description: string) => Type.Optional(Type.Record(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_-]{0,31}$" }), value, { description }));

export function protocolOptions(properties: TProperties): TObject {
  return Type.Object({ ...properties, note: Type.Optional(Type.String({ maxLength: 2000, description: "A note for level authors: why these values." })) }, { additionalProperties: false });
}
