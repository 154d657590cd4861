/**
 * The Colyseus adapter for one game: a thin shell around GameSession. It checks and rate-limits
 * messages, turns them into session calls, runs the fixed timestep, projects the session into
 * Schema before each patch, holds seats across dropped connections, and hands out the debrief.
 * It also keeps the running game in the store (LiveGameSaver), and a room created at start-up
 * with `{ restoreId }` rebuilds that stored game (GameSession.restore) under its old id.
 * No game rule lives here.
 */
import { Room, SchemaSerializer, ServerError, type AuthContext, type Client, type ClientPrivate } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { Level } from "../../shared/level/level.js";
import type { LiveGame, Store } from "../store/store.js";
import { LevelState } from "../schema/level-state.js";
import { createLevelState, SessionProjector } from "../schema/project.js";
import { LevelSerializer } from "../schema/level-serializer.js";
import { GameSession, WORKSHOP_FACILITATOR, type Debrief, type Refusal } from "./game-session.js";
import { claimJoinCode, JOIN_CODE_RENEW_MS, projectorCode, renewJoinCode, reserveJoinCode, releaseJoinCode } from "./join-code.js";
import { JOIN_ERROR, parsePlayerOptions, parseRoomOptions, type JoinRefusal, type PlayerOptions, type RoomOptions } from "./join-options.js";
import { LiveGameSaver } from "./live-game-saver.js";
import { resolvePlayOn } from "./play-on.js";
import { PLAY_ON_REBUILDS } from "./rebuild-budget.js";
import { joinTicker } from "./room-ticker.js";
import { parseAct, parseControl, seqOf, type MessageRefusal } from "./messages.js";
import { RateLimiter, scaledRateLimit, type RateLimitOptions } from "./rate-limiter.js";
import type { Result } from "../../shared/base/result.js";
import { addressOf, eventLog, withEventContext } from "../event-log.js";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { MatchmakeLimits } from "../http/matchmake-limits.js";
import { takeTeamSetup } from "../workshop/team-tickets.js";
import { nemesisWelcome } from "../workshop/team-nemesis.js";
import { CLOSE_KICKED, teamStatusOf, type TeamCommand, type TeamStatus } from "../workshop/team-status.js";

export interface LevelRoomConfig {
  store: Store;
  levels: readonly Level[];
  /** Accept the `speed` join option (SPLIT_BRAIN_TEST_SPEED=1). */
  testSpeedAllowed: boolean;
  /** How long a dropped player's seat waits for them while a bot runs it. */
  holdSeconds: number;
  rateLimit: RateLimitOptions;
  /** Real milliseconds per simulation interval (and per patch). */
  tickMs: number;
  /** After a server restart, how long a restored game holds each seat for its player. */
  restoreHoldSeconds: number;
  /**
   * Games to restore, by room id, filled at start-up from the store. A room created with
   * `{ restoreId }` takes its game out of here; a client cannot put one in.
   */
  restoring: Map<string, LiveGame>;
  /** Where an address kicked for flooding is reported (matchmaking refuses it for a while). */
  limits: MatchmakeLimits | null;
  /** The store's server secret, read once (board seeds are derived from it, see board.ts). */
  serverSecret: () => Promise<string>;
  /**
   * This process's id, as the owner of the games it saves (Store.saveLiveGame); null: saved
   * without an owner (a server without process upkeep, e.g. the benchmark's).
   */
  processId: string | null;
}

/**
 * How long a seat reserved by matchmaking waits for its WebSocket. A browser connects at once;
 * Colyseus' 15 s default let 20 reservations never used lock a team room, again and again.
 */
export const SEAT_RESERVATION_SECONDS = 6;
/**
 * Every frame a client sends counts, whatever its protocol code (the act/control limiter sees
 * only those two types: 40,000 frames of an unknown code went through, never cut). A client may
 * send twice the frames that would get it kicked for actions per window, and this many bytes
 * for each of those frames (an action's params are at most 1 KB).
 */
const FRAME_BYTES_AVERAGE_MAX = 1024;

/** Close code for a client disconnected for flooding (4000-4999 are application codes). */
export const CLOSE_FLOODING = 4429;
/**
 * Close code when the server stops: not "consented" (4000), so clients try to come back, first
 * with their reconnection token, then, once the server is up again, with their resume secret.
 */
export const CLOSE_SERVER_RESTART = 4503;
/**
 * Close code when this room hit a bug (a step, a patch, a message handler or a timer threw): the
 * room is closed, alone, and its game is lost; the process and every other room go on.
 */
export const CLOSE_ROOM_FAILED = 4500;
/** How long a workshop's ended team room waits for the console to read its result. */
const WORKSHOP_TEAM_LINGER_MS = 120_000;
/** Spectators a team room accepts on top of its seats (a facilitator, a projector, a teacher...). */
export const SPECTATORS_MAX = 16;

/** Server → client message types (documented in docs/room-protocol.md). */
export const SERVER_MESSAGE = {
  welcome: "welcome",
  accepted: "accepted",
  refused: "refused",
  debrief: "debrief",
  /** A workshop's nemesis students only: their team's budget after each throw, { points, spent }. */
  nemesis: "nemesis",
} as const;

export class LevelRoom extends Room<LevelState> {
  /**
   * No patch timer of Colyseus' own, from the start: the process-wide ticker sends the patches.
   * Colyseus starts the timer of `patchRate` before onCreate; with its default (50 ms) it fired
   * during an awaiting or refused onCreate, projected a session that did not exist, and the
   * TypeError ended the process (and every game in it).
   */
  override patchRate = 0;
  /** Set by defineRooms on a subclass: the store, the levels and the server's knobs. */
  protected config!: LevelRoomConfig;
  private session!: GameSession;
  private projector!: SessionProjector;
  private joinCode: string | null = null;
  private speedTicks = 1;
  private rateLimit!: RateLimitOptions;
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly kicked = new Set<string>();
  /** Every frame, counted per client in frames and bytes (see FRAME_BYTES_AVERAGE_MAX). */
  private frames!: RateLimiterMemory;
  private frameBytes!: RateLimiterMemory;
  /** Each client's address, for the one line logged about what it does wrong. */
  private readonly addresses = new Map<string, string>();
  private ending = false;
  private shuttingDown = false;
  private saver!: LiveGameSaver;
  /** Leaves the process-wide ticker (set in onCreate, called in onDispose). */
  private leaveTicker: (() => void) | null = null;
  /** Whether the running game has been written to the store once (it is, on its first tick). */
  private liveSaved = false;
  /** Set when this room hit a bug and is being closed (see fail). */
  private failed = false;
  /** Set when another process claimed this game (this one was taken for dead): see moveAway. */
  private movedAway = false;

  override async onCreate(rawOptions: unknown): Promise<void> {
    try {
      await this.create(rawOptions);
    } catch (error) {
      // Colyseus answers the creator and forgets this room object, but the timers it started
      // (auto-dispose, clock) and what create() took (a join code, the ticker) are ours to undo.
      await this.abandonCreate();
      throw error;
    }
  }

  private async create(rawOptions: unknown): Promise<void> {
    const restoreId = (rawOptions as { restoreId?: unknown } | null)?.restoreId;
    const live = typeof restoreId === "string" ? this.config.restoring.get(restoreId) : undefined;
    if (restoreId !== undefined && !live) throw new ServerError(JOIN_ERROR.badOptions, "restoreId is for the server only: leave it out.");
    let options: RoomOptions;
    if (live) {
      this.config.restoring.delete(live.roomId);
      options = restoredOptions(live, this.config.levels);
      this.joinCode = live.roomId;
      await claimJoinCode(this.presence, live.roomId);
      this.session = GameSession.restore(options, this.config.store, live);
    } else {
      const ticket = (rawOptions as { workshopTicket?: unknown } | null)?.workshopTicket;
      const workshop = ticket === undefined ? undefined : await takeTeamSetup(this.presence, ticket);
      if (ticket !== undefined && !workshop) throw new ServerError(JOIN_ERROR.badOptions, "workshopTicket is for the server only: leave it out.");
      const serverSecret = await this.config.serverSecret();
      const parsed = parseRoomOptions(rawOptions, { levels: this.config.levels, testSpeedAllowed: this.config.testSpeedAllowed, serverSecret });
      if (!parsed.ok) throw new ServerError(parsed.error.code, parsed.error.message);
      options = workshop ? { ...parsed.value, mode: "team", listed: false, workshop: { passes: workshop.passes, ...(workshop.nemesis ? { nemesis: workshop.nemesis } : {}) }, ...(workshop.board !== undefined ? { board: workshop.board } : {}) } : parsed.value;
      if (options.playOnRequest && !workshop) {
        if (!PLAY_ON_REBUILDS.available()) throw new ServerError(JOIN_ERROR.forbidden, "The server is busy rebuilding other games: try again in a few seconds.");
        const resolved = await resolvePlayOn(options, options.playOnRequest, this.config.store, this.config.levels);
        if (!resolved.ok) throw new ServerError(resolved.error.code, resolved.error.message);
        options = resolved.value;
      }
      await this.checkClassExists(options.classCode ?? null);
      this.joinCode = await reserveJoinCode(this.presence);
      this.session = options.playOn ? PLAY_ON_REBUILDS.run(() => GameSession.playOn(options, this.config.store)) : new GameSession(options, this.config.store);
    }
    // The code IS the room id: players type it into joinById (and a restored game keeps it).
    this.roomId = this.joinCode;
    this.saver = new LiveGameSaver(this.config.store, this.roomId, () => this.session.liveGame(this.roomId), this.config.processId ?? undefined, () => this.moveAway());
    // The code stays this room's while it lives; a process that dies stops renewing its codes.
    const code = this.joinCode;
    this.clock.setInterval(() => {
      if (!this.movedAway) renewJoinCode(this.presence, code).catch((error: unknown) => eventLog.log(`LevelRoom ${code}: could not renew the join code: ${describeError(error)}`));
    }, JOIN_CODE_RENEW_MS);
    // A workshop's team lives while its game does, with or without students connected.
    if (options.workshop) this.autoDispose = false;
    if (live) this.holdRestoredSeats();
    await this.setPrivate(!(options.mode === "team" && options.listed));
    await this.setMetadata({ levelId: options.level.id, mode: options.mode });
    this.maxClients = options.mode === "solo" ? 1 : options.level.seats.max + SPECTATORS_MAX;
    this.speedTicks = options.speedTicks;
    this.rateLimit = scaledRateLimit(this.config.rateLimit, options.speedTicks);
    const r = this.rateLimit;
    const windowSeconds = Math.max(1, Math.round(r.floodWindowMs / 1000));
    const framesPerWindow = Math.ceil(2 * r.floodFactor * r.perSecond * windowSeconds);
    this.frames = new RateLimiterMemory({ points: framesPerWindow, duration: windowSeconds });
    this.frameBytes = new RateLimiterMemory({ points: framesPerWindow * FRAME_BYTES_AVERAGE_MAX, duration: windowSeconds });
    this.setSeatReservationTime(SEAT_RESERVATION_SECONDS);
    this.state = createLevelState(this.session, Math.round((1000 / this.config.tickMs) * options.speedTicks));
    // Patches without private changes go to every client as one shared buffer (see LevelSerializer).
    this.setSerializer(LevelSerializer.takeOver((this as unknown as { _serializer: SchemaSerializer<LevelState> })._serializer));
    this.projector = new SessionProjector(this.session, this.state);
    // No timer of this room's own: the process-wide ticker steps every room, then sends every
    // room's patch (patchRate is 0: no patch timer of Colyseus' either).
    this.leaveTicker = joinTicker(this.config.tickMs, { step: () => this.step(), send: () => this.sendPatch() });

    this.onMessage("act", (client, raw) => this.guarded(client, raw, () => this.onAct(client, raw)));
    this.onMessage("control", (client, raw) => this.guarded(client, raw, () => this.onControl(client, raw)));
    // Without this, an unknown type disconnects the client in production.
    this.onMessage("*", (client, type, raw) =>
      this.guarded(client, raw, () => ({ ok: false, error: { seq: seqOf(raw), code: "unknown-type", message: `Unknown message type ${JSON.stringify(String(type).slice(0, 40))}: send "act" or "control".` } })),
    );
  }

  override async onAuth(client: Client, rawOptions: unknown, context: AuthContext): Promise<PlayerOptions> {
    const address = addressOf(context.ip);
    const player = parsePlayerOptions(rawOptions);
    if (!player.ok) throw this.refuseJoin(address, player.error);
    if (player.value.classCode !== null && !(await this.config.store.getClass(player.value.classCode))) {
      throw this.refuseJoin(address, unknownClass(player.value.classCode));
    }
    const allowed = this.session.checkJoin(player.value);
    if (!allowed.ok) throw this.refuseJoin(address, allowed.error);
    this.addresses.set(client.sessionId, address);
    return player.value;
  }

  override onJoin(client: Client, _options: unknown, player: PlayerOptions): void {
    // Claimed here, not in onAuth: joins are serialised here, so two players never get one seat.
    const joined = this.session.join(client.sessionId, player);
    if (!joined.ok) {
      const address = this.addresses.get(client.sessionId) ?? "unknown address";
      this.addresses.delete(client.sessionId);
      throw this.refuseJoin(address, joined.error);
    }
    this.limiters.set(client.sessionId, new RateLimiter(this.rateLimit, Date.now()));
    // Attach first (the seat exists since onCreate), then add to the view.
    client.view = new StateView();
    const node = joined.value.node;
    if (node !== null) {
      client.view.add(this.state.seats.get(node)!.priv);
      this.projector.invalidate(node);
    }
    if (node === null || this.session.phase === "ended") client.view.add(this.state.observer);
    this.saver.changed();
    this.project();
    this.welcome(client);
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    const id = client.sessionId;
    // Stopping: the seat stays as it is in the last snapshot, for the player to take back.
    // Failed: the room is closing, there is no seat to hold.
    if (this.shuttingDown || this.failed) return;
    if (!this.session.member(id)) return; // a join that failed half-way
    this.saver.changed();
    if (consented || this.kicked.has(id) || this.session.phase === "ended") {
      this.forget(id);
      return;
    }
    this.session.drop(id);
    try {
      const back = await this.allowReconnection(client, this.config.holdSeconds);
      this.session.rejoin(id);
      this.saver.changed();
      const node = this.session.member(id)?.node;
      if (node) this.projector.invalidate(node);
      this.welcome(back);
      const debrief = this.session.ended;
      if (debrief) this.sendDebrief(back, debrief);
    } catch {
      this.forget(id);
    }
  }

  override onBeforeShutdown(): void {
    this.shuttingDown = true;
    void this.disconnect(CLOSE_SERVER_RESTART);
  }

  override async onDispose(): Promise<void> {
    this.leaveTicker?.();
    this.leaveTicker = null;
    if (this.shuttingDown && !this.failed && !this.movedAway) {
      // The server stops, the game does not: write where it stands, for the next server.
      if (this.session.phase === "running" && !this.ending) this.saver.saveNow();
      this.saver.stop();
      await this.saver.flush();
    } else {
      // Everybody left (or the game ended): nothing to come back to.
      await this.saver.discard();
    }
    // A game claimed by another process runs there under the same code: not ours to free.
    if (this.joinCode && !this.movedAway) await releaseJoinCode(this.presence, this.joinCode);
  }

  /**
   * Another process claimed this game: it took this process for dead (a stall longer than
   * PROCESS_STALE_MS) and rebuilt the game from the store. Two copies must not run on: this one
   * closes like a server restart, and the players' pages find the game on the other process
   * by its code. The listing and the code now name the other process: this room leaves them.
   */
  private moveAway(): void {
    if (this.movedAway || this.failed) return;
    this.movedAway = true;
    this.shuttingDown = true;
    console.error(`LevelRoom ${this.roomId}: another process has claimed this game; closing it here (its players reconnect there).`);
    this.leaveTicker?.();
    this.leaveTicker = null;
    // Colyseus de-lists a disposed room by id: that would de-list the other process's copy.
    (this.listing as unknown as { remove: () => Promise<void> }).remove = async () => undefined;
    this.disconnect(CLOSE_SERVER_RESTART).catch((error: unknown) => console.error(`LevelRoom ${this.roomId}: closing a moved game failed: ${describeError(error)}`));
  }

  override onBeforePatch(): void {
    this.project();
  }

  /**
   * Colyseus' catch-all for this room's handlers and clock timers. A refusal (ServerError) is
   * not a bug: Colyseus answers it to the client. A failed create or join costs that request
   * only. Anything else is a bug in this room: it is closed (see fail).
   */
  override onUncaughtException(error: Error, methodName: string): void {
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (cause instanceof ServerError) return;
    if (methodName === "onCreate" || methodName === "onAuth" || methodName === "onJoin") {
      eventLog.log(`LevelRoom ${this.roomId}: ${methodName} failed (that request is refused; the room goes on): ${describeError(cause)}`);
      return;
    }
    this.fail(cause, methodName);
  }

  /**
   * A bug in this room (its step, its patch, a message handler or a timer threw): logged once,
   * and this room alone is closed, with CLOSE_ROOM_FAILED. Its state may be half-updated, so
   * it is not played on; the process and the other rooms on the shared ticker go on.
   */
  private fail(error: unknown, where: string): void {
    if (this.failed) return;
    this.failed = true;
    console.error(`LevelRoom ${this.roomId}: ${where} threw; closing this room (code ${CLOSE_ROOM_FAILED}):`, error);
    this.leaveTicker?.();
    this.leaveTicker = null;
    try {
      this.disconnect(CLOSE_ROOM_FAILED).catch((closeError: unknown) => console.error(`LevelRoom ${this.roomId}: closing after a failure failed too: ${describeError(closeError)}`));
    } catch (closeError) {
      console.error(`LevelRoom ${this.roomId}: closing after a failure failed too: ${describeError(closeError)}`);
    }
  }

  /** One line, rate-limited, per refused join (Colyseus answers the client with the error). */
  private refuseJoin(address: string, refusal: { code: number; message: string }): ServerError {
    eventLog.log(`refused join: room ${this.roomId}, from ${address}: ${refusal.code} ${refusal.message}`);
    return new ServerError(refusal.code, refusal.message);
  }

  /**
   * Every frame a client sends. Colyseus logs one it cannot decode with the error alone: this
   * names the room and the sender in that line (see event-log.ts).
   */
  protected override _onMessage(client: Client & ClientPrivate, buffer: Buffer): void {
    const id = client.sessionId;
    if (this.kicked.has(id)) return;
    // Counted before anything is decoded; the verdict comes a microtask later.
    if (this.frames) {
      const kick = () => this.kickForFlooding(client);
      this.frames.consume(id).catch(kick);
      this.frameBytes.consume(id, Math.max(1, buffer?.byteLength ?? 0)).catch(kick);
    }
    const address = this.addresses.get(id) ?? "unknown address";
    withEventContext({ roomId: this.roomId, address }, () => super._onMessage(client, buffer));
  }

  /** Disconnects a flooding client once, and keeps its address from joining here for a while. */
  private kickForFlooding(client: Client): void {
    const id = client.sessionId;
    if (this.kicked.has(id)) return;
    this.kicked.add(id);
    client.leave(CLOSE_FLOODING, "Too many messages: disconnected. Reload to play again, and send at most a few actions a second.");
    const address = this.addresses.get(id);
    if (address) {
      eventLog.log(`kicked for flooding: room ${this.roomId}, from ${address}`);
      this.config.limits?.kick(address, this.roomId).catch(() => undefined);
    }
  }

  /** Undoes what a create that threw had started, so a refused create leaves nothing running. */
  /** A class code must name a class a teacher created: a typo must not hide a student's games. */
  private async checkClassExists(classCode: string | null): Promise<void> {
    if (classCode === null) return;
    if (await this.config.store.getClass(classCode)) return;
    const refusal = unknownClass(classCode);
    throw new ServerError(refusal.code, refusal.message);
  }

  private async abandonCreate(): Promise<void> {
    this.leaveTicker?.();
    this.leaveTicker = null;
    // Colyseus armed this at __init: it would dispose a room that was never registered.
    this.autoDispose = false;
    this.clock.clear();
    this.clock.stop();
    if (this.joinCode) {
      const code = this.joinCode;
      this.joinCode = null;
      await releaseJoinCode(this.presence, code).catch(() => undefined);
    }
  }

  // ---- the clock -----------------------------------------------------------------------------

  /**
   * The fixed timestep, run by the process-wide ticker (room-ticker.ts) together with the other
   * rooms, which then sends this room's patch (broadcastPatch projects the session first), so a
   * patch always shows the tick just computed. After the end the world stands still but patches
   * go on: they carry the end and the god's view. A failure is reported here and the patch still
   * goes out: one bad tick must not freeze every client's view, nor stop the other rooms.
   */
  private step(): void {
    if (this.failed) return;
    try {
      if (!this.ending && this.session.advance(this.speedTicks)) this.endGame().catch((error: unknown) => this.fail(error, "endGame"));
      else this.keepLive();
    } catch (error) {
      this.fail(error, "step");
    }
  }

  /** The patch of the tick just stepped (broadcastPatch projects the session first). */
  private sendPatch(): void {
    if (this.failed) return;
    try {
      this.broadcastPatch();
    } catch (error) {
      this.fail(error, "broadcastPatch");
    }
  }

  private async endGame(): Promise<void> {
    this.ending = true;
    // No snapshot write may land after the transaction that stores the results and deletes it.
    this.saver.stop();
    await this.saver.flush();
    const debrief = await this.session.finish(this.roomId);
    this.project();
    // After the end, everyone may see the god's view.
    for (const client of this.clients) client.view?.add(this.state.observer);
    for (const client of this.clients) this.sendDebrief(client, debrief);
    // Already deleted with the results; again in case storing them failed: nothing to resume.
    await this.saver.discard();
    // A workshop's team stays a while for the console to read its result, then closes when empty.
    if (this.session.options.workshop) {
      this.clock.setTimeout(() => {
        this.autoDispose = true;
        if (this.clients.length === 0) void this.disconnect();
      }, WORKSHOP_TEAM_LINGER_MS);
    }
  }

  /** Writes the running game to the store: at once when it starts, then as LiveGameSaver paces it. */
  private keepLive(): void {
    if (this.session.phase !== "running" || this.shuttingDown) return;
    if (this.liveSaved) {
      this.saver.tick(this.speedTicks);
      return;
    }
    this.liveSaved = true;
    this.saver.saveNow();
  }

  /**
   * A restored game waits for its players longer than a dropped connection does (the restart
   * itself took time). Meanwhile the room stays even with nobody in it; afterwards seats nobody
   * took back open up, and the room closes as usual once empty.
   */
  private holdRestoredSeats(): void {
    this.autoDispose = false;
    this.clock.setTimeout(() => {
      this.session.expireRestoredSeats();
      this.saver.changed();
      // A workshop's team lives on while its game does, as before the restart.
      this.autoDispose = !this.session.options.workshop;
    }, this.config.restoreHoldSeconds * 1000);
  }

  // ---- messages ------------------------------------------------------------------------------

  /** Rate limit, run, reply. Nothing a client sends can throw out of here. */
  private guarded(client: Client, raw: unknown, handle: () => Result<unknown, MessageRefusal>): void {
    if (this.failed) return;
    const limiter = this.limiters.get(client.sessionId);
    const decision = limiter ? limiter.take(Date.now()) : "drop";
    if (decision === "disconnect") {
      this.kickForFlooding(client);
      return;
    }
    if (decision === "drop") {
      this.refuse(client, { seq: seqOf(raw), code: "rate-limited", message: `Slow down: at most ${this.rateLimit.perSecond} messages a second. This one was ignored.` });
      return;
    }
    let result: Result<unknown, MessageRefusal>;
    // Even a refused action lands in the input log: either way the game may have changed.
    this.saver.changed();
    try {
      result = handle();
    } catch (error) {
      this.refuse(client, { seq: seqOf(raw), code: "server-error", message: "The server failed on this message and closes this game." });
      this.fail(error, "a message handler");
      return;
    }
    if (result.ok) client.send(SERVER_MESSAGE.accepted, { seq: seqOf(raw) });
    else this.refuse(client, result.error);
  }

  private onAct(client: Client, raw: unknown): Result<unknown, MessageRefusal> {
    const act = parseAct(raw);
    if (!act.ok) return act;
    return withSeq(this.session.act(client.sessionId, act.value.action, act.value.params), act.value.seq);
  }

  private onControl(client: Client, raw: unknown): Result<unknown, MessageRefusal> {
    const control = parseControl(raw);
    if (!control.ok) return control;
    const c = control.value;
    const id = client.sessionId;
    switch (c.kind) {
      case "autopilot":
        return withSeq(this.session.setAutopilot(id, c.chore, c.on), c.seq);
      case "knob":
        return withSeq(this.session.setKnob(id, c.knob, c.value), c.seq);
      case "ready":
        return withSeq(this.session.setReady(id, c.ready), c.seq);
      case "start":
        return withSeq(this.session.start(id), c.seq);
      case "pause":
        return withSeq(this.session.setPaused(id, true), c.seq);
      case "resume":
        return withSeq(this.session.setPaused(id, false), c.seq);
      case "fault": {
        const result = withSeq(this.session.injectFault(id, c.fault), c.seq);
        if (this.session.member(id)?.nemesis) this.tellNemesis();
        return result;
      }
      case "take-seat":
        return withSeq(this.session.takeSeat(id), c.seq);
      case "speed":
        return withSeq(this.session.setWatchSpeed(id, c.speed), c.seq);
    }
  }

  /** Every nemesis student of this team hears what their shared budget has left. */
  private tellNemesis(): void {
    const { points, spent } = nemesisWelcome(this.session);
    for (const client of this.clients) if (this.session.member(client.sessionId)?.nemesis) client.send(SERVER_MESSAGE.nemesis, { points, spent });
  }

  private refuse(client: Client, refusal: MessageRefusal): void {
    client.send(SERVER_MESSAGE.refused, refusal);
  }

  // ---- the workshop's console (server/workshop), through matchMaker.remoteRoomCall ----------

  /** What the console shows of this team, and its watch key (the console's projector opens it). */
  workshopStatus(): TeamStatus {
    return teamStatusOf(this.session, this.roomId, this.clients.length);
  }

  /** Start, pause, resume, end or a fault, from the workshop's console; refused in other rooms. */
  workshopCommand(command: TeamCommand): { ok: true } | { ok: false; message: string } {
    if (!this.session.options.workshop) return { ok: false, message: "This room is not a workshop's team." };
    if (this.failed) return { ok: false, message: "This team's game failed and was closed." };
    this.saver.changed();
    if (command.kind === "revoke") return this.revokePass(command.pass);
    const id = WORKSHOP_FACILITATOR;
    const result =
      command.kind === "start" ? this.session.start(id)
      : command.kind === "pause" ? this.session.setPaused(id, true)
      : command.kind === "resume" ? this.session.setPaused(id, false)
      : command.kind === "end" ? this.session.fastForward(id)
      : this.session.injectFault(id, "fault" in command ? command.fault : null);
    return result.ok ? { ok: true } : { ok: false, message: result.error.message };
  }

  /** The workshop removed this student: their seat goes to its bot and they are disconnected. */
  private revokePass(pass: string): { ok: true } {
    const sessionId = this.session.revokePass(pass);
    const client = sessionId === null ? undefined : this.clients.find((c) => c.sessionId === sessionId);
    if (sessionId !== null) this.kicked.add(sessionId);
    if (client) client.leave(CLOSE_KICKED, "The facilitator removed you from this workshop.");
    // Gone while its hold ran: the seat is released now rather than when the hold ends.
    else if (sessionId !== null) this.forget(sessionId);
    return { ok: true };
  }

  // ---- helpers -------------------------------------------------------------------------------

  private forget(sessionId: string): void {
    this.session.leave(sessionId);
    this.saver.changed();
    this.limiters.delete(sessionId);
    this.kicked.delete(sessionId);
    this.addresses.delete(sessionId);
  }

  private project(): void {
    // Before onCreate built the session there is nothing to show (Colyseus may ask, see patchRate).
    if (!this.projector) return;
    const watched = this.session.phase === "ended" || this.session.spectatorCount() > 0;
    this.projector.sync(watched);
  }

  private welcome(client: Client): void {
    const member = this.session.member(client.sessionId);
    const { level, mode, playMode } = this.session.options;
    const facilitator = this.session.facilitatorId === client.sessionId;
    client.send(SERVER_MESSAGE.welcome, {
      sessionId: client.sessionId,
      joinCode: this.joinCode,
      levelId: level.id,
      levelVersion: level.version,
      mode,
      playMode,
      node: member?.node ?? null,
      spectator: member?.node === null,
      facilitator,
      // Only the facilitator's: with it, a projector (and only it) watches the god's view live.
      projectorCode: facilitator && this.joinCode ? projectorCode(this.joinCode, this.session.watchKey) : null,
      ticksPerSecond: this.state.ticksPerSecond,
      // Only this player's: with it, they take the seat back after a server restart.
      resume: this.session.resumeSecretOf(client.sessionId),
      // A workshop's nemesis student: their budget and the level's limits, for the fault menu.
      nemesis: member?.nemesis ? nemesisWelcome(this.session) : null,
    });
  }

  private sendDebrief(client: Client, debrief: Debrief): void {
    const node = this.session.member(client.sessionId)?.node ?? null;
    const own = debrief.results.find((r) => r.node === node);
    // After the next patch, so the client's state already says "ended" (and holds the god's view).
    client.send(SERVER_MESSAGE.debrief, { ...debrief, resultId: own?.resultId ?? null }, { afterNextPatch: true });
  }
}

/** The room options of a stored game; its level was checked when the restore was planned. */
function restoredOptions(live: LiveGame, levels: readonly Level[]): RoomOptions {
  const level = levels.find((l) => l.id === live.levelId && l.version === live.levelVersion);
  if (!level) throw new Error(`level ${live.levelId} v${live.levelVersion} is not on this server`);
  const classCode = live.board?.startsWith("class-") ? live.board.slice("class-".length) : null;
  // A workshop's (or parallel room's) team: its passes still open its seats (see LiveWorkshopSetup).
  const workshop = live.workshop ? { workshop: { passes: live.workshop.passes, ...(live.workshop.nemesis ? { nemesis: live.workshop.nemesis } : {}) } } : {};
  return { level, mode: live.mode, playMode: live.playMode, seed: live.seed, speedTicks: live.speedTicks, listed: live.listed, board: live.board, classCode, ...workshop };
}

function unknownClass(classCode: string): JoinRefusal {
  return { code: JOIN_ERROR.unknownClass, message: `There is no class ${classCode} on this server: check the code with your teacher, or leave the class empty.` };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withSeq(result: Result<void, Refusal>, seq: number | null): Result<unknown, MessageRefusal> {
  return result.ok ? result : { ok: false, error: { ...result.error, seq } };
}
