/**
 * Who sits where. A seat is one of the level's human-playable nodes. A bot plays every node
 * without a connected human: seats nobody took, and a seat whose player dropped (held for them
 * for a while, then given up). Pure bookkeeping: the world learns about changes through
 * "$control" inputs sent by the GameSession, so the input log replays them.
 */
import { timingSafeEqual } from "node:crypto";
import { err, ok, type Result } from "../../shared/base/result.js";
import { newResumeSecret } from "../store/store.js";
import { JOIN_ERROR, type JoinRefusal } from "./join-options.js";

/** open: no player (a bot plays it); human: its player is connected; held: its player dropped and may come back. */
export type SeatStatus = "open" | "human" | "held";

export interface Seat {
  readonly node: string;
  status: SeatStatus;
  sessionId: string | null;
  nickname: string | null;
  classCode: string | null;
  /** The player's browser id (see PlayerOptions.playerId): their leaderboard row. */
  playerId: string | null;
  ready: boolean;
  /** Given to the player with the seat; presenting it takes the seat back after a server restart. */
  resumeSecret: string | null;
}

export class SeatAssignment {
  readonly seats: readonly Seat[];

  /**
   * @param seatNodes the level's seat nodes, in level order
   * @param humansMax at most this many seats may have a player (1 in solo)
   */
  constructor(
    seatNodes: readonly string[],
    private readonly humansMax: number,
  ) {
    this.seats = seatNodes.map((node) => ({ node, status: "open", sessionId: null, nickname: null, classCode: null, playerId: null, ready: false, resumeSecret: null }));
  }

  seatOf(sessionId: string): Seat | undefined {
    return this.seats.find((s) => s.sessionId === sessionId);
  }

  seat(node: string): Seat | undefined {
    return this.seats.find((s) => s.node === node);
  }

  /** Seats with a player, connected or held. */
  taken(): Seat[] {
    return this.seats.filter((s) => s.status !== "open");
  }

  /** Would `claim` succeed? Checked before the join completes, so a refusal costs nothing. */
  check(preference: string | null): Result<Seat, JoinRefusal> {
    if (this.taken().length >= this.humansMax) {
      return err({ code: JOIN_ERROR.seatTaken, message: `Every seat for a player is taken (${this.humansMax}). To watch instead, ask the facilitator for the projector code.` });
    }
    const open = this.seats.filter((s) => s.status === "open");
    if (preference === null) return open[0] ? ok(open[0]) : err({ code: JOIN_ERROR.seatTaken, message: "Every seat is taken. To watch instead, ask the facilitator for the projector code." });
    const wanted = this.seat(preference);
    if (!wanted) return err({ code: JOIN_ERROR.badOptions, message: `${preference} is not a seat in this level: choose one of ${this.seats.map((s) => s.node).join(", ")}.` });
    if (wanted.status !== "open") {
      const free = open.map((s) => s.node);
      return err({ code: JOIN_ERROR.seatTaken, message: `${preference} is taken. ${free.length ? `Free seats: ${free.join(", ")}.` : "No seat is free."}` });
    }
    return ok(wanted);
  }

  claim(sessionId: string, nickname: string, classCode: string | null, preference: string | null, playerId: string | null = null): Result<Seat, JoinRefusal> {
    const checked = this.check(preference);
    if (!checked.ok) return checked;
    const seat = checked.value;
    seat.status = "human";
    seat.sessionId = sessionId;
    seat.nickname = nickname;
    seat.classCode = classCode;
    seat.playerId = playerId;
    seat.ready = false;
    seat.resumeSecret = newResumeSecret();
    return ok(seat);
  }

  /**
   * After a server restart: the seat is held for its player, who has no session yet (sessionId
   * null); only `reclaim` with the seat's resume secret gives it back.
   */
  restoreHeld(node: string, nickname: string, classCode: string | null, resumeSecret: string, playerId: string | null = null): Seat | undefined {
    const seat = this.seat(node);
    if (!seat) return undefined;
    Object.assign(seat, { status: "held", sessionId: null, nickname, classCode, playerId, ready: false, resumeSecret });
    return seat;
  }

  /** The restored seat whose secret this is, if it still waits for its player. */
  restoredSeatFor(resumeSecret: string): Seat | undefined {
    return this.seats.find((s) => s.status === "held" && s.sessionId === null && s.resumeSecret !== null && sameText(s.resumeSecret, resumeSecret));
  }

  /** Gives a restored seat back to the player who presented its secret (once: it is then taken). */
  reclaim(sessionId: string, resumeSecret: string): Seat | undefined {
    const seat = this.restoredSeatFor(resumeSecret);
    if (!seat) return undefined;
    seat.status = "human";
    seat.sessionId = sessionId;
    return seat;
  }

  /** The restart hold ran out: restored seats nobody reclaimed open up (a bot already plays them). */
  releaseUnclaimed(): Seat[] {
    const released = this.seats.filter((s) => s.status === "held" && s.sessionId === null);
    for (const seat of released) Object.assign(seat, { status: "open", nickname: null, classCode: null, playerId: null, ready: false, resumeSecret: null });
    return released;
  }

  /** The player dropped: keep the seat for them. */
  hold(sessionId: string): Seat | undefined {
    const seat = this.seatOf(sessionId);
    if (seat) seat.status = "held";
    return seat;
  }

  /** The player came back within the hold. */
  resume(sessionId: string): Seat | undefined {
    const seat = this.seatOf(sessionId);
    if (seat) seat.status = "human";
    return seat;
  }

  /** The player left for good: the seat is open again (a bot plays it; someone else may take it). */
  release(sessionId: string): Seat | undefined {
    const seat = this.seatOf(sessionId);
    if (!seat) return undefined;
    seat.status = "open";
    seat.sessionId = null;
    seat.nickname = null;
    seat.classCode = null;
    seat.playerId = null;
    seat.ready = false;
    seat.resumeSecret = null;
    return seat;
  }
}

/** Constant-time comparison, so the time a refusal takes says nothing about the secret. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
