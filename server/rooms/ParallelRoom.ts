/**
 * A team room of a level whose seats are parallel (level.seats.parallel): up to that many
 * players, each running the level's one seat in a game of their own, in one room and on one
 * board. Players gather here by the join code; the creator starts, pauses, resumes and ends.
 *
 * Why one game per player, not one world with a seat per player: the level, its checks and its
 * verdict are about one seat (the verdict is computed once per world), and a game of one's own is
 * exactly what a level room already plays, stores, restores, verifies and debriefs. So at the
 * start this room creates one level room per player (same level version, seed and board, started
 * together once every player is in theirs), as a workshop creates its teams' rooms (a
 * server-only ticket, this room as their facilitator), and sends each player their game's code
 * and seat pass. A reload is then that game's own business (its reconnection and resume, as for
 * any game); each game stores its player's result on the room's board. This room only holds who
 * plays where, forwards the facilitator's commands, and shows everyone how far each player is.
 * No game rule here.
 */
import { LiveRoomWriter } from "./live-room-writer.js";
import { matchMaker, Room, ServerError, type AuthContext, type Client } from "@colyseus/core";
import type { Level } from "../../shared/level/level.js";
import { addressOf, eventLog } from "../event-log.js";
import { newResumeSecret, type Store } from "../store/store.js";
import { dropTeamSetup, fileTeamSetup } from "../workshop/team-tickets.js";
import type { TeamCommand, TeamStatus } from "../workshop/team-status.js";
import { claimJoinCode, JOIN_CODE_RENEW_MS, releaseJoinCode, renewJoinCode, reserveJoinCode } from "./join-code.js";
import { sameText } from "./seat-assignment.js";
import { checkedMessage, message, seqOf } from "./messages.js";
import { Type } from "@sinclair/typebox";
import { JOIN_ERROR, parsePlayerOptions, parseRoomOptions, type PlayerOptions, type RoomOptions } from "./join-options.js";


/** The facilitator's one message (TypeBox, as every room message). */
const PARALLEL_CONTROL = message({ kind: Type.Union([Type.Literal("start"), Type.Literal("pause"), Type.Literal("resume"), Type.Literal("end")]) });
export const PARALLEL_ROOM_NAME = "parallel";
const LEVEL_ROOM_NAME = "level";

export interface ParallelRoomConfig {
  store: Store;
  levels: readonly Level[];
  testSpeedAllowed: boolean;
  holdSeconds: number;
  serverSecret: () => Promise<string>;
  /** How often each player's game is asked how far it is. */
  pollMs: number;
  /** Rooms to restore, by code, filled by the claimer (define-rooms.ts); as LevelRoomConfig.restoring. */
  restoring: Map<string, ParallelSnapshot>;
  /** This process, as the owner of the rooms it saves (null: no upkeep). */
  processId: string | null;
}

/**
 * What the store keeps of a started parallel room (Store.saveLiveRoom, kind "parallel"), so a
 * restart brings it back under its code: the players' games are restored as games are, and
 * each page comes back into this room with its game's seat pass (as after a reload).
 */
export interface ParallelSnapshot {
  version: 1;
  code: string;
  levelId: string;
  levelVersion: number;
  playMode: RoomOptions["playMode"];
  seed: number;
  speedTicks: number;
  board: string | null;
  classCode: string | null;
  phase: Phase;
  paused: boolean;
  /** Which player (by their pass) is the facilitator. */
  facilitatorPass: string | null;
  players: Pick<Player, "nickname" | "classCode" | "pass" | "gameCode" | "status" | "gone">[];
}

/** The server is stopping: the same close code as a level room's, so pages reconnect. */
const CLOSE_SERVER_RESTART = 4503;
/** After a restart the players' games may come back a little later (see WorkshopRoom). */
const RESTORE_GRACE_MS = 30_000;

/** Server → client message types of this room. */
export const PARALLEL_MESSAGE = {
  welcome: "welcome",
  /** The room as everyone sees it (players and how far each is), sent whenever it changes. */
  view: "view",
  /** This player's own game: { code, pass }; join it with { nickname, pass }. */
  game: "game",
  /** The answer to a control message: { seq, ok, message }. */
  reply: "reply",
} as const;

/** How long the start waits for every player to be in their game before starting them anyway. */
const START_WAIT_MS = 10_000;
const REMOTE_CALL_TIMEOUT_MS = 2_000;
/** Control messages a second per client; far more than a person clicks. */
const CONTROLS_PER_SECOND = 10;

type Phase = "lobby" | "starting" | "running" | "ended";

interface Player {
  sessionId: string;
  nickname: string;
  classCode: string | null;
  connected: boolean;
  /** The seat pass of this player's game (one pass per game: nobody else gets in). */
  pass: string;
  /** This player's game's join code, once started. */
  gameCode: string | null;
  status: TeamStatus | null;
  /** Its game's room answered no more (closed after its end, or failed): its last status stands. */
  gone: boolean;
}

/** One player as everyone in the room sees them. */
export interface ParallelPlayerView {
  nickname: string;
  connected: boolean;
  facilitator: boolean;
  /** Their game: null before the start. */
  game: {
    phase: "lobby" | "running" | "ended";
    tick: number;
    durationTicks: number;
    score: number;
    incidents: number;
    /** At the end: the stored result. */
    result: { score: number; stars: number; passed: boolean; resultId: string | null } | null;
  } | null;
}

export interface ParallelView {
  levelId: string;
  phase: Phase;
  paused: boolean;
  /** Up to how many players the room holds (level.seats.parallel). */
  playersMax: number;
  players: ParallelPlayerView[];
}

export class ParallelRoom extends Room {
  protected config!: ParallelRoomConfig;
  private options!: RoomOptions;
  private code = "";
  private phase: Phase = "lobby";
  private playersMax = 0;
  private paused = false;
  private readonly players: Player[] = [];
  private facilitator: string | null = null;
  /** After a restart: the facilitator's game pass, until they are back (see rejoin). */
  private facilitatorPass: string | null = null;
  private readonly controlTimes = new Map<string, number[]>();
  private polling = false;
  private lastView = "";
  /** Keeps the started room in the store (see saveLive); `claimed` once another process has it. */
  private live!: LiveRoomWriter;
  private shuttingDown = false;
  private restoredAtMs: number | null = null;

  override async onCreate(raw: unknown): Promise<void> {
    this.live = new LiveRoomWriter(this.config.store, PARALLEL_ROOM_NAME, this.config.processId ?? undefined, () => void this.disconnect(CLOSE_SERVER_RESTART));
    const restoreId = (raw as { restoreId?: unknown } | null)?.restoreId;
    if (restoreId !== undefined) {
      const snapshot = typeof restoreId === "string" ? this.config.restoring.get(restoreId) : undefined;
      if (!snapshot) throw new ServerError(JOIN_ERROR.badOptions, "restoreId is for the server only: leave it out.");
      this.config.restoring.delete(snapshot.code);
      this.restore(snapshot);
      await claimJoinCode(this.presence, this.code);
      await this.setup();
      return;
    }
    const serverSecret = await this.config.serverSecret();
    const parsed = parseRoomOptions({ ...asObject(raw), mode: "team" }, { levels: this.config.levels, testSpeedAllowed: this.config.testSpeedAllowed, serverSecret });
    if (!parsed.ok) throw new ServerError(parsed.error.code, parsed.error.message);
    const options = parsed.value;
    if (options.level.seats.parallel === undefined) {
      throw new ServerError(JOIN_ERROR.badOptions, `${options.level.title} has no parallel seats: create a team room of the level room type instead.`);
    }
    if (options.classCode && !(await this.config.store.getClass(options.classCode))) {
      throw new ServerError(JOIN_ERROR.unknownClass, `There is no class ${options.classCode} on this server: check the code with your teacher, or leave the class empty.`);
    }
    this.options = options;
    this.code = await reserveJoinCode(this.presence);
    this.roomId = this.code;
    await this.setup();
  }

  private async setup(): Promise<void> {
    const options = this.options;
    await this.setPrivate(true);
    await this.setMetadata({ kind: "parallel", levelId: options.level.id });
    // Twice the players: a reloaded page rejoins while its old connection is still held.
    const parallel = options.level.seats.parallel ?? 1;
    this.maxClients = 2 * parallel;
    this.playersMax = parallel;
    this.setSeatReservationTime(6);
    this.onMessage("control", (client, message) => void this.onControl(client, message));
    this.onMessage("*", (client, type, message) => this.reply(client, seqOf(message), false, `Unknown message ${JSON.stringify(String(type).slice(0, 40))}: send "control" (start, pause, resume or end).`));
    this.clock.setInterval(() => void this.poll(), this.config.pollMs);
    const code = this.code;
    this.clock.setInterval(() => {
      if (!this.live.claimed) renewJoinCode(this.presence, code).catch((error: unknown) => eventLog.log(`ParallelRoom ${code}: could not renew the join code: ${error instanceof Error ? error.message : String(error)}`));
    }, JOIN_CODE_RENEW_MS);
    if (this.restoredAtMs !== null) {
      // Nobody is connected yet: wait for the players' pages as a restored game waits for its players.
      this.autoDispose = false;
      this.clock.setTimeout(() => {
        this.autoDispose = true;
        if (this.clients.length === 0) void this.disconnect();
      }, RESTORE_GRACE_MS * 2);
    }
  }

  private restore(snapshot: ParallelSnapshot): void {
    const level = this.config.levels.find((l) => l.id === snapshot.levelId && l.version === snapshot.levelVersion);
    if (!level) throw new Error(`level ${snapshot.levelId} v${snapshot.levelVersion} is not on this server`);
    this.options = { level, mode: "team", playMode: snapshot.playMode, seed: snapshot.seed, speedTicks: snapshot.speedTicks, listed: false, board: snapshot.board, classCode: snapshot.classCode };
    this.code = snapshot.code;
    this.roomId = snapshot.code;
    this.phase = snapshot.phase === "starting" ? "running" : snapshot.phase;
    this.paused = snapshot.paused;
    // Everybody is away until their page comes back with their game's pass (see onAuth).
    for (const p of snapshot.players) this.players.push({ ...p, sessionId: "", connected: false });
    this.facilitatorPass = snapshot.facilitatorPass;
    this.restoredAtMs = Date.now();
  }

  /** The started room, kept in the store when it changed (live-room-writer.ts). */
  private saveLive(): void {
    if (this.phase === "lobby" || !this.code) return;
    const facilitator = this.players.find((p) => p.sessionId === this.facilitator && p.sessionId !== "");
    const state: ParallelSnapshot = {
      version: 1,
      code: this.code,
      levelId: this.options.level.id,
      levelVersion: this.options.level.version,
      playMode: this.options.playMode,
      seed: this.options.seed,
      speedTicks: this.options.speedTicks,
      board: this.options.board ?? null,
      classCode: this.options.classCode ?? null,
      phase: this.phase,
      paused: this.paused,
      facilitatorPass: facilitator?.pass ?? this.facilitatorPass,
      players: this.players.map(({ nickname, classCode, pass, gameCode, status, gone }) => ({ nickname, classCode, pass, gameCode, status, gone })),
    };
    this.live.save(this.code, state);
  }

  override onBeforeShutdown(): void {
    this.saveLive();
    this.shuttingDown = true;
    void this.disconnect(CLOSE_SERVER_RESTART);
  }

  override onAuth(_client: Client, raw: unknown, context: AuthContext): PlayerOptions {
    const player = parsePlayerOptions(raw);
    const refuse = (code: number, message: string): ServerError => {
      eventLog.log(`refused join: room ${this.roomId}, from ${addressOf(context.ip)}: ${code} ${message}`);
      return new ServerError(code, message);
    };
    if (!player.ok) throw refuse(player.error.code, player.error.message);
    if (player.value.spectate) throw refuse(JOIN_ERROR.forbidden, "Each player here runs a game of their own: join with a nickname to play, or watch the room's board.");
    // A player whose page reloaded comes back with their game's seat pass (the room beside it).
    if (player.value.pass && this.playerWithPass(player.value.pass)) return player.value;
    if (this.phase !== "lobby") throw refuse(JOIN_ERROR.gameOver, "This room's games have started: each player's game is their own. Create a new room to play.");
    if (this.players.length >= this.playersMax) throw refuse(JOIN_ERROR.seatTaken, `This room is full (${this.playersMax} players).`);
    return player.value;
  }

  override onJoin(client: Client, _raw: unknown, player: PlayerOptions): void {
    const back = player.pass ? this.playerWithPass(player.pass) : undefined;
    if (back) return this.rejoin(client, back);
    this.players.push({ sessionId: client.sessionId, nickname: player.nickname, classCode: player.classCode, connected: true, pass: newResumeSecret(), gameCode: null, status: null, gone: false });
    this.facilitator ??= client.sessionId;
    this.welcome(client);
    this.sendView(true);
  }

  /** The same player on a new connection (their page reloaded): their place, their game. */
  private rejoin(client: Client, player: Player): void {
    if (this.facilitator === player.sessionId && player.sessionId !== "") this.facilitator = client.sessionId;
    if (this.facilitatorPass !== null && sameText(this.facilitatorPass, player.pass)) {
      this.facilitator = client.sessionId;
      this.facilitatorPass = null;
    }
    player.sessionId = client.sessionId;
    player.connected = true;
    this.welcome(client);
    if (player.gameCode) client.send(PARALLEL_MESSAGE.game, { code: player.gameCode, pass: player.pass });
    this.sendView(true);
  }

  private welcome(client: Client): void {
    client.send(PARALLEL_MESSAGE.welcome, { sessionId: client.sessionId, joinCode: this.code, levelId: this.options.level.id, levelVersion: this.options.level.version, mode: "team", playMode: this.options.playMode, parallel: true, facilitator: this.facilitator === client.sessionId });
  }

  private playerWithPass(pass: string): Player | undefined {
    return this.players.find((p) => p.gameCode !== null && sameText(p.pass, pass));
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    if (this.shuttingDown || this.live.claimed) return;
    const player = this.playerOf(client.sessionId);
    // Not found: a player who came back on another connection meanwhile (see rejoin).
    if (!player) return;
    player.connected = false;
    this.sendView();
    if (!consented) {
      try {
        const back = await this.allowReconnection(client, this.config.holdSeconds);
        player.connected = true;
        this.sendView();
        // Back while its game was made: its code and pass again.
        if (player.gameCode) back.send(PARALLEL_MESSAGE.game, { code: player.gameCode, pass: player.pass });
        return;
      } catch {
        /* gone for good */
      }
    }
    this.controlTimes.delete(client.sessionId);
    // Before the start a player who left is out; afterwards their game goes on without this room.
    if (this.phase === "lobby") this.players.splice(this.players.indexOf(player), 1);
    if (this.facilitator === client.sessionId) this.facilitator = this.players.find((p) => p.connected)?.sessionId ?? null;
    this.sendView(true);
  }

  override async onDispose(): Promise<void> {
    if (!this.code) return;
    if (this.shuttingDown) await this.live.stop();
    else await this.live.forget(this.code);
    if (!this.live.claimed) await releaseJoinCode(this.presence, this.code);
  }

  // ---- the facilitator's controls --------------------------------------------------------------

  private async onControl(client: Client, raw: unknown): Promise<void> {
    const seq = seqOf(raw);
    if (!this.admit(client.sessionId)) return this.reply(client, seq, false, `Slow down: at most ${CONTROLS_PER_SECOND} controls a second.`);
    const checked = checkedMessage(PARALLEL_CONTROL, raw, 256, 'Send control as { kind: "start" | "pause" | "resume" | "end" }');
    if (!checked.ok) return this.reply(client, seq, false, checked.error.message);
    const { kind } = checked.value;
    if (client.sessionId !== this.facilitator) return this.reply(client, seq, false, "Only the facilitator (who created the room) can do that.");
    const answer = kind === "start" ? await this.start() : await this.toGames({ kind });
    this.reply(client, seq, answer.ok, answer.message);
  }

  /**
   * One game per player, each created with a ticket holding its one seat pass and the room's
   * board, then each player is sent their game; the games start together once every player is
   * in theirs (or after START_WAIT_MS, bots playing the seats of whoever is late).
   */
  private async start(): Promise<{ ok: boolean; message: string }> {
    if (this.phase !== "lobby") return { ok: false, message: "The games have already started." };
    this.phase = "starting";
    this.autoDispose = false;
    const { level, playMode, seed, speedTicks, board, classCode } = this.options;
    for (const player of this.players) {
      const ticket = await fileTeamSetup(this.presence, { passes: [player.pass], board: board ?? null });
      try {
        const room = await matchMaker.createRoom(LEVEL_ROOM_NAME, {
          levelId: level.id,
          mode: "team",
          playMode,
          seed,
          workshopTicket: ticket,
          ...(classCode ? { classCode } : {}),
          ...(speedTicks > 1 ? { speed: speedTicks } : {}),
        });
        player.gameCode = room.roomId;
      } catch (error) {
        await dropTeamSetup(this.presence, ticket).catch(() => undefined);
        eventLog.log(`ParallelRoom ${this.roomId}: could not create ${player.nickname}'s game: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      this.clients.find((c) => c.sessionId === player.sessionId)?.send(PARALLEL_MESSAGE.game, { code: player.gameCode, pass: player.pass });
    }
    const started = this.players.filter((p) => p.gameCode !== null);
    if (started.length === 0) {
      this.phase = "lobby";
      this.autoDispose = true;
      return { ok: false, message: "No game could be created: try again." };
    }
    await this.waitForPlayersInGames();
    const answer = await this.toGames({ kind: "start" });
    this.phase = "running";
    this.autoDispose = true;
    await this.poll();
    return answer.ok ? { ok: true, message: `${started.length} game(s) started.` } : answer;
  }

  private async waitForPlayersInGames(): Promise<void> {
    const deadline = Date.now() + START_WAIT_MS;
    while (Date.now() < deadline) {
      await this.poll();
      const waiting = this.players.some((p) => p.gameCode !== null && !p.gone && !p.status?.seats.some((s) => s.connected));
      if (!waiting) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A command for every player's game (this room is their facilitator). */
  private async toGames(command: TeamCommand): Promise<{ ok: boolean; message: string }> {
    if (command.kind !== "start" && this.phase !== "running") return { ok: false, message: "Start the games first." };
    const games = this.players.filter((p) => p.gameCode !== null && !p.gone);
    const answers = await Promise.all(
      games.map((p) =>
        this.call<{ ok: boolean; message?: string }>(p.gameCode!, "workshopCommand", [command]).then(
          (a) => ({ nickname: p.nickname, ok: a.ok, message: a.message ?? "" }),
          () => ({ nickname: p.nickname, ok: false, message: "its game is gone" }),
        ),
      ),
    );
    if (command.kind === "pause") this.paused = true;
    if (command.kind === "resume" || command.kind === "start") this.paused = false;
    await this.poll();
    const failed = answers.filter((a) => !a.ok);
    if (failed.length === 0) return { ok: true, message: `${command.kind[0]!.toUpperCase()}${command.kind.slice(1)}: done for every game.` };
    return { ok: failed.length < answers.length, message: failed.map((f) => `${f.nickname}: ${f.message}`).join("; ") };
  }

  // ---- how far each player is --------------------------------------------------------------------

  /** Every game's status (LevelRoom.workshopStatus, wherever the game runs); the room ends with its last game. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      await Promise.all(
        this.players
          .filter((p) => p.gameCode !== null && !p.gone)
          .map((p) =>
            this.call<TeamStatus>(p.gameCode!, "workshopStatus").then(
              (status) => {
                p.status = status;
              },
              async () => {
                if (this.restoredAtMs !== null && Date.now() - this.restoredAtMs < RESTORE_GRACE_MS) return;
                // A slow answer is not an end: only a game the matchmaker no longer lists is gone.
                p.gone = (await matchMaker.query({ roomId: p.gameCode! }).catch(() => [1])).length === 0;
              },
            ),
          ),
      );
      if (this.phase === "running" && this.players.every((p) => p.gameCode === null || p.gone || p.status?.phase === "ended")) this.phase = "ended";
      this.sendView();
    } finally {
      this.polling = false;
    }
  }

  private view(): ParallelView {
    return {
      levelId: this.options.level.id,
      phase: this.phase,
      paused: this.paused,
      playersMax: this.playersMax,
      players: this.players.map((p) => ({
        nickname: p.nickname,
        connected: p.connected,
        facilitator: p.sessionId === this.facilitator,
        game: p.status
          ? {
              phase: p.status.phase,
              tick: p.status.tick,
              durationTicks: p.status.durationTicks,
              score: p.status.result?.score ?? p.status.score,
              incidents: p.status.incidents.length,
              result: p.status.result ? { score: p.status.result.score, stars: p.status.result.stars, passed: p.status.result.passed, resultId: p.status.result.seats[0]?.resultId ?? null } : null,
            }
          : null,
      })),
    };
  }

  /** The view to everyone, when it changed (or always, when `force`). */
  private sendView(force = false): void {
    this.saveLive();
    const view = this.view();
    const text = JSON.stringify(view);
    if (!force && text === this.lastView) return;
    this.lastView = text;
    this.broadcast(PARALLEL_MESSAGE.view, view);
  }

  // ---- helpers -------------------------------------------------------------------------------------

  private playerOf(sessionId: string): Player | undefined {
    return this.players.find((p) => p.sessionId === sessionId);
  }

  private admit(sessionId: string): boolean {
    const now = Date.now();
    const times = (this.controlTimes.get(sessionId) ?? []).filter((t) => now - t < 1000);
    if (times.length >= CONTROLS_PER_SECOND) return false;
    times.push(now);
    this.controlTimes.set(sessionId, times);
    return true;
  }

  private reply(client: Client, seq: number | null, ok: boolean, message: string): void {
    client.send(PARALLEL_MESSAGE.reply, { seq, ok, message });
  }

  private call<T>(roomId: string, method: string, args?: unknown[]): Promise<T> {
    return matchMaker.remoteRoomCall<T>(roomId, method, args as never, REMOTE_CALL_TIMEOUT_MS);
  }
}

function asObject(raw: unknown): Record<string, unknown> {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

