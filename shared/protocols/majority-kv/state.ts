/**
 * Majority-kv ("Survive a Partition"): the state, messages and knobs shared by the peer logic,
 * the ledger, the player actions and the checks. One state type serves both roles (a peer sells
 * seats; the ledger charges cards) because the engine gives every node one protocol state.
 */
import type { NodeContext } from "../../sim/protocol.js";

/** One sold seat: the seat number is its position in the log (1-based). */
export interface Sale {
  resId: string;
  /** The node whose buyer asked for it: it gets the answer. */
  origin: string;
  /** The epoch of the leader that appended it. */
  epoch: number;
}

/** A buyer's reservation waiting at the node it arrived at. */
export interface Reservation {
  resId: string;
  /** Told "reservation pending": no leader could take it when it arrived or since. */
  queued: boolean;
}

/** A charge the leader decided and the ledger has not answered yet. */
export interface PendingCharge {
  resId: string;
  seat: number;
  token: number;
}

/** What the leader has heard back about one replication round (its lease is built from these). */
export interface Round {
  round: number;
  sentUptimeTicks: number;
  acks: string[];
}

export interface LedgerCharge {
  resId: string;
  seat: number;
  token: number;
}

/** A message kept for the player's cards (human seats only). */
export interface ReceivedMessage {
  msgId: number;
  from: string;
  type: string;
  payload: Record<string, unknown>;
}

export type PeerStatus = "follower" | "candidate" | "leader";

export interface MkvState {
  [field: string]: unknown;
  // ---- durable (disk) ----
  /** Highest epoch this node knows of. */
  epoch: number;
  /** The epoch of this node's latest vote, and for whom: one vote per epoch, never taken back. */
  votedEpoch: number;
  votedFor: string | null;
  /** The replicated seat map: seat n is log[n - 1]. */
  log: Sale[];
  /** The epoch of the leader this log was last copied from (a candidate adopts the newest). */
  logEpoch: number;
  /** Leader: the decided charges not yet answered, retried with the token they were decided under. */
  outbox: PendingCharge[];
  /** Reservations from this node's buyers not yet answered. */
  reservations: Reservation[];
  /** Ledger: the highest fencing token seen, and the charges applied. */
  highestToken: number;
  charges: LedgerCharge[];
  // ---- RAM ----
  status: PeerStatus;
  leaderId: string | null;
  /** Uptime when a leader's round was last accepted: the promise not to vote runs from here. */
  heardLeaderUptimeTicks: number | null;
  commitLength: number;
  /** Candidate: the epoch asked about, pre-votes and votes (with the voters' logs). */
  candidateEpoch: number;
  /** The candidacy this node last said it would support, with its ticket (RAM; see prevoteGrant). */
  prevoteGranted: { epoch: number; rank: { logEpoch: number; length: number; ticket: number; id: string }; atUptimeTicks: number } | null;
  probeUptimeTicks: number;
  /** The random ticket of this node's current probe: breaks a tie between simultaneous probes. */
  probeTicket: number;
  /** Did anyone answer my last probe; how many probes in a row went unanswered (back-off). */
  probeRepliers: string[];
  silentProbes: number;
  /** Candidate: how many times the silent voters were asked again. */
  candidateTries: number;
  prevotes: string[];
  votes: { from: string; log: Sale[]; logEpoch: number }[];
  /** Leader: rounds in flight, the lease end (own uptime), what each follower holds. */
  round: number;
  rounds: Round[];
  leaseUntilUptimeTicks: number;
  leaderSinceUptimeTicks: number;
  match: Record<string, number>;
  /** Leader: reservations the ledger confirmed charged, and sales already announced as sold. */
  paid: string[];
  announced: string[];
  /** Leader: forwarded reservations that arrived before its lease did (sold once it has one). */
  backlog: ReservePayload[];
  received: ReceivedMessage[];
  /** Seat-map reads waiting for an answer (human seats). */
  reads: string[];
}

export const DURABLE_FIELDS = ["epoch", "votedEpoch", "votedFor", "log", "logEpoch", "outbox", "reservations", "highestToken", "charges"] as const;

export function initialState(): MkvState {
  return {
    epoch: 0,
    votedEpoch: 0,
    votedFor: null,
    log: [],
    logEpoch: 0,
    outbox: [],
    reservations: [],
    highestToken: 0,
    charges: [],
    status: "follower",
    leaderId: null,
    heardLeaderUptimeTicks: null,
    commitLength: 0,
    candidateEpoch: 0,
    candidateTries: 0,
    prevoteGranted: null,
    probeUptimeTicks: 0,
    probeTicket: 0,
    probeRepliers: [],
    silentProbes: 0,
    prevotes: [],
    votes: [],
    round: 0,
    rounds: [],
    leaseUntilUptimeTicks: 0,
    leaderSinceUptimeTicks: 0,
    match: {},
    paid: [],
    announced: [],
    backlog: [],
    received: [],
    reads: [],
  };
}

// ---- knobs (protocolOptions) ---------------------------------------------------------------

export interface MkvOptions {
  seats: number;
  heartbeatTicks: number;
  /** The leader's lease, from the send of a round a majority acknowledged (leader's uptime). */
  leaseTicks: number;
  /**
   * A follower's promise: no (pre-)vote for anyone else this long after accepting its leader's
   * round (its own uptime). Safety needs leaseTicks < promiseTicks (see majority-kv-election.ts);
   * the gap is the margin for clock drift. Both as short as keeping the lease allows.
   */
  promiseTicks: number;
  /** Election timeout, drawn at random afresh each time it is armed; starts past the promise. */
  electionTicksMin: number;
  electionTicksMax: number;
  /** After a failed probe or candidacy: retry at random; longer than an ask-again plus a round trip. */
  retryElectionTicksMin: number;
  retryElectionTicksMax: number;
  /** First election timeout per node: how the level makes one node the first leader. */
  firstElectionTicks: Record<string, number>;
  retryTicks: number;
  chargeRetryTicks: number;
}

function num(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : fallback;
}

export function optionsOf(ctx: Pick<NodeContext, "options">): MkvOptions {
  const o = ctx.options;
  const first = typeof o.firstElectionTicks === "object" && o.firstElectionTicks !== null ? (o.firstElectionTicks as Record<string, number>) : {};
  return {
    seats: num(o.seats, 40),
    heartbeatTicks: num(o.heartbeatTicks, 10),
    leaseTicks: num(o.leaseTicks, 20),
    promiseTicks: num(o.promiseTicks, 24),
    electionTicksMin: num(o.electionTicksMin, 28),
    electionTicksMax: num(o.electionTicksMax, 48),
    retryElectionTicksMin: num(o.retryElectionTicksMin, 32),
    retryElectionTicksMax: num(o.retryElectionTicksMax, 52),
    firstElectionTicks: first,
    retryTicks: num(o.retryTicks, 30),
    chargeRetryTicks: num(o.chargeRetryTicks, 20),
  };
}

// ---- message payloads ----------------------------------------------------------------------

export interface ReservePayload { resId: string; origin: string }
export interface SoldPayload { resId: string; seat: number; epoch: number; soldOut: boolean }
/** ticket: drawn at random for each probe; of two probes for one epoch, the higher (ticket, id) wins. */
export interface PrevotePayload { epoch: number; logEpoch: number; length: number; ticket: number }
export interface PrevoteReplyPayload { epoch: number; granted: boolean; knownEpoch: number }
export interface VoteRequestPayload { epoch: number }
export interface VotePayload { epoch: number; granted: boolean; log: Sale[]; logEpoch: number; knownEpoch: number }
export interface ReplicatePayload { epoch: number; round: number; log: Sale[]; commitLength: number }
export interface AckPayload { epoch: number; round: number; length: number; ok: boolean; knownEpoch: number }
export interface ChargePayload { token: number; resId: string; seat: number }
export interface ChargeResultPayload { token: number; resId: string; outcome: "applied" | "duplicate" | "stale"; highest: number }

export const MESSAGE_TYPES = {
  reserve: { summary: "A buyer's reservation, forwarded to the leader (idempotent by reservation id)." },
  sold: { summary: "The leader's word: this reservation has a seat, confirmed by 3 of 5 and paid (or: sold out)." },
  prevote: { summary: "Would you vote for me in the next epoch? (Asked before raising the epoch; carries a random ticket that settles a tie with another asker.)" },
  "prevote-reply": { summary: "Yes or no to a pre-vote." },
  "vote-request": { summary: "Vote for me in this epoch." },
  vote: { summary: "A vote (yes or no), carrying the voter's copy of the seat map." },
  replicate: { summary: "The leader's seat map and epoch: a heartbeat, a replication and a lease round at once." },
  ack: { summary: "A follower's confirmation: I hold your seat map up to this length in your epoch." },
  charge: { summary: "Charge this buyer's card, with the leader's fencing token." },
  "charge-result": { summary: "The ledger's answer: applied, already applied, or refused for a stale token." },
} as const;

export function peersOf(ctx: Pick<NodeContext, "nodes">): string[] {
  return ctx.nodes.filter((n) => n.role === "peer").map((n) => n.id);
}

export function ledgerOf(ctx: Pick<NodeContext, "nodes">): string {
  const ledger = ctx.nodes.find((n) => n.role === "ledger");
  if (!ledger) throw new Error("majority-kv: no ledger in this level");
  return ledger.id;
}
