/**
 * The shapes of client messages, checked without ever throwing (a throwing Colyseus validator
 * disconnects the client). Params are copied through JSON: what the world sees is exactly what
 * the stored input log will replay (no BigInt, undefined, NaN, or shared references).
 */
import { err, ok, type Result } from "../../shared/base/result.js";
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
  return typeof seq === "number" && Number.isInteger(seq) && seq >= 0 && seq <= SEQ_MAX ? seq : null;
}

function refuse(seq: number | null, code: Refusal["code"], message: string): { ok: false; error: MessageRefusal } {
  return err({ seq, code, message });
}

function isPlainObject(raw: unknown): raw is Raw {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw);
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

export function parseAct(raw: unknown): Result<ActMessage, MessageRefusal> {
  const seq = seqOf(raw);
  if (!isPlainObject(raw)) return refuse(seq, "bad-message", 'Send act as { action: string, params?: object, seq?: number }.');
  if (raw.seq !== undefined && seq === null) return refuse(null, "bad-message", `seq must be a whole number from 0 to ${SEQ_MAX}.`);
  const { action } = raw;
  if (typeof action !== "string" || action.length < 1 || action.length > NAME_LENGTH_MAX) {
    return refuse(seq, "bad-message", `action must be the name of an action (1-${NAME_LENGTH_MAX} characters).`);
  }
  let params: unknown = {};
  if (raw.params !== undefined) {
    if (!isPlainObject(raw.params)) return refuse(seq, "bad-message", "params must be an object, e.g. { seq: 3 }.");
    const copy = jsonCopy(raw.params, PARAMS_JSON_BYTES_MAX);
    if ("error" in copy) {
      return copy.error === "too-large"
        ? refuse(seq, "too-large", `params are larger than ${PARAMS_JSON_BYTES_MAX} bytes of JSON.`)
        : refuse(seq, "bad-message", "params must be plain JSON (numbers, strings, booleans, arrays, objects).");
    }
    params = copy.value;
  }
  return ok({ action, params, seq });
}

export function parseControl(raw: unknown): Result<ControlMessage, MessageRefusal> {
  const seq = seqOf(raw);
  if (!isPlainObject(raw)) return refuse(seq, "bad-message", "Send control as { kind: string, ... }.");
  switch (raw.kind) {
    case "autopilot":
      if (typeof raw.chore !== "string" || raw.chore.length > NAME_LENGTH_MAX || typeof raw.on !== "boolean") {
        return refuse(seq, "bad-message", "Send { kind: \"autopilot\", chore: string, on: boolean }.");
      }
      return ok({ kind: "autopilot", chore: raw.chore, on: raw.on, seq });
    case "knob":
      if (typeof raw.knob !== "string" || raw.knob.length > NAME_LENGTH_MAX || typeof raw.value !== "number" || !Number.isFinite(raw.value)) {
        return refuse(seq, "bad-message", 'Send { kind: "knob", knob: string, value: number }.');
      }
      return ok({ kind: "knob", knob: raw.knob, value: raw.value, seq });
    case "ready":
      if (typeof raw.ready !== "boolean") return refuse(seq, "bad-message", 'Send { kind: "ready", ready: true | false }.');
      return ok({ kind: "ready", ready: raw.ready, seq });
    case "start":
    case "pause":
    case "resume":
    case "take-seat":
      return ok({ kind: raw.kind, seq });
    case "speed":
      if (typeof raw.speed !== "number" || !Number.isFinite(raw.speed)) return refuse(seq, "bad-message", 'Send { kind: "speed", speed: 0.5 | 1 | 2 | 4 }.');
      return ok({ kind: "speed", speed: raw.speed, seq });
    case "fault": {
      const copy = jsonCopy(raw.fault, FAULT_JSON_BYTES_MAX);
      if ("error" in copy || !isPlainObject(copy.value)) {
        return refuse(seq, "bad-message", `Send { kind: "fault", fault: { kind, atTick, ... } } (a fault spec as in level files, times relative to now, at most ${FAULT_JSON_BYTES_MAX} bytes).`);
      }
      return ok({ kind: "fault", fault: copy.value, seq });
    }
    default:
      return refuse(seq, "bad-message", 'control kind must be one of "autopilot", "knob", "ready", "start", "pause", "resume", "fault", "take-seat", "speed".');
  }
}
