/**
 * The Lamport level's data: node state, message payloads, report and quiz records.
 * Rounds: 1 = stamps are wall-clock readings; 2 = Lamport stamps; 3 = the quiz (still Lamport).
 */
import type { QuizAnswer } from "./checks/quiz.js";
import type { StampKind } from "./checks/events.js";

export type { QuizAnswer, StampKind };
export type ClockMode = "wall" | "lamport";

export interface Item {
  id: string;
  kind: "rumor" | "reaction";
  author: string;
  /** A reaction names the rumor it reacts to. */
  parent: string | null;
}

/** One stamped event of this node, as the node itself remembers it. */
export interface HistoryEntry {
  eventId: string;
  /** The node's event number (1, 2, ...), both rounds. */
  n: number;
  kind: StampKind;
  round: number;
  clock: ClockMode;
  stamp: number;
  /** The wall-clock reading at the event (what round 1 orders by). */
  wall: number;
  itemId: string;
  /** send: to whom. */
  to: string | null;
  /** receive: from whom, which message, which send event, the stamp it carried. */
  from: string | null;
  msgId: number | null;
  fromEvent: string | null;
  msgStamp: number | null;
}

export interface GossipPayload {
  round: number;
  clock: ClockMode;
  stamp: number;
  /** The send event that carries this message: how a receive names its cause. */
  eventId: string;
  item: Item;
}

/** A copy of one event record for the archivist (not a Lamport event itself: it adds no edge). */
export interface ReportPayload {
  eventId: string;
  node: string;
  n: number;
  kind: StampKind;
  round: number;
  clock: ClockMode;
  stamp: number;
  wall: number;
  item: Item;
  to: string | null;
  from: string | null;
  fromEvent: string | null;
}

export interface RoundPayload {
  round: number;
}

export interface QuizEvent {
  eventId: string;
  node: string;
  kind: StampKind;
  stamp: number;
  /** Plain words, from the asked node's point of view ("you received rumor N2-1 from N2"). */
  text: string;
}

export interface QuizQuestion {
  qid: string;
  a: QuizEvent;
  b: QuizEvent;
}

export interface QuizPayload {
  questions: QuizQuestion[];
}

/** A gossip message waiting on a human's node to be opened (received) or ignored (a duplicate). */
export interface UnreadMessage {
  msgId: number;
  from: string;
  /** The receiver's own arrival number (message.ts Arrival): tells two copies apart without saying which is the duplicate. */
  arrival: number;
  payload: GossipPayload;
}

export interface Prompt {
  requestId: string;
  /** What the client asks for: a new rumor, or a reaction to a rumor you have seen. */
  kind: "rumor" | "react";
}

export interface Outgoing {
  itemId: string;
  to: string;
}

export interface LamportState {
  [field: string]: unknown;
  round: number;
  /** The Lamport counter: the last stamp this node gave (round 2 on). */
  clock: number;
  nextN: number;
  nextItem: number;
  items: Item[];
  history: HistoryEntry[];
  /** Message ids already received: what makes a duplicate recognisable. */
  receivedMsgIds: number[];
  /** Requests already posted, so a bot taking over never posts one twice. */
  served: string[];
  /** Gossip sends still to make (the auto-forward chore's queue). */
  toForward: Outgoing[];
  /** Event records not yet sent to the archivist (the auto-report chore's queue). */
  unreported: ReportPayload[];
  unread: UnreadMessage[];
  prompts: Prompt[];
  quiz: QuizQuestion[];
  answered: { qid: string; answer: QuizAnswer }[];
  /** Archivist: every event record received, once each. */
  reports: ReportPayload[];
  published: number[];
}

export const MSG = { gossip: "gossip", report: "report", round: "round", quiz: "quiz" } as const;

/** On disk: survive a crash (the rest is RAM). */
export const DURABLE_FIELDS = ["round", "clock", "nextN", "nextItem", "items", "history", "receivedMsgIds", "served", "toForward", "unreported", "answered", "reports", "published"] as const;

export const HISTORY_MAX = 800;
export const RECEIVED_MAX = 600;
export const ITEMS_MAX = 300;
export const SERVED_MAX = 200;
export const UNREAD_MAX = 60;
export const REPORTS_MAX = 4000;
export const QUEUE_MAX = 400;

export function initState(): LamportState {
  return {
    round: 1,
    clock: 0,
    nextN: 1,
    nextItem: 1,
    items: [],
    history: [],
    receivedMsgIds: [],
    served: [],
    toForward: [],
    unreported: [],
    unread: [],
    prompts: [],
    quiz: [],
    answered: [],
    reports: [],
    published: [],
  };
}

/** Keep the newest `max` entries: every list in a node's state is bounded. */
export function capped<T>(list: T[], max: number): T[] {
  return list.length > max ? list.slice(list.length - max) : list;
}
