/** The facts lamport writes in the trace, for its checks and watch mode's captions (sim/notes.ts). */
import { Type } from "@sinclair/typebox";
import { defineNotes } from "../../sim/notes.js";

const orNull = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const eventId = Type.String({ description: "An event's id: node#n." });
const QUIZ_ANSWER = Type.Union([Type.Literal("a-before-b"), Type.Literal("b-before-a"), Type.Literal("concurrent"), Type.Literal("cannot-tell")]);

export const LAMPORT_NOTES = defineNotes({
  /** Peer: an event stamped (the history entry, and the kind and parent of its item). */
  stamp: Type.Object({
    eventId,
    n: Type.Integer({ minimum: 1 }),
    kind: Type.Union([Type.Literal("local"), Type.Literal("send"), Type.Literal("receive")]),
    round: Type.Integer({ minimum: 0 }),
    clock: Type.Union([Type.Literal("wall"), Type.Literal("lamport")]),
    stamp: Type.Number({ description: "The stamp given (Free mode may give any number)." }),
    wall: Type.Number(),
    itemId: Type.String(),
    to: orNull(Type.String()),
    from: orNull(Type.String()),
    msgId: orNull(Type.Integer()),
    fromEvent: orNull(Type.String()),
    msgStamp: orNull(Type.Number()),
    itemKind: Type.Union([Type.Literal("rumor"), Type.Literal("reaction")]),
    parent: orNull(Type.String()),
  }),
  /** Peer: a second copy of a message already received, not stamped. */
  "ignored-duplicate": Type.Object({ msgId: Type.Integer(), from: Type.String(), arrival: Type.Integer() }),
  /** Peer: it entered a later round. */
  round: Type.Object({ round: Type.Integer({ minimum: 0 }) }),
  /** Archivist: the round's published history, in the order printed. */
  archive: Type.Object({ round: Type.Integer({ minimum: 0 }), by: Type.Union([Type.Literal("lamport"), Type.Literal("wall")]), order: Type.Array(eventId) }),
  /** Archivist: a quiz question asked to a peer: could a have influenced b? */
  "quiz-question": Type.Object({ to: Type.String(), qid: Type.String(), a: eventId, b: eventId, aStamp: Type.Number(), bStamp: Type.Number() }),
  /** Peer: its answer to a quiz question. */
  "quiz-answer": Type.Object({ qid: Type.String(), a: eventId, b: eventId, answer: QUIZ_ANSWER }),
});
