/**
 * Everything a workshop's clients send, checked with TypeBox schemas (the schemas are the
 * documentation): the create options, the join options of each role, and the console's
 * commands. Never throws: a bad message is refused with a sentence saying what to send.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { err, ok, type Result } from "../../shared/base/result.js";
import { FAULT_JSON_BYTES_MAX, jsonCopy } from "../rooms/messages.js";
import { NEMESIS_POINTS_MAX } from "../../shared/sim/nemesis.js";

const Id = Type.String({ minLength: 1, maxLength: 16, pattern: "^[A-Za-z0-9_-]+$" });
const Secret = Type.String({ minLength: 22, maxLength: 22, pattern: "^[A-Za-z0-9_-]{22}$" });
const Team = Type.Integer({ minimum: 0, maximum: 199 });

export const CreateOptions = Type.Object(
  {
    levelId: Type.String({ minLength: 1, maxLength: 64 }),
    /** A playlist: the levels played after levelId, in order, by the same teams. */
    then: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 5 })),
    teamSize: Type.Integer({ minimum: 1, maximum: 16 }),
    playMode: Type.Optional(Type.Union([Type.Literal("guided"), Type.Literal("free")])),
    facilitate: Type.Optional(Type.Literal(true)),
    /** Tests only (SPLIT_BRAIN_TEST_SPEED=1): passed on to the team rooms. */
    speed: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 0xffffffff })),
  },
  { additionalProperties: false },
);
export type CreateOptions = Static<typeof CreateOptions>;

/** A join is one of: the console (its secret), the projector (its key), a student (a nickname). */
export const JoinOptions = Type.Union([
  Type.Object({ facilitate: Type.Literal(true) }, { additionalProperties: true }),
  Type.Object({ secret: Secret }, { additionalProperties: false }),
  Type.Object({ projector: Type.String({ minLength: 10, maxLength: 10 }) }, { additionalProperties: false }),
  Type.Object({ nickname: Type.String({ minLength: 1, maxLength: 96 }) }, { additionalProperties: false }),
  /** A student's page on a new connection: the rejoin secret its welcome gave it. */
  Type.Object({ rejoin: Secret }, { additionalProperties: false }),
]);
export type JoinOptions = Static<typeof JoinOptions>;

const Scope = Type.Union([Team, Type.Null()]);

export const ConsoleCommand = Type.Union([
  Type.Object({ kind: Type.Literal("kick"), student: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal("move"), student: Id, team: Team }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal("lock"), locked: Type.Boolean() }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal("start") }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal("next") }, { additionalProperties: false }),
  Type.Object({ kind: Type.Union([Type.Literal("pause"), Type.Literal("resume"), Type.Literal("end")]), team: Scope }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal("fault"), team: Scope, fault: Type.Object({ kind: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: true }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal("project"), team: Team }, { additionalProperties: false }),
  /** Which moment of the projected team's debrief the projector shows (0: the whole game). */
  Type.Object({ kind: Type.Literal("step"), step: Type.Integer({ minimum: 0, maximum: 999 }) }, { additionalProperties: false }),
  /** Team `team` plays the network of team `against` (null: nodes again), with `points` of fault budget. */
  Type.Object({ kind: Type.Literal("nemesis"), team: Team, against: Scope, points: Type.Integer({ minimum: 1, maximum: NEMESIS_POINTS_MAX }) }, { additionalProperties: false }),
]);
export type ConsoleCommand = Static<typeof ConsoleCommand>;

const WHAT_TO_SEND: Record<string, string> = {
  create: "Create a workshop with { levelId, then?: [levelId, ...] (up to 5 more levels, played in order), teamSize: 1-16, playMode?: \"guided\" | \"free\" }.",
  join: "Join a workshop with { nickname } (students; { rejoin } to come back), { secret } (the facilitator's console) or { projector } (the projector's key).",
  command:
    'Send the console\'s commands as { kind: "kick" | "move" | "lock" | "start" | "next" | "pause" | "resume" | "end" | "fault" | "project" | "step" | "nemesis", ... }: ' +
    "kick { student }, move { student, team }, lock { locked }, pause/resume/end { team: number | null }, fault { team, fault }, project { team }, step { step: 0-999 } (the moment of the projected debrief), nemesis { team, against: number | null, points: 1-100 }.",
};

/** The message checked against its schema, or what to send instead. */
export function checked<T extends TSchema>(schema: T, raw: unknown, what: keyof typeof WHAT_TO_SEND): Result<Static<T>, string> {
  // A fault spec is copied through JSON first, bounded, as the level room does.
  const copy = jsonCopy(raw, FAULT_JSON_BYTES_MAX);
  if ("error" in copy) return err(`${copy.error === "too-large" ? "Too large. " : "Not JSON. "}${WHAT_TO_SEND[what]}`);
  if (!Value.Check(schema, copy.value)) {
    const first = Value.Errors(schema, copy.value).First();
    const where = first?.path ? ` (${first.path}: ${first.message})` : "";
    return err(`${WHAT_TO_SEND[what]}${where}`);
  }
  return ok(copy.value as Static<T>);
}
