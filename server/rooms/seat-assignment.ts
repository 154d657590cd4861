/**
 * Who sits where. A seat is one of the level's human-playable nodes. A bot plays every node
 * without a connected human: seats nobody took, and a seat whose player dropped (held for them
 * for a while, then given up). Pure bookkeeping: the world learns about changes through
 * "$control" inputs sent by the GameSession, so the input log replays them.
 */
import { err, ok, type Result } from "../../shared/sim/result.js";
import { JOIN_ERROR, type JoinRefusal } from "./join-options.js";

/** open: no player (a bot plays it); human: its player is connected; held: its player dropped and may come back. */
export type SeatStatus = "open" | "human" | "held";

export interface Seat {
  readonly node: string;
  status: SeatStatus;
  sessionId: string | null;
  nickname: string | null;
  classCode: string | null;
  ready: boolean;
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
    this.seats = seatNodes.map((node) => ({ node, status: "open", sessionId: null, nickname: null, classCode: null, ready: false }));
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
      return err({ code: JOIN_ERROR.seatTaken, message: `Every seat for a human is taken (${this.humansMax}). Join as a spectator with { spectate: true }.` });
    }
    const open = this.seats.filter((s) => s.status === "open");
    if (preference === null) return open[0] ? ok(open[0]) : err({ code: JOIN_ERROR.seatTaken, message: "Every seat is taken. Join as a spectator with { spectate: true }." });
    const wanted = this.seat(preference);
    if (!wanted) return err({ code: JOIN_ERROR.badOptions, message: `${preference} is not a seat in this level: choose one of ${this.seats.map((s) => s.node).join(", ")}.` });
    if (wanted.status !== "open") {
      const free = open.map((s) => s.node);
      return err({ code: JOIN_ERROR.seatTaken, message: `${preference} is taken. ${free.length ? `Free seats: ${free.join(", ")}.` : "No seat is free."}` });
    }
    return ok(wanted);
  }

  claim(sessionId: string, nickname: string, classCode: string | null, preference: string | null): Result<Seat, JoinRefusal> {
    const checked = this.check(preference);
    if (!checked.ok) return checked;
    const seat = checked.value;
    seat.status = "human";
    seat.sessionId = sessionId;
    seat.nickname = nickname;
    seat.classCode = classCode;
    seat.ready = false;
    return ok(seat);
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
    seat.ready = false;
    return seat;
  }
}
