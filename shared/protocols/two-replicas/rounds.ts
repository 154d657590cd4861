/**
 * The round's business card: which dataset matters now and what it demands, read off the node's
 * own wall clock against the level's round starts (the same moments the level's phases announce).
 */
import type { NodeContext } from "../../sim/protocol.js";
import { opts } from "./options.js";

export interface BusinessCard {
  round: number;
  title: string;
  /** What it asks for, in CAP/PACELC letters (short: it is the highlight's value). */
  demand: string;
  /** What it asks of B, and of A where A's part differs. */
  lines: string[];
  linesA?: string[];
}

export const CARDS: readonly Omit<BusinessCard, "round">[] = [
  {
    title: "Last 20 tickets",
    demand: "CP",
    lines: ["Never sell a seat twice or more than 20 in all: an oversell is an incident.", "A sells the tickets. While A is silent, refuse (503): an error beats a wrong answer here."],
    linesA: ["Never sell a seat twice or more than 20 in all: an oversell is an incident.", "You sell the tickets; B forwards its clients' requests to you and refuses them while it cannot hear you."],
  },
  {
    title: "Shopping cart",
    demand: "AP",
    lines: ["Answer every request within 2 s; an error costs a sale.", "Store each add on disk, answer from your copy, and let the carts merge when the cable is back."],
  },
  {
    title: "PACELC tax",
    demand: "L or C",
    lines: ["No partition; A is 1.5 s away, so asking A costs a 3 s round trip.", "p95 of reads within 2 s; each stale read costs 3 points. Checkout reads must be fresh."],
    linesA: ["No partition; B is 1.5 s away. You take the stock updates, so your copy is the fresh one.", "B's reads: p95 within 2 s; each stale read costs 3 points. Checkout reads must be fresh."],
  },
];

/** The card in force on this node's wall clock, worded for its seat. */
export function cardNow(ctx: Pick<NodeContext, "wallTicks" | "options" | "role">): BusinessCard {
  const starts = opts(ctx as NodeContext).roundStartsTicks;
  let round = 0;
  starts.forEach((t, i) => {
    if (ctx.wallTicks >= t) round = i;
  });
  const index = Math.min(round, CARDS.length - 1);
  const card = CARDS[index]!;
  return { round: index + 1, ...card, lines: ctx.role === "primary" && card.linesA ? card.linesA : card.lines };
}
