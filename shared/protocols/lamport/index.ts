/**
 * "Order events without wall clocks" (chapter 7): four peers trade rumors and reactions and
 * report every event to an archivist, who publishes the official history.
 *
 * Rounds (protocolOptions, in ticks of the archivist's clock, which the level leaves unskewed;
 * the archivist announces each round by message):
 *   round 1, from 0: stamps are each sender's wall-clock reading; the history is sorted by them
 *     and comes out backwards wherever clocks are skewed (reactions before their rumors);
 *   round 2, from round2StartTick (default 600): Lamport stamps, local event or send +1,
 *     receive max(yours, received) + 1; duplicates are not stamped; history sorted by
 *     (stamp, node id);
 *   round 3, from round3StartTick (default 1800): the archivist publishes round 2 and asks each
 *     peer quizSize (default 6) "could A have influenced B?" questions about its own history.
 * No peer ever reads a clock to stamp a Lamport event, so clock faults cannot change one.
 */
import type { BotPolicy, Protocol } from "../../sim/protocol.js";
import { LAMPORT_ACTIONS } from "./actions.js";
import { LAMPORT_SCREEN } from "./screen.js";
import { LAMPORT_NOTES } from "./notes.js";
import { archivistStep } from "./archivist.js";
import { CORRECT_PEER, humanStep, peerStep } from "./node.js";
import { CHOOSERS } from "./stamp.js";
import { DURABLE_FIELDS, initState, type LamportState } from "./state.js";
import { LAMPORT_GOALS, LAMPORT_SAFETY } from "./checks/index.js";
import { LAMPORT_OPTIONS } from "./options.js";
import { lamportBotMove } from "./bot-moves.js";

const correctArchivist = archivistStep("lamport");
const correctPeer = peerStep(CORRECT_PEER);

function peerPolicy(summary: string, step: ReturnType<typeof peerStep>, mistake: "safety" | "rule" = "safety"): BotPolicy<LamportState> {
  return { summary, roles: ["peer"], mistake, step };
}

const bots: Record<string, BotPolicy<LamportState>> = {
  correct: {
    summary: "Stamps by the rules (+1; receive max + 1), ignores duplicates, gossips every post, reports everything; as archivist, sorts by (stamp, node id).",
    roles: ["peer", "archivist"],
    step: (state, event, ctx) => (ctx.role === "archivist" ? correctArchivist(state, event, ctx) : correctPeer(state, event, ctx)),
  },
  "wall-clock": peerPolicy("Stamps every event with its own (skewed) wall-clock reading, as if it were a Lamport stamp.", peerStep({ ...CORRECT_PEER, choose: CHOOSERS.wall })),
  "no-max": peerPolicy("On receive just adds 1 to its own counter, ignoring the stamp the message carried.", peerStep({ ...CORRECT_PEER, choose: CHOOSERS.noMax })),
  "dup-stamper": peerPolicy("Stamps a network duplicate as one more receive.", peerStep({ ...CORRECT_PEER, stampDuplicates: true }), "rule"),
  archivist: { summary: "Publishes each round's history sorted by (stamp, node id) and asks the quiz.", roles: ["archivist"], step: correctArchivist },
  "archivist-wall": { summary: "Keeps sorting history by the senders' wall-clock readings, as in round 1.", roles: ["archivist"], mistake: "safety", step: archivistStep("wall") },
};

export const lamport: Protocol<LamportState> = {
  id: "lamport",
  title: "Lamport clocks: order events without wall clocks",
  messageTypes: {
    gossip: { summary: "A rumor or reaction, with the stamp of the send that carries it." },
    report: { summary: "A copy of one event record for the archivist (not itself a stamped event)." },
    round: { summary: "The archivist announces the next round." },
    quiz: { summary: "Round 3 questions: could A have influenced B?" },
  },
  durableFields: DURABLE_FIELDS,
  // These grow all game (the archivist's records to thousands): a view sends the newest and a
  // count. Items: the newest 32 are what a gossip or a reaction is offered.
  shownStateLists: { history: 12, receivedMsgIds: 20, served: 20, items: 32, toForward: 32, unreported: 12, reports: 12 },
  init: () => initState(),
  bots,
  actions: LAMPORT_ACTIONS,
  autopilot: {
    "auto-forward": { label: "Auto-gossip", summary: "Send each new post of yours to every peer, stamping each send by the rule (+1)." },
    "auto-report": { label: "Auto-report", summary: "Copy every event record to the archivist as soon as it is stamped." },
  },
  human: humanStep,
  checks: { safety: LAMPORT_SAFETY, goals: LAMPORT_GOALS },
  options: LAMPORT_OPTIONS,
  roles: { peer: { min: 2, max: 16 }, archivist: { min: 1, max: 1 } },
  screen: LAMPORT_SCREEN,
  notes: LAMPORT_NOTES.schemas,
  botMove: lamportBotMove,
};
