/**
 * Typed trace notes. A protocol declares each note it writes ("commit", "vote", ...) as a
 * TypeBox schema; the same declaration gives its reducers a typed way to write one and its
 * checkers and debrief a typed way to read one, instead of `Record<string, unknown>` read with
 * `typeof` guards at every use. tests/sim/trace-notes.test.ts plays every level and checks each
 * note a protocol writes against its declaration, so a reader's type is a checked promise.
 */
import type { Static, TObject } from "@sinclair/typebox";
import type { CaptionEffect, Effect } from "./protocol.js";
import type { TraceEvent } from "./trace.js";

export type NoteSchemas = Readonly<Record<string, TObject>>;

export interface Notes<N extends NoteSchemas> {
  /** The declarations, for the protocol's `notes` field (and the test that checks traces). */
  readonly schemas: N;
  /** A note effect: `notes.write("commit", { user, outbox })`. */
  write<K extends keyof N & string>(name: K, data: Static<N[K]>): Effect;
  /** The note's data if `event` (a trace event, or a bot's move in a caption) is this note, else null: `notes.read(e, "commit")?.user`. */
  read<K extends keyof N & string>(event: TraceEvent | CaptionEffect, name: K): Static<N[K]> | null;
}

export function defineNotes<const N extends NoteSchemas>(schemas: N): Notes<N> {
  return {
    schemas,
    write: (name, data) => ({ kind: "note", name, data: data as Record<string, unknown> }),
    read: (event, name) => (event.kind === "note" && event.name === name ? (event.data as Static<N[typeof name]>) : null),
  };
}
