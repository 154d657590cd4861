/**
 * The shapes of client messages ("act" and "control"), as TypeBox schemas, checked without
 * ever throwing (a throwing Colyseus validator disconnects the client).
 */
import { Type, type Static, type TProperties, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { err, ok, type Result } from "../../shared/base/result.js";
import { schemaError } from "../../shared/level/schema-errors.js";
import type { Refusal } from "./game-session.js";

/** One action's params; real ones are a few dozen bytes. */
export const PARAMS_JSON_BYTES_MAX = 1024;
/** A live fault spec is small too. */
export const FAULT_JSON_BYTES_MAX = 2048;
const NAME_LENGTH_MAX = 64;
const SEQ_MAX = 2 ** 31 - 1;

export interface ActMessage {
  action: string;
  params: unknown;
  seq: number | null;
}

export type ControlMessage =
  | { kind: "autopilot"; chore: string; on: boolean; seq: number | null }
  | { kind: "knob"; knob: string; value: number; seq: number | null }
  | { kind: "ready"; ready: boolean; seq: number | null }
  | { kind: "start" | "pause" | "resume" | "take-seat"; seq: number | null }
  /** Watch mode: how fast the bot plays (checked against WATCH_SPEEDS by the session). */
  | { kind: "speed"; speed: number; seq: number | null }
  | { kind: "fault"; fault: unknown; seq: number | null };

export type MessageRefusal = Refusal & { seq: number | null };

type Raw = Record<string, unknown>;

/** The client's sequence number, if it sent a usable one, so a refusal can be matched to its message. */
export function seqOf(raw: unknown): number | null {
  const seq = typeof raw === "object" && raw !== null ? (raw as Raw).seq : undefined;
  return Value.Check(Seq, seq) ? seq : null;
}

function refuse(seq: number | null, code: Refusal["code"], message: string): { ok: false; error: MessageRefusal } {
  return err({ seq, code, message });
}

/** A JSON copy of `value`, or null when it is not JSON or is larger than `bytesMax`. */
export function jsonCopy(value: unknown, bytesMax: number): { value: unknown } | { error: "not-json" | "too-large" } {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return { error: "not-json" };
  }
  if (text === undefined) return { error: "not-json" };
  if (Buffer.byteLength(text) > bytesMax) return { error: "too-large" };
  return { value: JSON.parse(text) as unknown };
}

/**
 * The message schemas (TypeBox, as level files and workshop messages): each names what to send,
 * and the refusal quotes it with the field that failed. Extra fields are refused, not ignored.
 */
const Seq = Type.Integer({ minimum: 0, maximum: SEQ_MAX });
const Name = Type.String({ minLength: 1, maxLength: NAME_LENGTH_MAX });
/** A message's schema: its fields, an optional seq, nothing else. */
export const message = <P extends TProperties>(properties: P) => Type.Object({ ...properties, seq: Type.Optional(Seq) }, { additionalProperties: false });

export const ActSchema = message({ action: Name, params: Type.Optional(Type.Object({}, { additionalProperties: true })) });
const SEND_ACT = "Send act as { action: string, params?: object, seq?: number }";

/** Each control kind: its schema and what to send. */
export const CONTROL_KINDS = {
  autopilot: { schema: message({ kind: Type.Literal("autopilot"), chore: Name, on: Type.Boolean() }), send: 'Send { kind: "autopilot", chore: string, on: boolean }' },
  knob: { schema: message({ kind: Type.Literal("knob"), knob: Name, value: Type.Number() }), send: 'Send { kind: "knob", knob: string, value: number }' },
  ready: { schema: message({ kind: Type.Literal("ready"), ready: Type.Boolean() }), send: 'Send { kind: "ready", ready: true | false }' },
  start: { schema: message({ kind: Type.Literal("start") }), send: 'Send { kind: "start" }' },
  pause: { schema: message({ kind: Type.Literal("pause") }), send: 'Send { kind: "pause" }' },
  resume: { schema: message({ kind: Type.Literal("resume") }), send: 'Send { kind: "resume" }' },
  "take-seat": { schema: message({ kind: Type.Literal("take-seat") }), send: 'Send { kind: "take-seat" }' },
  /** Watch mode: how fast the bot plays (checked against WATCH_SPEEDS by the session). */
  speed: { schema: message({ kind: Type.Literal("speed"), speed: Type.Number() }), send: 'Send { kind: "speed", speed: 0.5 | 1 | 2 | 4 }' },
  fault: {
    schema: message({ kind: Type.Literal("fault"), fault: Type.Object({}, { additionalProperties: true }) }),
    send: `Send { kind: "fault", fault: { kind, atTick, ... } } (a fault spec as in level files, times relative to now, at most ${FAULT_JSON_BYTES_MAX} bytes)`,
  },
} as const;
type ControlKind = keyof typeof CONTROL_KINDS;
const isControlKind = (kind: unknown): kind is ControlKind => typeof kind === "string" && Object.hasOwn(CONTROL_KINDS, kind);

/**
 * `raw` copied through JSON within `bytesMax` and checked against `schema`: what the world sees
 * is exactly what the stored input log will replay (no BigInt, undefined, NaN, or shared
 * references). Never throws (a throwing Colyseus validator disconnects the client).
 */
export function checkedMessage<T extends TSchema>(schema: T, raw: unknown, bytesMax: number, send: string): Result<Static<T>, MessageRefusal> {
  const seq = seqOf(raw);
  const copy = jsonCopy(raw, bytesMax);
  if ("error" in copy) {
    return copy.error === "too-large" ? refuse(seq, "too-large", `The message is larger than ${bytesMax} bytes of JSON.`) : refuse(seq, "bad-message", `${send}, as plain JSON.`);
  }
  const problem = schemaError(schema, copy.value);
  if (problem) return refuse(problem.path === "seq" ? null : seq, "bad-message", `${send}${problem.path ? ` (${problem.path}: ${problem.reason})` : ""}.`);
  return ok(copy.value as Static<T>);
}

export function parseAct(raw: unknown): Result<ActMessage, MessageRefusal> {
  const checked = checkedMessage(ActSchema, raw, PARAMS_JSON_BYTES_MAX + 256, SEND_ACT);
  if (!checked.ok) return checked;
  const { action, params = {}, seq } = checked.value;
  // Params alone are bounded too: a real action's are a few dozen bytes.
  if (Buffer.byteLength(JSON.stringify(params)) > PARAMS_JSON_BYTES_MAX) return refuse(seq ?? null, "too-large", `params are larger than ${PARAMS_JSON_BYTES_MAX} bytes of JSON.`);
  return ok({ action, params, seq: seq ?? null });
}

export function parseControl(raw: unknown): Result<ControlMessage, MessageRefusal> {
  const kind = typeof raw === "object" && raw !== null ? (raw as Raw).kind : undefined;
  if (!isControlKind(kind)) {
    const kinds = Object.keys(CONTROL_KINDS).map((k) => JSON.stringify(k)).join(", ");
    return refuse(seqOf(raw), "bad-message", `Send control as { kind, ... }: kind must be one of ${kinds}.`);
  }
  const { schema, send } = CONTROL_KINDS[kind];
  const checked = checkedMessage(schema as TSchema, raw, FAULT_JSON_BYTES_MAX + 256, send);
  if (!checked.ok) return checked;
  const message = checked.value as ControlMessage & { seq?: number };
  return ok({ ...message, seq: message.seq ?? null } as ControlMessage);
}
