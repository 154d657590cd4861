/**
 * A protocol's screen, as data: what the player's node panel and inbox cards show, computed by the
 * protocol from the node's own view (its state as the client receives it, and its NodeContext).
 * The client draws whatever these return and knows no protocol; each protocol's screen is
 * unit-tested on states its own reducers built. Every function is pure and never reads a field
 * listed in `unsentFields` (the client does not have them).
 */
import type { CardEvent } from "./action-params.js";
import type { NodeContext } from "./protocol.js";
import { humanize, valueText } from "./screen-text.js";

export type Tone = "ok" | "warn" | "bad";

/** A headline figure of the node (Lamport clock, epoch, lease left, quorum meter...). */
export interface Highlight {
  id: string;
  label: string;
  value: string;
  hint?: string;
  /** 0..1: drawn as a meter under the value. */
  meter?: number;
  tone?: Tone;
}

/**
 * A chip beside the node's name. `role`: the node's part in the protocol now (leader, follower),
 * coloured by its text; `count`: a number the protocol turns on (term 3, epoch 2).
 */
export interface Chip {
  kind: "role" | "count";
  text: string;
  /** What the chip means, on hover and for screen readers. */
  title?: string;
}

/** One line of the state list. `durable`: on disk, survives a crash (else RAM, lost in one). */
export interface PanelField {
  label: string;
  value: string;
  durable: boolean;
}

/** Fields shown together under a title ("Vote", "Leader", "Ledger"). */
export interface FieldGroup {
  title: string;
  fields: PanelField[];
}

/** What a log row's button asks for (Raft's "Commit" up to this entry), when the level offers it. */
export interface RowAction {
  action: string;
  params: Record<string, unknown>;
  label: string;
}

export interface LogRow {
  /** 1-based position in the log. */
  index: number;
  /** The epoch or term the entry was written in, short ("t2", "e1"). */
  tag: string;
  text: string;
  /** Marked ✓: committed (Raft), confirmed by a majority (a seat), reported (an event)... */
  committed: boolean;
  /** Leader: how many nodes are known to hold this entry, as "3/5". */
  holders?: string;
  action?: RowAction;
}

/** A replicated log, if the protocol has one: heading "Log (5) · committed to #3". */
export interface LogView {
  title: string;
  length: number;
  /** The heading after the count ("committed to #3", "confirmed 2"). */
  mark: string;
  /** What a ✓ on a row says ("committed", "confirmed", "reported"). */
  checked: string;
  durable: boolean;
  /** The newest rows, oldest first; `earlier` rows before them are not shown. */
  rows: LogRow[];
  earlier: number;
}

/** One of the rule's checks on a card, from what the node knows now (✓ or ✗). */
export interface CardCheck {
  ok: boolean;
  text: string;
}

/** `S` is the protocol's state as the client receives it: without its `unsentFields`. */
export interface ProtocolScreen<S> {
  /** Chips beside the node's name: its role now, its term or epoch. */
  chips(state: S, ctx: NodeContext): Chip[];
  /** Headline figures at the top of the panel. */
  highlights(state: S, ctx: NodeContext): Highlight[];
  /** The state the player needs, grouped. */
  fields(state: S, ctx: NodeContext): FieldGroup[];
  log?(state: S, ctx: NodeContext): LogView | null;
  /** The rule's checks for a card (a vote request against your term and log), or none. */
  checks?(state: S, card: CardEvent, ctx: NodeContext): CardCheck[];
  /** What a client's request asks for, in the protocol's words ("set x=2"), not its payload's fields. */
  requestText?(payload: Readonly<Record<string, unknown>>): string;
  /**
   * State fields the room does not send to the player's client: bookkeeping that mirrors what
   * the view already shows elsewhere (cards waiting for the player are inbox entries too).
   * Reducers still have them. Saves re-sending kilobytes at each change.
   */
  unsentFields?: readonly string[];
}

/** Log rows shown at most: the newest ones. */
export const LOG_ROWS_MAX = 8;

/**
 * Where a client keeps the full lengths of the lists the server cut to their newest entries
 * (Protocol.shownStateLists, shared/view/shown-state.ts): a screen counts with listLength, so
 * "Your events (230)" stays true when only the newest 12 were sent.
 */
export const LIST_TOTALS_KEY = "$totals";

/** A state list's full length: the server's count when it sent only the newest entries. */
export function listLength(state: object, field: string): number {
  const totals = (state as Record<string, unknown>)[LIST_TOTALS_KEY] as Record<string, number> | undefined;
  const list = (state as Record<string, unknown>)[field];
  return totals?.[field] ?? (Array.isArray(list) ? list.length : 0);
}

/** The newest rows of a log, numbered from 1, and how many come before them. `total`: the log's full length, when `log` holds only its newest entries. */
export function newestRows<E>(log: readonly E[], row: (entry: E, index: number) => LogRow, total = log.length): { rows: LogRow[]; earlier: number } {
  const shown = log.slice(Math.max(0, log.length - LOG_ROWS_MAX));
  const earlier = total - shown.length;
  return { rows: shown.map((entry, i) => row(entry, earlier + i + 1)), earlier };
}

/**
 * State fields as panel lines, by name, in the order given: "votedFor" reads "Voted for" unless
 * `labels` words it better ({ nextN: "Next event number" }).
 */
export function stateFields(state: Readonly<Record<string, unknown>>, names: readonly string[], durableFields: readonly string[], labels: Readonly<Record<string, string>> = {}): PanelField[] {
  return names.filter((name) => name in state).map((name) => ({ label: labels[name] ?? humanize(name), value: valueText(state[name]), durable: durableFields.includes(name) }));
}

/**
 * The screen of a protocol that describes none (tests' own protocols): every sent field, those
 * on disk first; no chips, no figures, no log.
 */
export function plainScreen(durableFields: readonly string[]): ProtocolScreen<Record<string, unknown>> {
  return {
    chips: () => [],
    highlights: () => [],
    fields: (state) => {
      const names = Object.keys(state).filter((name) => name !== LIST_TOTALS_KEY).sort((a, b) => Number(durableFields.includes(b)) - Number(durableFields.includes(a)));
      return [{ title: "State", fields: stateFields(state, names, durableFields) }];
    },
  };
}

/** The state as the client receives it: without the screen's unsent fields. */
export function sentState(state: Readonly<Record<string, unknown>>, unsent: readonly string[] | undefined): Record<string, unknown> {
  if (!unsent || unsent.length === 0) return { ...state };
  return Object.fromEntries(Object.entries(state).filter(([key]) => !unsent.includes(key)));
}

/** Everything the node panel shows of the protocol, at one moment. */
export interface NodeScreenView {
  chips: Chip[];
  highlights: Highlight[];
  fields: FieldGroup[];
  log: LogView | null;
}

/**
 * A node's screen from its view: the protocol's own, or every field plainly if it has none. A
 * crashed node's state holds only its durable fields (RAM is gone): its disk shows plainly, so a
 * protocol's screen only ever sees a whole state.
 */
export function nodeScreen(screen: ProtocolScreen<any> | undefined, durableFields: readonly string[], state: Record<string, unknown>, ctx: NodeContext, crashed = false): NodeScreenView {
  const s = screen && !crashed ? screen : plainScreen(durableFields);
  return { chips: s.chips(state, ctx), highlights: s.highlights(state, ctx), fields: s.fields(state, ctx), log: s.log?.(state, ctx) ?? null };
}
