/**
 * One game, without sockets: the server's World, who plays which node, the lobby, the clock
 * and the end. The Colyseus room only translates messages into calls on this class and
 * projects its world into Schema; every rule lives in shared/ (submitInput), and every change
 * of who controls a node goes through a "$control" input, so the stored input log replays the
 * game exactly, hand-overs to bots included.
 */
import { RunningScore } from "../../shared/checks/running-score.js";
import { computeVerdict, type Verdict } from "../../shared/checks/verdict.js";
import { newResultOf } from "../store/result-of-game.js";
import { submitInput, FACILITATOR, INPUTS_MAX, type ActionError } from "../../shared/sim/inputs.js";
import { err, ok, type Result } from "../../shared/base/result.js";
import { replay } from "../../shared/sim/replay.js";
import { gameHash } from "../../shared/sim/state-hash.js";
import { advanceTo, createWorld, isFinished } from "../../shared/sim/world.js";
import type { InputRecord, World } from "../../shared/sim/world-types.js";
import { observerView, type ObserverView } from "../../shared/view/observer-view.js";
import { newGameId, type GameMode, type LiveGame, type LiveWorkshopSetup, type NewResult, type PlayMode, type Store } from "../store/store.js";
import { JOIN_ERROR, type JoinRefusal, type PlayerOptions, type RoomOptions } from "./join-options.js";
import { SeatAssignment, sameText, type Seat } from "./seat-assignment.js";
import { randomWatchKey } from "./join-code.js";
import { CATALOG } from "../../shared/protocols/catalog.js";
import { WATCH_SPEEDS, WatchPace, type WatchSpeed } from "./watch-pace.js";
import { NEMESIS, NEMESIS_DECLARE } from "../../shared/sim/nemesis.js";

export type Phase = "lobby" | "running" | "ended";

/**
 * The facilitator of a workshop's team room: the workshop's console, through the server (see
 * server/workshop). Not a session id Colyseus can give a client (those have no "$").
 */
export const WORKSHOP_FACILITATOR = "$workshop";

/** Why the server did not apply a message: a stable code for programs, a sentence for people. */
export interface Refusal {
  code: RefusalCode;
  message: string;
  /** The protocol rule, when Guided mode refused an action that breaks it. */
  rule?: string;
}

export type RefusalCode =
  | ActionError["code"]
  | "bad-message"
  | "too-large"
  | "unknown-type"
  | "rate-limited"
  | "no-seat"
  | "not-started"
  | "already-started"
  | "paused"
  | "not-facilitator"
  | "reserved"
  | "log-full"
  | "watching"
  | "not-watching"
  | "server-error";

export interface Member {
  readonly sessionId: string;
  readonly nickname: string;
  readonly classCode: string | null;
  /** The node this member plays; null for a spectator. */
  readonly node: string | null;
  /** A workshop's nemesis student: no seat, the god's view, and the fault menu within budget. */
  readonly nemesis?: true;
}

export interface SeatResult {
  node: string;
  nickname: string;
  /** The stored result's id (the debrief's public handle); null if saving failed. */
  resultId: string | null;
}

/** Everything the client needs to rebuild and check the debrief by replaying locally. */
export interface Debrief {
  levelId: string;
  levelVersion: number;
  seed: number;
  mode: GameMode;
  playMode: PlayMode;
  inputs: InputRecord[];
  hash: string;
  verdict: Verdict;
  observer: ObserverView;
  results: SeatResult[];
  /** Set when the results could not be stored: the game still happened, but no leaderboard entry. */
  saveError?: string;
  /**
   * Watched first or played on from another game's moment: practice. Its result is stored (it
   * replays like any game) but on no board and in no class report, and earns no stars.
   */
  practice?: true;
}

/**
 * The HUD's running score comes from RunningScore (scoreOf's metrics and violations, read from
 * the new trace events only; no goal evaluation: a full verdict costs milliseconds on a busy
 * level). Refreshed every game-second, at a phase that differs from room to room so a hundred
 * rooms do not all pay at once.
 */
const SCORE_EVERY_TICKS = 10;
/**
 * The stored input log must stay under the store's limit (2 MB of JSON) or the result cannot
 * be saved for anyone in the room: refuse further inputs well before that. The log is shared
 * out: each seat, and the facilitator of a team game, has an equal part of it (bytes and
 * inputs), so griefers fill only their own parts and an honest player is never locked out
 * (issue 11 item 5). Hand-overs between player and bot ("$control") are the server's own and
 * always go in (a few per join or drop, which matchmaking limits).
 */
export const INPUT_LOG_BYTES_MAX = 1_500_000;
const INPUT_RECORD_OVERHEAD_BYTES = 64;

/** What one node (or the facilitator) has put in the log so far. */
interface LogShare {
  bytes: number;
  inputs: number;
  /** Inputs refused by the rules (kept compact in the log, see submitInput). */
  refused: number;
}

export class GameSession {
  /** What a spectator must present to watch this game live (the facilitator's projector code). */
  readonly watchKey = randomWatchKey();
  /** This game's own id (a join code is reused by later games): its results are stored under it. */
  gameId = newGameId();
  readonly world: World;
  readonly seats: SeatAssignment;
  phase: Phase = "lobby";
  paused = false;
  /** Score of the game so far (recomputed every game-second); the final one comes from finish(). */
  scoreSoFar = 0;
  private readonly members = new Map<string, Member>();
  /** Workshop team rooms: the seat pass each member came in with, and the passes revoked since. */
  private readonly passBySession = new Map<string, string>();
  private readonly revokedPasses: string[] = [];
  /**
   * A restored workshop team: the resume secret of the seat each pass held before the restart,
   * so a student sent back by their (restored) workshop with their pass gets their own seat.
   */
  private readonly restoredSeatByPass = new Map<string, string>();
  /** How many members have no seat (see spectatorCount). */
  private spectators = 0;
  private creatorId: string | null = null;
  /** Autopilot chores of a seat whose player dropped, restored when they come back. */
  private readonly heldAutopilot = new Map<string, string[]>();
  /** Each seat's and the facilitator's part of the input log, used so far (see INPUT_LOG_BYTES_MAX). */
  private readonly logShares = new Map<string, LogShare>();
  private readonly logShareBytes: number;
  private readonly logShareInputs: number;
  private nextScoreTick: number;
  /** Reads only the new trace events each game-second (scoreOf would re-read the whole game). */
  private readonly runningScore: RunningScore;
  private debrief: Debrief | null = null;
  /**
   * Watch mode (a solo room created with watchFirst): the seat's player watches the level's own
   * bot run their node until they take the seat. Nothing is logged for watching itself: the
   * node is a bot's from the start, and taking the seat is a "$control" input at that tick.
   */
  private watching: boolean;
  /** How fast a watched game runs for its player (see watch-pace.ts). */
  private readonly pace = new WatchPace();
  /** Watched first or played on (see Debrief.practice). */
  private practice: boolean;

  constructor(
    readonly options: RoomOptions,
    private readonly store: Store,
    world: World = createWorld(options.level, CATALOG, options.seed, { mode: options.playMode }),
  ) {
    this.world = world;
    const level = options.level;
    this.seats = new SeatAssignment(level.seats.nodes, options.mode === "solo" ? 1 : level.seats.max);
    const shares = this.seats.seats.length + (options.mode === "team" ? 1 : 0) + (options.workshop?.nemesis ? 1 : 0);
    this.logShareBytes = Math.floor(INPUT_LOG_BYTES_MAX / shares);
    this.logShareInputs = Math.floor(INPUTS_MAX / shares);
    this.nextScoreTick = options.seed % SCORE_EVERY_TICKS;
    this.runningScore = new RunningScore(world);
    // A workshop's team: nobody who joins becomes its facilitator (creatorId is already set).
    if (options.workshop) this.creatorId = WORKSHOP_FACILITATOR;
    this.watching = options.mode === "solo" && options.watchFirst === true;
    this.practice = this.watching || options.playOn !== undefined;
  }

  /**
   * "Play on from here": a new solo game whose world is the stored game's, replayed from its
   * inputs before `tick` up to that tick (same level version and seed, so the same world), for
   * its player to play on from their seat. Its log starts with those inputs, so it replays from
   * (level, seed, inputs) like any game. The player gets the seat when they join (begin()).
   */
  static playOn(options: RoomOptions, store: Store): GameSession {
    const from = options.playOn;
    if (!from) throw new Error("playOn options missing");
    const before = from.inputs.filter((input) => input.tick < from.tick);
    const { world } = replay(options.level, CATALOG, options.seed, before, options.playMode, from.tick);
    const session = new GameSession(options, store, world);
    for (const input of world.inputs) session.charge(input);
    session.scoreSoFar = session.runningScore.score();
    return session;
  }

  /**
   * A game in progress after a server restart: the world is replayed from the stored inputs up
   * to the stored tick (the world is a pure function of them), so the clock resumes where it
   * was. Every seat is held for its player, who takes it back with its resume secret; meanwhile
   * the bot runs the node, through a "$control" input as for a dropped connection.
   */
  static restore(options: RoomOptions, store: Store, live: LiveGame): GameSession {
    const inputs = live.inputs as InputRecord[];
    const { world } = replay(options.level, CATALOG, options.seed, inputs, options.playMode, live.tick);
    const session = new GameSession(options, store, world);
    session.gameId = live.gameId;
    for (const input of inputs) session.charge(input);
    session.phase = "running";
    session.paused = live.paused;
    // A solo game nobody ever took the seat of is still being watched (see takeSeat).
    session.watching = options.mode === "solo" && !inputs.some((input) => input.action === "$control" && (input.params as { controller?: unknown } | null)?.controller === "human");
    // A solo game's seat is its player's from tick 0, unless it was watched first. (A played-on
    // game restored after a restart is not told apart: its stars count. Rare, and harmless.)
    const firstHuman = inputs.find((input) => input.action === "$control" && (input.params as { controller?: unknown } | null)?.controller === "human");
    session.practice = options.mode === "solo" && options.board === null && (firstHuman === undefined || firstHuman.tick > 0);
    session.scoreSoFar = session.runningScore.score();
    if (live.workshop) {
      session.revokedPasses.push(...live.workshop.revoked);
      for (const seat of live.seats) {
        const pass = live.workshop.seatPasses?.[seat.node];
        if (pass) session.restoredSeatByPass.set(pass, seat.resumeSecret);
      }
    }
    for (const seat of live.seats) {
      if (!session.seats.restoreHeld(seat.node, seat.nickname, seat.classCode, seat.resumeSecret, seat.playerId ?? null)) continue;
      // A watched seat is the bot's already.
      if (!session.watching) session.handToBot(seat.node);
    }
    return session;
  }

  /** What the store keeps of a running game, to rebuild it after a restart (see restore). */
  liveGame(roomId: string): LiveGame {
    const { level, seed, mode, playMode, speedTicks, listed, board } = this.options;
    return {
      roomId,
      gameId: this.gameId,
      levelId: level.id,
      levelVersion: level.version,
      seed,
      mode,
      playMode,
      // A copy: the log grows while an asynchronous store is still writing this snapshot.
      inputs: this.world.inputs.slice(),
      tick: this.world.tick,
      speedTicks,
      listed,
      paused: this.paused,
      board: board ?? null,
      ...(this.options.workshop ? { workshop: this.workshopSetup() } : {}),
      seats: this.seats
        .taken()
        .filter((seat) => seat.resumeSecret !== null)
        .map((seat) => ({ node: seat.node, nickname: seat.nickname ?? "", classCode: seat.classCode, playerId: seat.playerId, resumeSecret: seat.resumeSecret! })),
    };
  }

  /** The workshop's passes, those revoked, and which seat each pass holds (see restoredSeatByPass). */
  private workshopSetup(): LiveWorkshopSetup {
    const workshop = this.options.workshop!;
    const seatPasses: Record<string, string> = {};
    for (const [sessionId, pass] of this.passBySession) {
      const node = this.members.get(sessionId)?.node;
      if (node) seatPasses[node] = pass;
    }
    // Seats still held since an earlier restart keep their pass too.
    for (const [pass, resume] of this.restoredSeatByPass) {
      const held = this.seats.restoredSeatFor(resume);
      if (held && !(held.node in seatPasses)) seatPasses[held.node] = pass;
    }
    return {
      passes: [...workshop.passes],
      revoked: [...this.revokedPasses],
      seatPasses,
      ...(workshop.nemesis ? { nemesis: { passes: [...workshop.nemesis.passes], points: workshop.nemesis.points } } : {}),
    };
  }

  /** The restart hold ran out: seats nobody reclaimed open up; the bot keeps their nodes. */
  expireRestoredSeats(): void {
    for (const seat of this.seats.releaseUnclaimed()) this.heldAutopilot.delete(seat.node);
  }

  /** The resume secret of this member's seat (sent only to them, in the welcome message). */
  resumeSecretOf(sessionId: string): string | null {
    return this.seats.seatOf(sessionId)?.resumeSecret ?? null;
  }

  get level() {
    return this.options.level;
  }

  member(sessionId: string): Member | undefined {
    return this.members.get(sessionId);
  }

  /** Members without a seat: kept as members come and go, since the room asks before every patch. */
  spectatorCount(): number {
    return this.spectators;
  }

  /** Team rooms: who may start, pause, resume and inject faults. */
  get facilitatorId(): string | null {
    return this.options.mode === "team" ? this.creatorId : null;
  }

  isCreator(sessionId: string): boolean {
    return this.creatorId === sessionId;
  }

  /** Can this player join? Answered before the join completes, so a refusal costs nothing. */
  checkJoin(player: PlayerOptions): Result<void, JoinRefusal> {
    if (this.phase === "ended") return err({ code: JOIN_ERROR.gameOver, message: "This game is over: start a new one." });
    if (player.resume) {
      if (this.seats.restoredSeatFor(player.resume)) return ok(undefined);
      return err({ code: JOIN_ERROR.forbidden, message: "This resume secret does not match a seat waiting for its player here (wrong secret, seat already taken back, or its hold ran out). Join without resume to take a free seat." });
    }
    if (player.nemesis) {
      if (!this.passAccepted(player.nemesis, this.options.workshop?.nemesis?.passes ?? [])) {
        return err({ code: JOIN_ERROR.forbidden, message: "This nemesis pass is not this team's: join the workshop with its code, and it sends you to the team you play against." });
      }
      return ok(undefined);
    }
    if (player.spectate) {
      if (this.options.mode === "solo") return err({ code: JOIN_ERROR.forbidden, message: "A solo game cannot be watched live: its debrief shows everything at the end." });
      // A spectator sees every node's private state: live truth is for the facilitator (who may
      // create the room as a spectator) and the projector they open with the watch key, never
      // for a player's second connection. After the end, the debrief shows it to everyone.
      const creating = this.creatorId === null && this.phase === "lobby";
      if (!creating && player.watch !== this.watchKey) {
        return err({ code: JOIN_ERROR.forbidden, message: "Watching a game live takes the projector code from the facilitator's waiting room (the join code and 10 more characters)." });
      }
      return ok(undefined);
    }
    if (this.options.workshop && !this.passAccepted(player.pass ?? null, this.options.workshop.passes)) {
      return err({ code: JOIN_ERROR.forbidden, message: "This team belongs to a workshop: join the workshop with its code, and it sends you to your team." });
    }
    const held = player.pass ? this.restoredSeatByPass.get(player.pass) : undefined;
    if (held && this.seats.restoredSeatFor(held)) return ok(undefined);
    const seat = this.seats.check(player.seat);
    return seat.ok ? ok(undefined) : seat;
  }

  /** A workshop's seat pass, compared in constant time with each one the workshop handed out. */
  private passAccepted(pass: string | null, passes: readonly string[]): boolean {
    if (pass === null) return false;
    let found = false;
    for (const known of passes) if (sameText(known, pass)) found = true;
    for (const gone of this.revokedPasses) if (sameText(gone, pass)) found = false;
    return found;
  }

  /**
   * The workshop removed a student after the start: their pass opens no seat any more, and the
   * member who came in with it (if still here) is named so the room can disconnect them; their
   * node goes to its bot as for any player who leaves.
   */
  revokePass(pass: string): string | null {
    this.revokedPasses.push(pass);
    for (const [sessionId, used] of this.passBySession) if (sameText(used, pass)) return sessionId;
    return null;
  }

  join(sessionId: string, player: PlayerOptions): Result<Member, JoinRefusal> {
    const allowed = this.checkJoin(player);
    if (!allowed.ok) return allowed;
    if (player.resume) return this.reclaim(sessionId, player.resume);
    // A workshop's student back by their pass after a restart: the seat they had, not a free one.
    const held = player.pass && !player.spectate ? this.restoredSeatByPass.get(player.pass) : undefined;
    if (held && this.seats.restoredSeatFor(held)) return this.reclaim(sessionId, held);
    let node: string | null = null;
    if (!player.spectate && !player.nemesis) {
      // Playing on from a stored game: the seat its player had.
      const claimed = this.seats.claim(sessionId, player.nickname, player.classCode, this.options.playOn?.seat ?? player.seat, player.playerId ?? null);
      if (!claimed.ok) return claimed;
      node = claimed.value.node;
    }
    const member: Member = { sessionId, nickname: player.nickname, classCode: player.classCode, node, ...(player.nemesis ? { nemesis: true as const } : {}) };
    this.addMember(member);
    const pass = player.nemesis ?? player.pass;
    if (this.options.workshop && pass) this.passBySession.set(sessionId, pass);
    this.creatorId ??= sessionId;
    if (node !== null && this.phase === "running") this.handToHuman(node, []);
    // Solo starts at once: there is nobody to wait for.
    if (this.options.mode === "solo" && node !== null && this.phase === "lobby") this.begin();
    return ok(member);
  }

  /** A restored seat goes back to its player: same node, nickname and class, autopilot chores restored. */
  private reclaim(sessionId: string, resume: string): Result<Member, JoinRefusal> {
    const seat = this.seats.reclaim(sessionId, resume);
    if (!seat) return err({ code: JOIN_ERROR.forbidden, message: "This seat was taken back already." });
    const member: Member = { sessionId, nickname: seat.nickname ?? "", classCode: seat.classCode, node: seat.node };
    this.addMember(member);
    // A workshop's student: the pass this seat was taken with, so a kick still finds them.
    for (const [pass, secret] of this.restoredSeatByPass) if (secret === resume) this.passBySession.set(sessionId, pass);
    this.creatorId ??= sessionId;
    if (!this.watching) this.handToHuman(seat.node, this.heldAutopilot.get(seat.node) ?? []);
    this.heldAutopilot.delete(seat.node);
    return ok(member);
  }

  setReady(sessionId: string, ready: boolean): Result<void, Refusal> {
    const seat = this.seats.seatOf(sessionId);
    if (!seat) return err({ code: "no-seat", message: "Spectators have no seat to be ready in." });
    if (this.phase !== "lobby") return err({ code: "already-started", message: "The game has already started." });
    seat.ready = ready;
    return ok(undefined);
  }

  start(sessionId: string): Result<void, Refusal> {
    const facilitator = this.requireFacilitator(sessionId);
    if (!facilitator.ok) return facilitator;
    if (this.phase !== "lobby") return err({ code: "already-started", message: "The game has already started." });
    const humans = this.seats.taken().length;
    // A workshop's team starts when the console says so: bots take every seat nobody took yet.
    if (humans < this.level.seats.min && !this.options.workshop) {
      return err({ code: "impossible", message: `This level needs at least ${this.level.seats.min} player(s) in seats; ${humans} joined. Share the join code and wait.` });
    }
    this.begin();
    return ok(undefined);
  }

  /** Team rooms: the facilitator. Solo rooms: their only player, who may stop to read or think. */
  setPaused(sessionId: string, paused: boolean): Result<void, Refusal> {
    const soloPlayer = this.options.mode === "solo" && this.seats.seatOf(sessionId) !== undefined;
    const facilitator = soloPlayer ? ok(undefined) : this.requireFacilitator(sessionId);
    if (!facilitator.ok) return facilitator;
    if (this.phase !== "running") return err({ code: "not-started", message: "Only a running game can be paused or resumed." });
    this.paused = paused;
    return ok(undefined);
  }

  /**
   * A live fault, starting now: from the facilitator ("$fault" input of node "$facilitator"), or
   * from a nemesis student ("$fault" of node "$nemesis", with who threw it), whose budget and
   * the level's limits the engine checks (shared/sim/nemesis.ts), refusing in words.
   */
  injectFault(sessionId: string, fault: unknown): Result<void, Refusal> {
    const member = this.members.get(sessionId);
    if (member?.nemesis) {
      const ready = this.checkRunning();
      if (!ready.ok) return ready;
      return this.submit(NEMESIS, "$fault", { fault, by: member.nickname });
    }
    const facilitator = this.requireFacilitator(sessionId);
    if (!facilitator.ok) return facilitator;
    const ready = this.checkRunning();
    if (!ready.ok) return ready;
    return this.submit(FACILITATOR, "$fault", { fault });
  }

  /**
   * A workshop's console ends this game now: the rest of its time is played out at once, every
   * node by its bot (hand-overs are "$control" inputs), so the stored game replays from its
   * inputs like any other; its score counts the bots' part too.
   */
  fastForward(sessionId: string): Result<void, Refusal> {
    const facilitator = this.requireFacilitator(sessionId);
    if (!facilitator.ok) return facilitator;
    if (this.phase !== "running") return err({ code: "not-started", message: "Only a running game can be ended." });
    this.paused = false;
    // The rest is played by the book: an idle human node would only pile up penalties nobody chose.
    for (const seat of this.seats.taken()) if (this.world.nodes[seat.node]?.controller.kind === "human") this.handToBot(seat.node);
    advanceTo(this.world, this.level.durationTicks);
    return ok(undefined);
  }

  /** Watch mode: is the player still watching the bot play their seat? */
  get isWatching(): boolean {
    return this.watching;
  }

  /** How fast the game runs for its player now: 1 unless a watching player chose otherwise. */
  get speed(): WatchSpeed {
    return this.watching ? this.pace.speed : 1;
  }

  /** Watch mode: the player chooses how fast the bot plays (0.5, 1, 2 or 4 times). */
  setWatchSpeed(sessionId: string, speed: unknown): Result<void, Refusal> {
    const seat = this.playingSeat(sessionId);
    if (!seat.ok) return seat;
    if (!this.watching) return err({ code: "not-watching", message: "You are playing your seat: the game runs in real time." });
    if (!WATCH_SPEEDS.includes(speed as WatchSpeed)) return err({ code: "bad-message", message: `speed must be one of ${WATCH_SPEEDS.join(", ")}.` });
    this.pace.speed = speed as WatchSpeed;
    return ok(undefined);
  }

  /**
   * Watch mode: "Take the seat". From this tick on the player runs their node; the hand-over is
   * a "$control" input, so the stored game replays the bot's part and then the player's.
   */
  takeSeat(sessionId: string): Result<void, Refusal> {
    const seat = this.playingSeat(sessionId);
    if (!seat.ok) return seat;
    if (!this.watching) return err({ code: "not-watching", message: "The seat is already yours." });
    const running = this.checkRunningOrPaused();
    if (!running.ok) return running;
    this.watching = false;
    this.pace.speed = 1;
    this.handToHuman(seat.value.node, []);
    return ok(undefined);
  }

  /** A player's protocol action on their own node. */
  act(sessionId: string, action: string, params: unknown): Result<void, Refusal> {
    if (action.startsWith("$")) return err({ code: "reserved", message: `${action} is not a player action: use the "control" message for autopilot and lobby commands.` });
    const seat = this.playingSeat(sessionId);
    if (!seat.ok) return seat;
    if (this.watching) return err({ code: "watching", message: "You are watching the bot play your node: take the seat to act." });
    const running = this.checkRunning();
    if (!running.ok) return running;
    return this.submit(seat.value.node, action, params);
  }

  /** A knob of the level on the player's own node (limits checked by the engine: shared/sim/knobs.ts). */
  setKnob(sessionId: string, knob: string, value: number): Result<void, Refusal> {
    const seat = this.playingSeat(sessionId);
    if (!seat.ok) return seat;
    if (this.watching) return err({ code: "watching", message: "You are watching the bot play your node: take the seat to act." });
    const running = this.checkRunning();
    if (!running.ok) return running;
    return this.submit(seat.value.node, "$knob", { knob, value });
  }

  setAutopilot(sessionId: string, chore: string, on: boolean): Result<void, Refusal> {
    const seat = this.playingSeat(sessionId);
    if (!seat.ok) return seat;
    if (this.watching) return err({ code: "watching", message: "You are watching the bot play your node: take the seat to act." });
    const running = this.checkRunning();
    if (!running.ok) return running;
    return this.submit(seat.value.node, "$autopilot", { chore, on });
  }

  /** The player's connection dropped: a bot runs the node while the seat is held for them. */
  drop(sessionId: string): void {
    const seat = this.seats.hold(sessionId);
    if (!seat || this.phase !== "running" || this.watching) return;
    this.handToBot(seat.node);
  }

  /** The player came back within the hold: same seat, their autopilot chores restored. */
  rejoin(sessionId: string): void {
    const seat = this.seats.resume(sessionId);
    if (!seat || this.phase !== "running" || this.watching) return;
    this.handToHuman(seat.node, this.heldAutopilot.get(seat.node) ?? []);
    this.heldAutopilot.delete(seat.node);
  }

  /** The member is gone for good (left, kicked, or the hold ran out): a bot keeps the node. */
  leave(sessionId: string): void {
    const member = this.members.get(sessionId);
    if (!member) return;
    this.members.delete(sessionId);
    this.passBySession.delete(sessionId);
    if (member.node === null) this.spectators--;
    const seat = this.seats.seatOf(sessionId);
    if (seat) {
      if (this.phase === "running" && seat.status === "human" && !this.watching) this.handToBot(seat.node);
      this.heldAutopilot.delete(seat.node);
      this.seats.release(sessionId);
    }
    // The facilitator's powers pass to whoever has been here longest.
    if (this.creatorId === sessionId) this.creatorId = this.members.keys().next().value ?? null;
  }

  private addMember(member: Member): void {
    const previous = this.members.get(member.sessionId);
    if (previous && previous.node === null) this.spectators--;
    this.members.set(member.sessionId, member);
    if (member.node === null) this.spectators++;
  }

  /** Advance the world while running and not paused; true when the game just reached its end. */
  advance(ticks: number): boolean {
    if (this.phase !== "running" || this.paused) return false;
    advanceTo(this.world, this.world.tick + (this.watching ? this.pace.ticksFor(ticks) : ticks));
    if (this.world.tick >= this.nextScoreTick) {
      this.nextScoreTick = this.world.tick + SCORE_EVERY_TICKS;
      this.scoreSoFar = this.runningScore.score();
    }
    return isFinished(this.world);
  }

  isFinished(): boolean {
    return isFinished(this.world);
  }

  get ended(): Debrief | null {
    return this.debrief;
  }

  /**
   * The end: the verdict comes from the server's own world (never from a client), one result per
   * seat whose player is still with us (connected or held) is stored, and the debrief is returned.
   * A player who left before the end has no result: otherwise leaving early and letting the bot
   * play would be the best strategy for the leaderboard.
   */
  async finish(roomId: string): Promise<Debrief> {
    if (this.debrief) return this.debrief;
    this.phase = "ended";
    this.paused = false;
    const world = this.world;
    const verdict = computeVerdict(world);
    this.scoreSoFar = verdict.score;
    const hash = gameHash(world);
    const { level, seed, mode, playMode, board } = this.options;
    const debrief: Debrief = {
      levelId: level.id,
      levelVersion: level.version,
      seed,
      mode,
      playMode,
      inputs: world.inputs,
      hash,
      verdict,
      observer: observerView(world),
      results: [],
      ...(this.practice ? { practice: true as const } : {}),
    };
    this.debrief = debrief;
    const results: NewResult[] = [];
    for (const seat of this.seats.taken()) {
      debrief.results.push({ node: seat.node, nickname: seat.nickname ?? "", resultId: null });
      // Practice is nobody's class result (the class page shows what each student played).
      results.push(newResultOf(world, verdict, hash, { mode, board, seatNode: seat.node, nickname: seat.nickname ?? "", classCode: this.practice ? null : seat.classCode, playerId: seat.playerId }));
    }
    try {
      // With the live snapshot's deletion, in one transaction: a crash cannot store them twice.
      const stored = await this.store.finishGame({ gameId: this.gameId, roomId, results });
      for (const result of debrief.results) result.resultId = stored.find((r) => r.seatNode === result.node)?.id ?? null;
    } catch (error) {
      debrief.saveError = `The results could not be stored (${error instanceof Error ? error.message : String(error)}); the debrief still works.`;
    }
    return debrief;
  }

  /** How many inputs of this node (or of the facilitator) were refused so far. */
  refusedCount(node: string): number {
    return this.logShares.get(node)?.refused ?? 0;
  }

  // ---- internals ---------------------------------------------------------------------------

  private shareOf(node: string): LogShare {
    let share = this.logShares.get(node);
    if (!share) this.logShares.set(node, (share = { bytes: 0, inputs: 0, refused: 0 }));
    return share;
  }

  /** Charges a record of the log to its node's part: as stored (a refused one is compact). */
  private charge(record: InputRecord): void {
    const share = this.shareOf(record.node);
    share.bytes += inputBytes(record.node, record.action, record.params, record.refused);
    share.inputs++;
    if (record.refused !== undefined) share.refused++;
  }

  private begin(): void {
    this.phase = "running";
    // A workshop's nemesis: their budget goes in the log first, so every replay applies it.
    const nemesis = this.options.workshop?.nemesis;
    if (nemesis) this.submit(FACILITATOR, NEMESIS_DECLARE, { points: nemesis.points });
    // Played on from a team game: the others' nodes go to their bots (this room is solo).
    const seated = new Set(this.seats.taken().map((seat) => seat.node));
    for (const node of this.world.nodeList) if (node.controller.kind === "human" && !seated.has(node.id)) this.handToBot(node.id);
    if (this.watching) return;
    // Played on from a moment of a stored game: the autopilot chores the player had then.
    for (const seat of this.seats.taken()) {
      if (seat.status !== "human") continue;
      const controller = this.world.nodes[seat.node]?.controller;
      this.handToHuman(seat.node, controller?.kind === "human" ? controller.autopilot : []);
    }
  }

  private handToHuman(node: string, autopilot: string[]): void {
    this.submit(node, "$control", { controller: "human", autopilot });
  }

  private handToBot(node: string): void {
    const controller = this.world.nodes[node]?.controller;
    if (controller?.kind === "human") this.heldAutopilot.set(node, controller.autopilot);
    this.submit(node, "$control", { controller: "bot" });
  }

  private playingSeat(sessionId: string): Result<Seat, Refusal> {
    const seat = this.seats.seatOf(sessionId);
    if (!seat) return err({ code: "no-seat", message: "You are watching: spectators cannot act." });
    return ok(seat);
  }

  private checkRunning(): Result<void, Refusal> {
    if (this.phase === "lobby") return err({ code: "not-started", message: "The game has not started yet: wait for the facilitator to start it." });
    if (this.phase === "ended" || isFinished(this.world)) return err({ code: "game-over", message: "The game is over." });
    if (this.paused) {
      const message = this.options.mode === "solo" ? "The game is paused: resume it to play on." : "The facilitator paused the game: wait until it resumes.";
      return err({ code: "paused", message });
    }
    return ok(undefined);
  }

  /** Taking the seat works paused too: the player may stop the film, then take over. */
  private checkRunningOrPaused(): Result<void, Refusal> {
    if (this.phase === "lobby") return err({ code: "not-started", message: "The game has not started yet." });
    if (this.phase === "ended" || isFinished(this.world)) return err({ code: "game-over", message: "The game is over." });
    return ok(undefined);
  }

  private requireFacilitator(sessionId: string): Result<void, Refusal> {
    if (this.options.mode !== "team") return err({ code: "not-facilitator", message: "Solo games have no facilitator commands." });
    if (this.creatorId !== sessionId) return err({ code: "not-facilitator", message: "Only the facilitator (who created the room) can do that." });
    return ok(undefined);
  }

  /**
   * Every input goes through here. advanceTo(now) first runs events that earlier inputs of this
   * same tick scheduled, exactly as replay() does before each input, so live and replay agree.
   */
  private submit(node: string, action: string, params: unknown): Result<void, Refusal> {
    const share = this.shareOf(node);
    if (action !== "$control" && (share.bytes + inputBytes(node, action, params) > this.logShareBytes || share.inputs >= this.logShareInputs)) {
      return err({ code: "log-full", message: "Your part of this game's input log is full; the game plays on with what you have done." });
    }
    advanceTo(this.world, this.world.tick);
    const before = this.world.inputs.length;
    const result = submitInput(this.world, node, action, params);
    if (this.world.inputs.length > before) this.charge(this.world.inputs[this.world.inputs.length - 1]!);
    if (result.ok) return ok(undefined);
    const { code, message, rule } = result.error;
    return err({ code, message, ...(rule ? { rule } : {}) });
  }
}

/** What one input adds to the stored log, roughly (the bound is generous). */
function inputBytes(node: string, action: string, params: unknown, refused = ""): number {
  return INPUT_RECORD_OVERHEAD_BYTES + node.length + action.length + (JSON.stringify(params) ?? "").length + refused.length;
}
