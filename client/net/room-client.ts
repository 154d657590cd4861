// The game's live connection: the ONLY module that imports colyseus.js (ARCHITECTURE.md).
// It joins a level room (solo, new team room, by code, as a spectator), turns the synced state
// into plain snapshots, numbers every message so each reply finds its sender, and holds the
// seat across a dropped connection: the reconnection token lives in session and local storage
// (refreshed while the game runs, so a reload or a reopened tab knows whether the hold can still
// be running), and an unexpected close retries client.reconnect(token) within the server's 30 s
// hold on its own.
// When the server itself restarted, the token is worthless (the room was rebuilt from the
// store): the seat's resume secret, from the welcome message, takes the seat back instead.
import { Client, type Room } from "colyseus.js";
import type { FaultSpec } from "../../shared/level/faults.js";
import type { PlayMode } from "./api-types.js";
import { clearHeldRoom, playerId, saveHeldRoom, type HeldRoom } from "./session-store.js";
import { SnapshotDecoder, type GameSnapshot } from "./snapshot.js";

export const ROOM_NAME = "level";
/** The server keeps a dropped player's seat this long (docs/room-protocol.md, "Disconnects"). */
export const HOLD_MS = 30_000;
/** A game restored after a server restart holds its seats this long (docs/room-protocol.md). */
export const RESTART_HOLD_MS = 60_000;
const RETRY_EVERY_MS = 1_000;
/**
 * After a reload the server may not have seen the old page's socket close yet (its seat is not
 * held until then, and the token is refused): keep asking this long before giving up.
 */
const RESUME_TRY_MS = 10_000;
/** How often a running game refreshes its saved token's timestamp. */
const REMEMBER_EVERY_MS = 5_000;
/**
 * A running game patches several times a second. This much silence means the socket is dead
 * though the browser has not said so (a phone that slept, Wi-Fi that vanished): reconnect.
 */
const SILENCE_MS = 5_000;
/** Our own close code for a connection given up as silent (never sent by the server). */
const CLOSE_SILENT = 4998;
const CODE_ROOM_GONE = 4212;
const CODE_GAME_OVER = 4410;
const REPLY_TIMEOUT_MS = 6_000;
const CLOSE_CONSENTED = 4000;
/** Join codes are 6 characters (server/rooms/join-code.ts); a projector code adds its watch key. */
const JOIN_CODE_LENGTH = 6;
const CLOSE_FLOODING = 4429;
/** A workshop's facilitator removed this student (CLOSE_KICKED on the server): no way back in. */
const CLOSE_KICKED = 4401;
/** The server hit a bug in this game and closed it (CLOSE_ROOM_FAILED on the server): it will not come back. */
const CLOSE_ROOM_FAILED = 4500;

/**
 * How a solo game starts, besides from the beginning with the seat yours: watching the bot play
 * it first (you take the seat when you like), or played on from a moment of a stored game.
 */
export type SoloStart = { watchFirst: true } | { playOn: { resultId: string; tick: number } };

export type JoinIntent =
  | { kind: "solo" | "team"; levelId: string; playMode: PlayMode; nickname: string; classCode: string; start?: SoloStart }
  | { kind: "join"; code: string; nickname: string; classCode: string; seat?: string; pass?: string; nemesis?: string }
  | { kind: "spectate"; code: string }
  /** A team room run by a facilitator who takes no seat (bots play the seats nobody takes). */
  | { kind: "facilitate"; levelId: string; playMode: PlayMode };

export interface Welcome {
  sessionId: string;
  joinCode: string;
  levelId: string;
  mode: "solo" | "team";
  playMode: PlayMode;
  /** Your seat; null for spectators. */
  node: string | null;
  spectator: boolean;
  facilitator: boolean;
  /** The facilitator's only: the code a projector watches the god's view with. */
  projectorCode: string | null;
  ticksPerSecond: number;
  /** A room of parallel seats, not a game: hand it over to a ParallelConnection (see handOver). */
  parallel: boolean;
  /** A workshop's nemesis student: their team's fault budget and the level's limits; else null. */
  nemesis: NemesisWelcome | null;
}

export interface NemesisWelcome {
  points: number;
  spent: number;
  limits: { faultTicksMax: number; activeMax: number; quietEndTicks: number; clockStepTicksMax: number };
  costs: Record<string, number>;
}

function nemesisWelcomeOf(raw: unknown): NemesisWelcome | null {
  const r = raw as Partial<NemesisWelcome> | null;
  if (!r || typeof r.points !== "number" || typeof r.limits !== "object" || r.limits === null || typeof r.costs !== "object" || r.costs === null) return null;
  return { points: r.points, spent: typeof r.spent === "number" ? r.spent : 0, limits: r.limits, costs: r.costs };
}

export type Reply = { ok: true } | { ok: false; code: string; message: string; rule?: string };

export interface DebriefMessage {
  resultId: string | null;
  /** The room's debrief for those without a seat (facilitator, projector): a seat's stored result. */
  roomResultId: string | null;
  levelId: string;
  score: number | null;
  stars: number | null;
  saveError: string | null;
  /** Watched first or played on: no stars earned (the server stores it on no board). */
  practice: boolean;
}

export type ConnectionStatus =
  | { kind: "connected" }
  | { kind: "reconnecting"; sinceMs: number }
  | { kind: "lost"; message: string }
  | { kind: "closed" };

/** A join the server refused, in words a player can act on. */
export class JoinError extends Error {
  constructor(
    readonly code: number,
    readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = "JoinError";
  }
}

type Listener<T> = (value: T) => void;

/** A tiny typed event source (the connection's snapshot, refusal and close events). */
export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  on(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

/** This browser's player id, when it keeps one: the leaderboard's row is keyed by it. */
function playerOption(): { playerId?: string } {
  const id = playerId();
  return id ? { playerId: id } : {};
}

/** `?speed=N` (tests only: the server refuses it unless started with SPLIT_BRAIN_TEST_SPEED=1). */
function testOptions(): Record<string, unknown> {
  const params = new URLSearchParams(window.location.search);
  const out: Record<string, unknown> = {};
  const speed = Number(params.get("speed"));
  if (Number.isInteger(speed) && speed > 1 && speed <= 100) out.speed = speed;
  const seed = params.get("seed");
  if (seed && /^[0-9]{1,10}$/.test(seed)) out.seed = Number(seed);
  return out;
}

/** Codes people type: upper case, no spaces or dashes (as server/rooms/join-code.ts normalises). */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "");
}

export function joinErrorOf(error: unknown): JoinError {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === "number" ? e.code : 0;
  const serverText = typeof e?.message === "string" && e.message.length < 300 ? e.message : "";
  switch (code) {
    case 4212:
      return new JoinError(code, "No open game has that code. Check the code with your facilitator (letters and digits, no O, I, L, 0 or 1).");
    case 4410:
      return new JoinError(code, "That game is already over.");
    case 429:
      // The server's matchmaking limit per address (a class behind one address shares it).
      return new JoinError(code, serverText || "Too many games joined or created from your network just now: wait a minute, then try again.");
    case 4409:
      return new JoinError(code, serverText || "Every seat is taken: you can still watch.");
    case 4400:
    case 4403:
    case 4404:
    case 4405:
      return new JoinError(code, serverText || "The server refused to start this game.");
    default:
      // Any other refusal of ours (4400-4499) explains itself; only no answer means "unreachable".
      if (code >= 4400 && code <= 4499 && serverText) return new JoinError(code, serverText);
      return new JoinError(code, "We can't reach the game server. Check that it is running and that you are online, then try again.");
  }
}

function welcomeOf(raw: unknown): Welcome | null {
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.sessionId !== "string" || typeof r.levelId !== "string") return null;
  return {
    sessionId: r.sessionId,
    joinCode: typeof r.joinCode === "string" ? r.joinCode : "",
    levelId: r.levelId,
    mode: r.mode === "team" ? "team" : "solo",
    playMode: r.playMode === "free" ? "free" : "guided",
    node: typeof r.node === "string" ? r.node : null,
    spectator: r.spectator === true,
    facilitator: r.facilitator === true,
    projectorCode: typeof r.projectorCode === "string" ? r.projectorCode : null,
    ticksPerSecond: typeof r.ticksPerSecond === "number" && r.ticksPerSecond > 0 ? r.ticksPerSecond : 10,
    parallel: r.parallel === true,
    nemesis: nemesisWelcomeOf(r.nemesis),
  };
}

function debriefOf(raw: unknown): DebriefMessage {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const verdict = (typeof r.verdict === "object" && r.verdict !== null ? r.verdict : {}) as Record<string, unknown>;
  const results = Array.isArray(r.results) ? (r.results as unknown[]) : [];
  const firstStored = results.map((x) => (typeof x === "object" && x !== null ? (x as Record<string, unknown>).resultId : null)).find((id) => typeof id === "string");
  return {
    resultId: typeof r.resultId === "string" ? r.resultId : null,
    roomResultId: typeof firstStored === "string" ? firstStored : null,
    levelId: typeof r.levelId === "string" ? r.levelId : "",
    score: typeof verdict.score === "number" ? verdict.score : null,
    stars: typeof verdict.stars === "number" ? verdict.stars : null,
    saveError: typeof r.saveError === "string" ? r.saveError : null,
    practice: r.practice === true,
  };
}

export class GameConnection {
  readonly snapshots = new Emitter<GameSnapshot>();
  readonly status = new Emitter<ConnectionStatus>();
  readonly debriefs = new Emitter<DebriefMessage>();
  readonly welcomes = new Emitter<Welcome>();
  /** A workshop's nemesis: their team's budget after each throw (anyone's on the team). */
  readonly nemesisBudgets = new Emitter<{ points: number; spent: number }>();
  snapshot: GameSnapshot | null = null;
  welcome: Welcome | null = null;
  debrief: DebriefMessage | null = null;
  private readonly decoder = new SnapshotDecoder();
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; timer: ReturnType<typeof setTimeout> }>();
  private nextSeq = 1;
  private closed = false;
  private room!: Room;
  /** This seat's resume secret (welcome message); null for spectators and old servers. */
  private resumeSecret: string | null = null;
  private rememberedAtMs = 0;
  private lastHeardMs = Date.now();
  private reconnecting = false;
  private readonly watchdog = setInterval(() => this.checkSilence(), 1_000);
  /** A closing tab writes its token last, so reopening it finds this game, not another tab's. */
  private readonly onPageHide = (): void => this.rememberToken();
  /** A room of parallel seats says more than a game's welcome: kept for handOver. */
  private parallelRaw: { welcome: Record<string, unknown>; view: unknown; game: unknown } = { welcome: {}, view: null, game: null };

  private constructor(
    private readonly client: Client,
    room: Room,
    private readonly levelId: string,
    resumeSecret: string | null = null,
  ) {
    this.resumeSecret = resumeSecret;
    this.attach(room);
    window.addEventListener("pagehide", this.onPageHide);
  }

  /** Joins as the intent says; rejects with a JoinError whose userMessage can be shown as is. */
  static async open(intent: JoinIntent): Promise<GameConnection> {
    const client = new Client();
    try {
      let room: Room;
      switch (intent.kind) {
        case "solo":
        case "team": {
          // A played-on game takes the stored game's seed and is on no board: no class, no seed.
          const playOn = intent.kind === "solo" && intent.start !== undefined && "playOn" in intent.start;
          const { seed: _seed, ...speedOnly } = testOptions();
          room = await client.create(ROOM_NAME, {
            levelId: intent.levelId,
            mode: intent.kind,
            playMode: intent.playMode,
            nickname: intent.nickname.trim(),
            ...(intent.classCode.trim() && !playOn ? { classCode: intent.classCode.trim() } : {}),
            ...playerOption(),
            ...(playOn ? speedOnly : testOptions()),
            ...(intent.kind === "solo" ? intent.start : {}),
          });
          break;
        }
        case "join":
          room = await client.joinById(normalizeCode(intent.code), {
            nickname: intent.nickname.trim(),
            ...(intent.classCode.trim() ? { classCode: intent.classCode.trim() } : {}),
            ...playerOption(),
            ...(intent.seat ? { seat: intent.seat } : {}),
            ...(intent.pass ? { pass: intent.pass } : {}),
            ...(intent.nemesis ? { nemesis: intent.nemesis } : {}),
          });
          break;
        case "facilitate":
          room = await client.create(ROOM_NAME, { levelId: intent.levelId, mode: "team", playMode: intent.playMode, spectate: true, ...testOptions() });
          break;
        case "spectate": {
          // A projector code is the join code, then the watch key.
          const code = normalizeCode(intent.code);
          room = await client.joinById(code.slice(0, JOIN_CODE_LENGTH), { spectate: true, ...(code.length > JOIN_CODE_LENGTH ? { watch: code.slice(JOIN_CODE_LENGTH) } : {}) });
          break;
        }
      }
      const levelId = intent.kind === "solo" || intent.kind === "team" || intent.kind === "facilitate" ? intent.levelId : "";
      const connection = new GameConnection(client, room, levelId);
      await connection.waitForWelcome();
      return connection;
    } catch (error) {
      if (error instanceof JoinError) throw error;
      throw joinErrorOf(error);
    }
  }

  /** After a reload or a reopened tab: back into the room this browser was playing, if the seat is still held. */
  static async resume(held: HeldRoom): Promise<GameConnection> {
    const client = new Client();
    const resume = held.resume ?? null;
    const sinceMs = Date.now();
    for (;;) {
      try {
        const room = await client.reconnect(held.token).catch((error: unknown) => {
          // The server restarted since: the secret takes the seat back in the restored game.
          if (resume && held.roomId) return client.joinById(held.roomId, { resume });
          throw error;
        });
        const connection = new GameConnection(client, room, held.levelId, resume);
        await connection.waitForWelcome();
        return connection;
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        const over = code === CODE_ROOM_GONE || code === CODE_GAME_OVER;
        if (over || Date.now() - sinceMs > RESUME_TRY_MS) {
          clearHeldRoom(held.token);
          throw joinErrorOf(error);
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
      }
    }
  }

  get sessionId(): string {
    return this.room.sessionId;
  }

  get isFacilitator(): boolean {
    return this.snapshot !== null && this.snapshot.facilitator === this.room.sessionId;
  }

  /** A protocol action on your own node; resolves with the server's accepted/refused reply. */
  act(action: string, params: Record<string, unknown> = {}): Promise<Reply> {
    return this.request("act", { action, params });
  }

  control(kind: "autopilot", fields: { chore: string; on: boolean }): Promise<Reply>;
  control(kind: "ready", fields: { ready: boolean }): Promise<Reply>;
  control(kind: "knob", fields: { knob: string; value: number }): Promise<Reply>;
  control(kind: "start" | "pause" | "resume" | "take-seat"): Promise<Reply>;
  control(kind: "speed", fields: { speed: number }): Promise<Reply>;
  control(kind: "fault", fields: { fault: FaultSpec }): Promise<Reply>;
  control(kind: string, fields: Record<string, unknown> = {}): Promise<Reply> {
    return this.request("control", { kind, ...fields });
  }

  /**
   * The code led to a room of parallel seats (welcome.parallel), not a game: this connection lets
   * go of it (no token kept: a reload takes the player back to their own game, not here) and
   * hands it, with what it heard so far, to a ParallelConnection.
   */
  handOver(): { room: Room; client: Client; welcome: Record<string, unknown>; view: unknown; game: unknown } {
    this.closed = true;
    this.forgetToken();
    return { room: this.room, client: this.client, ...this.parallelRaw };
  }

  /** Leave for good (the seat goes to a bot) and forget the reconnection token. */
  async leave(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.forgetToken();
    this.failPending("The game was left.");
    try {
      await this.room.leave(true);
    } catch {
      /* already gone */
    }
    this.status.emit({ kind: "closed" });
  }

  private request(type: "act" | "control", body: Record<string, unknown>): Promise<Reply> {
    if (this.closed) return Promise.resolve({ ok: false, code: "closed", message: "This game is no longer connected." });
    const seq = this.nextSeq++;
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        resolve({ ok: false, code: "timeout", message: "The server did not answer in time: the connection may be slow. Try again." });
      }, REPLY_TIMEOUT_MS);
      this.pending.set(seq, { resolve, timer });
      try {
        this.room.send(type, { ...body, seq });
      } catch {
        clearTimeout(timer);
        this.pending.delete(seq);
        resolve({ ok: false, code: "offline", message: "Not connected right now: reconnecting…" });
      }
    });
  }

  private settle(raw: unknown, reply: (r: Record<string, unknown>) => Reply): void {
    const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const seq = typeof r.seq === "number" ? r.seq : null;
    if (seq === null) return;
    const waiting = this.pending.get(seq);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(seq);
    waiting.resolve(reply(r));
  }

  private failPending(message: string): void {
    for (const [seq, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve({ ok: false, code: "offline", message });
      this.pending.delete(seq);
    }
  }

  private attach(room: Room): void {
    this.room = room;
    this.rememberToken();
    room.onMessage("welcome", (raw: unknown) => {
      const welcome = welcomeOf(raw);
      if (!welcome) return;
      this.parallelRaw.welcome = raw as Record<string, unknown>;
      this.welcome = welcome;
      const resume = (raw as { resume?: unknown }).resume;
      if (typeof resume === "string") this.resumeSecret = resume;
      this.rememberToken();
      this.welcomes.emit(welcome);
      this.publish();
    });
    room.onMessage("view", (raw: unknown) => (this.parallelRaw.view = raw));
    room.onMessage("game", (raw: unknown) => (this.parallelRaw.game = raw));
    room.onMessage("accepted", (raw: unknown) => this.settle(raw, () => ({ ok: true })));
    room.onMessage("refused", (raw: unknown) =>
      this.settle(raw, (r) => ({
        ok: false,
        code: typeof r.code === "string" ? r.code : "refused",
        message: typeof r.message === "string" ? r.message : "The server refused this.",
        ...(typeof r.rule === "string" ? { rule: r.rule } : {}),
      })),
    );
    room.onMessage("nemesis", (raw: unknown) => {
      const r = (raw ?? {}) as { points?: unknown; spent?: unknown };
      if (typeof r.points === "number" && typeof r.spent === "number") this.nemesisBudgets.emit({ points: r.points, spent: r.spent });
    });
    room.onMessage("debrief", (raw: unknown) => {
      this.debrief = debriefOf(raw);
      this.forgetToken();
      this.debriefs.emit(this.debrief);
    });
    room.onStateChange(() => this.publish());
    room.onLeave((code) => this.onLeave(code));
    room.onError((code, message) => console.warn(`room error ${code}: ${message ?? ""}`));
  }

  private rememberToken(): void {
    if (this.closed || this.debrief) return;
    this.rememberedAtMs = Date.now();
    const levelId = this.welcome?.levelId ?? this.levelId;
    saveHeldRoom({ token: this.room.reconnectionToken, levelId, savedAtMs: Date.now(), roomId: this.room.roomId, resume: this.resumeSecret });
  }

  /** This game is over for this page: nothing to take back after a reload, nothing to watch. */
  private forgetToken(): void {
    clearInterval(this.watchdog);
    window.removeEventListener("pagehide", this.onPageHide);
    clearHeldRoom(this.room.reconnectionToken);
  }

  private publish(): void {
    this.lastHeardMs = Date.now();
    if (Date.now() - this.rememberedAtMs > REMEMBER_EVERY_MS) this.rememberToken();
    const node = this.welcome?.node ?? null;
    const state = this.room.state as unknown;
    const phase = (state as { phase?: unknown } | null)?.phase;
    const withObserver = this.welcome?.spectator === true || phase === "ended";
    this.snapshot = this.decoder.decode(state, node, withObserver);
    this.snapshots.emit(this.snapshot);
  }

  private waitForWelcome(): Promise<void> {
    if (this.welcome) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.welcomes.on(() => {
        off();
        resolve();
      });
      // A server without the welcome message still works: carry on after a moment.
      setTimeout(() => {
        off();
        resolve();
      }, 3000);
    });
  }

  private onLeave(code: number): void {
    if (this.closed) return;
    this.failPending("The connection dropped.");
    if (code === CLOSE_CONSENTED || this.debrief || this.snapshot?.phase === "ended") {
      this.closed = true;
      this.forgetToken();
      this.status.emit({ kind: "closed" });
      return;
    }
    if (code === CLOSE_FLOODING) {
      this.closed = true;
      this.forgetToken();
      this.status.emit({ kind: "lost", message: "The server disconnected this game: too many messages were sent too fast. Start a new game." });
      return;
    }
    if (code === CLOSE_KICKED) {
      this.closed = true;
      clearHeldRoom();
      this.status.emit({ kind: "lost", message: "The facilitator removed you from this workshop: a bot plays your node now." });
      return;
    }
    if (code === CLOSE_ROOM_FAILED) {
      this.closed = true;
      clearHeldRoom();
      this.status.emit({ kind: "lost", message: "The server hit an error in this game and had to close it. Sorry: start a new game." });
      return;
    }
    void this.reconnectLoop();
  }

  /** A running game that has gone silent: drop the dead socket and take the seat back. */
  private checkSilence(): void {
    if (this.closed || this.reconnecting) return;
    const snapshot = this.snapshot;
    // Nothing is sent while the game waits or is paused: silence then says nothing.
    if (!snapshot || snapshot.phase !== "running" || snapshot.paused) {
      this.lastHeardMs = Date.now();
      return;
    }
    if (Date.now() - this.lastHeardMs < SILENCE_MS) return;
    const dead = this.room;
    dead.removeAllListeners();
    try {
      dead.connection.close();
    } catch {
      /* already closed */
    }
    this.onLeave(CLOSE_SILENT);
  }

  /**
   * Same room, same seat: first the reconnection token (the room is still there, the connection
   * dropped); when that fails, the resume secret (the server restarted and rebuilt the room from
   * the store; it refuses a secret that matches no seat waiting for its player). Both are tried
   * on every round, since the player cannot tell which case this is.
   */
  private async reconnectLoop(): Promise<void> {
    this.reconnecting = true;
    try {
      await this.retakeSeat();
    } finally {
      this.reconnecting = false;
      this.lastHeardMs = Date.now();
    }
  }

  private async retakeSeat(): Promise<void> {
    const sinceMs = Date.now();
    this.status.emit({ kind: "reconnecting", sinceMs });
    const token = this.room.reconnectionToken;
    const roomId = this.room.roomId;
    const resume = this.resumeSecret;
    const holdMs = resume ? RESTART_HOLD_MS : HOLD_MS;
    while (!this.closed && Date.now() - sinceMs < holdMs) {
      try {
        const room = await this.client.reconnect(token).catch((error: unknown) => {
          if (resume) return this.client.joinById(roomId, { resume });
          throw error;
        });
        if (this.closed) {
          void room.leave(true);
          return;
        }
        this.attach(room);
        this.status.emit({ kind: "connected" });
        this.publish();
        return;
      } catch (error) {
        // A game that is over will not come back. Anything else may be passing (the server
        // has not yet seen the old socket close, or is still starting): keep trying.
        if ((error as { code?: unknown } | null)?.code === 4410) break;
        await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
      }
    }
    if (this.closed) return;
    this.closed = true;
    this.forgetToken();
    this.status.emit({ kind: "lost", message: `The connection could not be restored within ${Math.round(holdMs / 1000)} seconds: a bot has taken over your node.` });
  }
}
