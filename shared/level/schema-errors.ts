/**
 * A schema error as a level author reads it: the field (`faults[2].atTick`, not `/faults/2/atTick`)
 * and a reason written from the schema that failed ("must be a whole number between 0 and 600
 * (got 2.5)"), with a suggestion for a misspelt field ("heartbeatTicsk is not a field here; did
 * you mean heartbeatTicks?").
 */
import type { TSchema } from "@sinclair/typebox";
import { Value, ValueErrorType, type ValueError } from "@sinclair/typebox/value";
import type { LevelError } from "./level.js";

/** "/faults/2/atTick" -> "faults[2].atTick", under an optional prefix. */
export function fieldPath(pointer: string, prefix = ""): string {
  let out = prefix;
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`;
  }
  return out;
}

const shown = (value: unknown): string => (value === undefined ? "nothing" : JSON.stringify(value)?.slice(0, 60) ?? String(value));

function between(s: Record<string, unknown>): string {
  const min = s.minimum as number | undefined;
  const max = s.maximum as number | undefined;
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return "";
}

/** The closest of `names` to `typo`, if it is close enough to be a likely misspelling. */
export function closest(typo: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(typo.length / 3)) + 1;
  for (const name of names) {
    // A field cut short or run on (recoverAt for recoverAtTick) is as likely a slip as a typo.
    const [t, n] = [typo.toLowerCase(), name.toLowerCase()];
    if (t.length >= 4 && (n.startsWith(t) || t.startsWith(n))) return name;
    const d = editDistance(t, n);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

function reasonOf(e: ValueError, parentOf: (path: string) => TSchema | undefined): string {
  const s = e.schema as Record<string, unknown>;
  if (e.type === ValueErrorType.ObjectAdditionalProperties) {
    const key = e.path.split("/").pop() ?? "";
    const parent = (s.properties ? s : parentOf(e.path)) as { properties?: Record<string, unknown> } | undefined;
    const known = Object.keys(parent?.properties ?? {});
    const guess = closest(key, known);
    return `${key} is not a field here${guess ? `; did you mean ${guess}?` : known.length > 0 ? ` (the fields are ${known.join(", ")})` : ""}`;
  }
  if (typeof s.errorMessage === "string") return s.errorMessage;
  const got = ` (got ${shown(e.value)})`;
  switch (s.type) {
    case "integer":
      return `must be a whole number${between(s)}${got}`;
    case "number":
      return `must be a number${between(s)}${got}`;
    case "boolean":
      return `must be true or false${got}`;
    case "string":
      if (typeof e.value !== "string" || e.value.length === 0) return `must be a non-empty string${got}`;
      return typeof s.maxLength === "number" && e.value.length > s.maxLength ? `is longer than ${s.maxLength} characters` : `is not allowed here${got}`;
    case "array":
      if (!Array.isArray(e.value)) return `must be a list${got}`;
      if (typeof s.maxItems === "number" && e.value.length > s.maxItems) return `has ${e.value.length} items; at most ${s.maxItems} are allowed`;
      return `must list at least ${String(s.minItems)} item${s.minItems === 1 ? "" : "s"}`;
    case "object":
      return `must be an object${got}`;
  }
  if (s.const !== undefined) return `must be ${JSON.stringify(s.const)}${got}`;
  return `${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}${got}`;
}

/** The first thing wrong with `value` under `schema`, as a LevelError; null when it conforms. */
export function schemaError(schema: TSchema, value: unknown, prefix = ""): LevelError | null {
  if (Value.Check(schema, value)) return null;
  const first = Value.Errors(schema, value).First();
  if (!first) return { path: prefix, reason: "does not match the level format" };
  const parentOf = (path: string): TSchema | undefined => {
    let node: Record<string, unknown> | undefined = schema as unknown as Record<string, unknown>;
    for (const part of path.split("/").slice(1, -1)) {
      if (!node) return undefined;
      const props = node.properties as Record<string, Record<string, unknown>> | undefined;
      node = /^\d+$/.test(part) ? (node.items as Record<string, unknown> | undefined) : (props?.[part] ?? (node.patternProperties ? Object.values(node.patternProperties as object)[0] : undefined));
    }
    return node as TSchema | undefined;
  };
  return { path: fieldPath(first.path, prefix), reason: reasonOf(first, parentOf) };
}
