/**
 * The payment ledger: the "storage" that fencing protects. It remembers the highest fencing
 * token it has seen and refuses any charge carrying a lower one (a zombie leader's), and it
 * applies each reservation's charge at most once (retries and replays are normal).
 */
import type { Effect, Step } from "../../sim/protocol.js";
import type { ChargePayload, ChargeResultPayload, MkvState } from "./state.js";
import { MKV_NOTES } from "./notes.js";

export function isStaleToken(state: MkvState, p: ChargePayload): boolean {
  return p.token < state.highestToken;
}

/**
 * The ledger has seen this token. The bot ledger decides each charge as it arrives; a player's
 * ledger holds charges as cards, so it records the token on arrival: "the highest token you have
 * seen" then means the same to Guided mode, the card and the fencing checker (which reads
 * arrivals), whatever order the player handles the cards in.
 */
export function sawToken(state: MkvState, p: ChargePayload): MkvState {
  const token = Number(p.token);
  return Number.isFinite(token) && token > state.highestToken ? { ...state, highestToken: token } : state;
}

/** Refuse a charge: its token is older than one already seen. */
export function rejectCharge(state: MkvState, from: string, p: ChargePayload): Step<MkvState> {
  const reply: ChargeResultPayload = { token: p.token, resId: p.resId, outcome: "stale", highest: state.highestToken };
  return {
    state,
    effects: [
      MKV_NOTES.write("charge-rejected", { token: p.token, highest: state.highestToken, resId: p.resId }),
      { kind: "send", to: from, type: "charge-result", payload: reply },
    ],
  };
}

/** Accept a charge: apply it unless this reservation was already charged. */
export function acceptCharge(state: MkvState, from: string, p: ChargePayload): Step<MkvState> {
  const highestToken = Math.max(state.highestToken, p.token);
  const duplicate = state.charges.some((c) => c.resId === p.resId);
  const effects: Effect[] = [];
  let charges = state.charges;
  if (!duplicate) {
    charges = [...charges, { resId: p.resId, seat: p.seat, token: p.token }];
    effects.push(MKV_NOTES.write("charge-applied", { token: p.token, resId: p.resId, seat: p.seat }));
  }
  const reply: ChargeResultPayload = { token: p.token, resId: p.resId, outcome: duplicate ? "duplicate" : "applied", highest: highestToken };
  effects.push({ kind: "send", to: from, type: "charge-result", payload: reply });
  return { state: { ...state, highestToken, charges }, effects };
}

/** The ledger bot: with fencing (correct) or without (the "no-fencing" mistake). */
export function ledgerOnCharge(fencing: boolean) {
  return (state: MkvState, from: string, p: ChargePayload): Step<MkvState> =>
    fencing && isStaleToken(state, p) ? rejectCharge(state, from, p) : acceptCharge(state, from, p);
}
