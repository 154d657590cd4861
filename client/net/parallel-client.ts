// A room of parallel seats (server/rooms/ParallelRoom.ts): players gather by its code, the creator
// starts, and each player's page is sent its own game (a code and a seat pass) and plays it as
// any team game. This connection stays open beside the game, for how far everyone else is.
// Joined by code, such a room first answers a GameConnection: its welcome says `parallel`, and
// the connection hands its room over here (GameConnection.handOver).
import { comeBack } from "./come-back.js";
import { Client, type Room } from "colyseus.js";
import type { PlayMode } from "./api-types.js";
import { Emitter, joinErrorOf, JoinError } from "./room-client.js";
import { playerId } from "./session-store.js";
import type { ParallelPlayerView, ParallelView } from "../../server/rooms/ParallelRoom.js";

export const PARALLEL_ROOM = "parallel";
/** The page left on purpose. */
const CLOSE_CONSENTED = 4000;
/** After a restart the room comes back with the server's first upkeep rounds (see WorkshopConnection). */

// The room's view is typed once, where the server writes it (as api-types.ts does for the HTTP API).
export type { ParallelView };
export type ParallelPlayer = ParallelPlayerView;

export interface ParallelGame {
  code: string;
  pass: string;
}

export interface ParallelWelcome {
  joinCode: string;
  levelId: string;
  playMode: PlayMode;
  facilitator: boolean;
}

/** What a GameConnection that joined such a room hands over: the room and what it already heard. */
export interface HandedOverRoom {
  room: Room;
  /** The client it was joined with (its reconnection goes through it). */
  client?: Client;
  welcome: Record<string, unknown>;
  view: unknown;
  game: unknown;
}

function testOptions(): Record<string, unknown> {
  const params = new URLSearchParams(window.location.search);
  const out: Record<string, unknown> = {};
  const speed = Number(params.get("speed"));
  if (Number.isInteger(speed) && speed > 1 && speed <= 100) out.speed = speed;
  const seed = params.get("seed");
  if (seed && /^[0-9]{1,10}$/.test(seed)) out.seed = Number(seed);
  return out;
}

function viewOf(raw: unknown): ParallelView | null {
  const r = raw as Partial<ParallelView> | null;
  if (!r || typeof r !== "object" || !Array.isArray(r.players) || typeof r.phase !== "string") return null;
  return r as ParallelView;
}

function gameOf(raw: unknown): ParallelGame | null {
  const r = raw as Partial<ParallelGame> | null;
  return r && typeof r.code === "string" && typeof r.pass === "string" ? { code: r.code, pass: r.pass } : null;
}

export class ParallelConnection {
  readonly views = new Emitter<ParallelView>();
  readonly games = new Emitter<ParallelGame>();
  view: ParallelView | null = null;
  game: ParallelGame | null = null;
  readonly welcome: ParallelWelcome;
  private nextSeq = 1;
  private readonly pending = new Map<number, (reply: { ok: boolean; message: string }) => void>();
  private room!: Room;
  private leaving = false;
  /** Lost and trying to come back (true), or back (false). */
  readonly reconnecting = new Emitter<boolean>();

  private constructor(
    private readonly client: Client,
    room: Room,
    welcome: Record<string, unknown>,
    /** Any nickname will do on the way back: the game's pass says who this is. */
    private readonly nickname = "player",
  ) {
    this.welcome = {
      joinCode: typeof welcome.joinCode === "string" ? welcome.joinCode : room.roomId,
      levelId: typeof welcome.levelId === "string" ? welcome.levelId : "",
      playMode: welcome.playMode === "free" ? "free" : "guided",
      facilitator: welcome.facilitator === true,
    };
    this.attach(room);
  }

  private attach(room: Room): void {
    this.room = room;
    room.onMessage("view", (raw: unknown) => this.takeView(raw));
    room.onMessage("game", (raw: unknown) => this.takeGame(raw));
    room.onMessage("welcome", (raw: unknown) => {
      if ((raw as { facilitator?: unknown } | null)?.facilitator === true) this.welcome.facilitator = true;
    });
    // Dropped (or the server restarted): back in, as after a reload, with the game's pass.
    room.onLeave((code) => {
      if (!this.leaving && code !== CLOSE_CONSENTED) void this.comeBack(room);
    });
    room.onMessage("reply", (raw: unknown) => {
      const r = (raw ?? {}) as { seq?: unknown; ok?: unknown; message?: unknown };
      const resolve = typeof r.seq === "number" ? this.pending.get(r.seq) : undefined;
      if (!resolve) return;
      this.pending.delete(r.seq as number);
      resolve({ ok: r.ok === true, message: typeof r.message === "string" ? r.message : "" });
    });
  }

  private async comeBack(lost: Room): Promise<void> {
    this.reconnecting.emit(true);
    const game = this.game;
    const client = this.client;
    const room = await comeBack({
      client,
      lost,
      rejoin: game ? () => client.joinById(lost.roomId, { nickname: this.nickname, pass: game.pass }) : null,
      leaving: () => this.leaving,
    });
    if (!room) return;
    this.attach(room);
    this.reconnecting.emit(false);
  }


  /** Creates a room of parallel seats for a level that has them (level.seats.parallel). */
  static async create(levelId: string, playMode: PlayMode, nickname: string, classCode: string): Promise<ParallelConnection> {
    const client = new Client();
    try {
      let pendingView: unknown = null;
      const room = await client.create(PARALLEL_ROOM, { levelId, playMode, nickname: nickname.trim(), ...(classCode.trim() ? { classCode: classCode.trim() } : {}), ...(playerId() ? { playerId: playerId() } : {}), ...testOptions() });
      const welcome = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new JoinError(0, "The room did not answer: try again.")), 8000);
        room.onMessage("welcome", (raw: unknown) => {
          clearTimeout(timer);
          resolve((raw ?? {}) as Record<string, unknown>);
        });
        room.onMessage("view", (raw: unknown) => (pendingView = raw));
      });
      const connection = new ParallelConnection(client, room, welcome, nickname.trim());
      connection.takeView(pendingView);
      return connection;
    } catch (error) {
      if (error instanceof JoinError) throw error;
      throw joinErrorOf(error);
    }
  }

  /**
   * Back into the room after a reload, beside the player's own game: the game's seat pass says
   * who they are (see rememberParallelRoom).
   */
  static async rejoin(remembered: RememberedRoom): Promise<ParallelConnection> {
    const client = new Client();
    let pendingView: unknown = null;
    const room = await client.joinById(remembered.code, { nickname: remembered.nickname, pass: remembered.pass });
    const welcome = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new JoinError(0, "The room did not answer.")), 8000);
      room.onMessage("welcome", (raw: unknown) => {
        clearTimeout(timer);
        resolve((raw ?? {}) as Record<string, unknown>);
      });
      room.onMessage("view", (raw: unknown) => (pendingView = raw));
      room.onMessage("game", () => undefined);
    });
    const connection = new ParallelConnection(client, room, welcome, remembered.nickname);
    connection.takeView(pendingView);
    return connection;
  }

  /** A room joined by code through a GameConnection, whose welcome said `parallel`. */
  static adopt(handed: HandedOverRoom): ParallelConnection {
    handed.room.removeAllListeners();
    const connection = new ParallelConnection(handed.client ?? new Client(), handed.room, handed.welcome);
    connection.takeView(handed.view);
    connection.takeGame(handed.game);
    return connection;
  }

  /** The creator starts, pauses, resumes and ends every game (the server checks it too). */
  get isFacilitator(): boolean {
    return this.welcome.facilitator;
  }

  control(kind: "start" | "pause" | "resume" | "end"): Promise<{ ok: boolean; message: string }> {
    const seq = this.nextSeq++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        resolve({ ok: false, message: "The room did not answer in time: try again." });
      }, 15_000);
      this.pending.set(seq, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.room.send("control", { kind, seq });
    });
  }

  async leave(): Promise<void> {
    this.leaving = true;
    try {
      await this.room.leave(true);
    } catch {
      /* already gone */
    }
  }

  private takeView(raw: unknown): void {
    const view = viewOf(raw);
    if (!view) return;
    this.view = view;
    this.views.emit(view);
  }

  private takeGame(raw: unknown): void {
    const game = gameOf(raw);
    if (!game) return;
    this.game = game;
    this.games.emit(game);
  }
}

/** What a page keeps of its room, to come back beside its game after a reload. */
export interface RememberedRoom {
  /** The room's join code. */
  code: string;
  nickname: string;
  /** The player's own game: its code and seat pass. */
  gameCode: string;
  pass: string;
}

const REMEMBERED_KEY = "split-brain:parallel-room";

/** Kept for this tab only (as the game's own token is): another tab is another player. */
export function rememberParallelRoom(room: RememberedRoom): void {
  try {
    sessionStorage.setItem(REMEMBERED_KEY, JSON.stringify(room));
  } catch {
    /* storage off: a reload then shows the game without the room */
  }
}

/** The room this tab's game `gameCode` belongs to, if it remembers one. */
export function rememberedParallelRoom(gameCode: string): RememberedRoom | null {
  try {
    const raw = JSON.parse(sessionStorage.getItem(REMEMBERED_KEY) ?? "null") as Partial<RememberedRoom> | null;
    if (!raw || raw.gameCode !== gameCode || typeof raw.code !== "string" || typeof raw.pass !== "string" || typeof raw.nickname !== "string") return null;
    return { code: raw.code, nickname: raw.nickname, gameCode, pass: raw.pass };
  } catch {
    return null;
  }
}
