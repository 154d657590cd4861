/** The facts raft writes in the trace, for its checks and watch mode's captions (sim/notes.ts). */
import { Type } from "@sinclair/typebox";
import { defineNotes } from "../../sim/notes.js";

const term = Type.Integer({ minimum: 0 });
const index = Type.Integer({ minimum: 1, description: "A log position, from 1." });
const entry = { index, term, command: Type.String() };

export const RAFT_NOTES = defineNotes({
  /** A node moved to a newer term. */
  term: Type.Object({ term }),
  /** A node voted in this term for this candidate (its own vote when it stands). */
  vote: Type.Object({ term, candidate: Type.String() }),
  /** A candidate won: leader of this term, with these votes. */
  leader: Type.Object({ term, votes: Type.Array(Type.String()) }),
  /** A leader saw a newer term and stepped down. */
  "step-down": Type.Object({ term }),
  /** An entry was appended to this node's log at this index. */
  append: Type.Object(entry),
  /** A follower removed its entries from fromIndex on (they conflicted with the leader's). */
  truncate: Type.Object({ fromIndex: index, removed: Type.Integer({ minimum: 0 }) }),
  /** A leader counted the replicas of an entry before committing up to it. */
  counted: Type.Object({ index, entryTerm: term, term, replicas: Type.Array(Type.String()) }),
  /** An entry became committed on this node. */
  commit: Type.Object(entry),
  /** This node's state machine applied an entry. */
  apply: Type.Object(entry),
});
