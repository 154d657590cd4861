/**
 * Each round's card: the assumption it opens with, what then breaks, the settings S can choose
 * (with why the wrong ones fail), and the rule Guided mode quotes. The actions, the screen and
 * the debrief all read their words from here.
 */
import type { Round } from "./schedule.js";
import type { SettingRound, Settings } from "./state.js";

export interface RoundCard {
  /** The fallacy's name, short ("The network is reliable"). */
  fallacy: string;
  /** The fallacy, as the card asks it. */
  assumption: string;
  /** What the round does to S, in a sentence. */
  breaks: string;
  /** Guided mode's rule. */
  rule: string;
  /** Each setting's button (its letter on the action bar), and (for the wrong ones) why it fails. */
  options: Readonly<Record<string, { key: string; label: string; wrong?: string }>>;
}

export const CARDS: { readonly [R in SettingRound]: RoundCard } = {
  reliable: {
    fallacy: "The network is reliable",
    assumption: "Assume the network is reliable?",
    breaks: "About 2 in 5 of Payments' replies are lost or come after your 1.5 s timeout.",
    rule: "Every call needs a timeout, and no reply does not mean no charge: retry with the same idempotency key.",
    options: {
      wait: { key: "w", label: "Wait for every reply", wrong: "A lost reply never comes: the order is never settled." },
      retry: { key: "r", label: "Retry on timeout", wrong: "Without the key, a retry after a lost reply charges the customer twice." },
      "retry-key": { key: "k", label: "Retry with the same key" },
      query: { key: "q", label: "Ask Payments for the status first" },
      "give-up": { key: "f", label: "Report failed on timeout", wrong: "The charge may have gone through: a charged customer would be told it failed." },
    },
  },
  latency: {
    fallacy: "Latency is zero",
    assumption: "Assume latency is zero?",
    breaks: "Each page needs 7 lookups of 0.1 to 0.6 s each, plus the network, and is due in 1.2 s.",
    rule: "Watch the critical path: independent lookups go out in parallel, and what you have cached needs no call.",
    options: {
      sequential: { key: "s", label: "One lookup after another", wrong: "Seven waits in a row add up to 3 to 4 s, far past the 1.2 s budget." },
      parallel: { key: "p", label: "All lookups at once" },
      "parallel-cache": { key: "c", label: "All at once, cached parts from cache" },
    },
  },
  bandwidth: {
    fallacy: "Bandwidth is infinite",
    assumption: "Assume bandwidth is infinite?",
    breaks: "Your uplink carries 10 units a second through a 20-unit queue; a full record is 5 units, about 3 are requested a second.",
    rule: "Send what the consumer needs: a projection of 3 fields, not the 50-field record.",
    options: {
      full: { key: "f", label: "Send full 50-field records", wrong: "About 14 units a second into a 10-unit link: the queue overflows and records are dropped." },
      projection: { key: "p", label: "Send the 3 fields needed" },
    },
  },
  secure: {
    fallacy: "The network is secure",
    assumption: "Assume the network is secure?",
    breaks: "Commands claim to come from Auth; some are sent by an impostor and carry no valid signature.",
    rule: "Authenticate every call: a claimed sender is not a verified one.",
    options: {
      "trust-claim": { key: "t", label: "Run commands that say they are from Auth", wrong: "The impostor's commands say so too: you would run them." },
      verify: { key: "v", label: "Run only validly signed commands" },
    },
  },
  topology: {
    fallacy: "Topology doesn't change",
    assumption: "Assume the topology doesn't change?",
    breaks: "10 s in, Inventory moves to a new address; messages to the old one vanish without an error.",
    rule: "Addresses change: on a timeout, ask Discovery where the service is now.",
    options: {
      fixed: { key: "f", label: "Keep the configured address", wrong: "Every request after the move goes to an address nobody answers." },
      discover: { key: "d", label: "On a timeout, ask Discovery" },
    },
  },
  admin: {
    fallacy: "One administrator",
    assumption: "Assume there is one administrator?",
    breaks: "15 s in, the other team renames a field of its events (qty becomes quantity); only its change feed says so.",
    rule: "Other teams change things on their own schedule: follow their change feed, or accept both versions.",
    options: {
      "v1-only": { key: "v", label: "Decode the schema you know (v1)", wrong: "After the rename every event fails to decode." },
      feed: { key: "f", label: "Subscribe to the change feed" },
      both: { key: "b", label: "Accept both schema versions" },
    },
  },
  cost: {
    fallacy: "Transport cost is zero",
    assumption: "Assume transport cost is zero?",
    breaks: "Forward about 60 events; each message costs 1 coin plus 0.1 per event. Budget: 20 coins, each event on its way within 3 s.",
    rule: "Batch: many events per message, but never hold one past its deadline.",
    options: {
      each: { key: "e", label: "One message per event", wrong: "About 60 messages cost about 66 coins, over the budget of 20." },
      "batch-10": { key: "b", label: "Batches of up to 10 (or 2 s)" },
      "batch-all": { key: "a", label: "One batch at the end", wrong: "Cheap, but the first events wait about 17 s, past the 3 s limit." },
    },
  },
  homogeneous: {
    fallacy: "The network is homogeneous",
    assumption: "Assume the network is homogeneous?",
    breaks: "A route change sends your 6 KB shipments over the Ocean relay, which silently drops anything over its 1.5 KB MTU.",
    rule: "Links differ: keep payloads under the smallest MTU on the way, or choose the route.",
    options: {
      whole: { key: "w", label: "Send each payload whole", wrong: "Over the Ocean a 6 KB payload is dropped without a word: nothing arrives." },
      chunks: { key: "c", label: "Send 1.5 KB chunks" },
      lan: { key: "l", label: "Pin the LAN route" },
    },
  },
};

export const BONUS_CARD = {
  fallacy: "The meta-fallacy: one vantage point",
  assumption: "How many orders does the cluster hold right now?",
  breaks: "Payments reports its count every 3 s; other shops keep ordering in between.",
  rule: "No node sees the whole system now: answer \"unknown\", or say how stale your number is.",
} as const;

/** A round's card, the bonus included. */
export const cardOf = (round: Round): { fallacy: string; assumption: string; breaks: string; rule: string } => (round === "bonus" ? BONUS_CARD : CARDS[round]);

/** The by-the-book settings: what the correct bot plays. */
export const CORRECT_SETTINGS: Settings = { reliable: "retry-key", latency: "parallel-cache", bandwidth: "projection", secure: "verify", topology: "discover", admin: "feed", cost: "batch-10", homogeneous: "chunks" };
