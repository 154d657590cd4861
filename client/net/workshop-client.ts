// The workshop's live connection (colyseus.js lives only in client/net/): create one as its
// facilitator, or join one as a student (nickname), its console (secret) or its projector (key).
// The server sends views as plain JSON messages (server/workshop/WorkshopRoom.ts); they are
// checked loosely here and rendered as text only.
// A dropped connection comes back on its own, as a game's does (room-client.ts): first the
// reconnection token (the room is still there), then, when the server restarted and restored the
// workshop from the store, a fresh join by what this page already holds: the console its secret,
// the projector its key, a student the rejoin secret from their welcome.
import { comeBack } from "./come-back.js";
import { Client, type Room } from "colyseus.js";
import type { PlayMode } from "./api-types.js";
import { Emitter, joinErrorOf, JoinError, normalizeCode } from "./room-client.js";

export const WORKSHOP_ROOM = "workshop";
/** The server closes a kicked student's connection with this code. */
export const CLOSE_KICKED = 4401;
/** The page left on purpose. */
const CLOSE_CONSENTED = 4000;
/** A restarted server restores workshops within its first upkeep rounds; the console may wait longer. */

export type WorkshopRole = "console" | "projector" | "student";

export interface WorkshopWelcome {
  role: WorkshopRole;
  code: string;
  levelId: string;
  studentId: string | null;
  nickname: string | null;
  secret: string | null;
  projectorKey: string | null;
  /** A student's own: their way back in on a new connection. */
  rejoin: string | null;
}

export interface TeamPass {
  code: string;
  pass: string;
  team: number;
  /** A nemesis pass: the student plays the network of team `against` (0-based), in its room. */
  nemesis?: { against: number };
}

export type WorkshopJoin =
  /** `then`: a playlist's levels after the first, in order (empty: one level). */
  | { kind: "create"; levelId: string; teamSize: number; playMode: PlayMode; then?: string[] }
  | { kind: "student"; code: string; nickname: string }
  /** The same student again, on a new page (a reload of the waiting page): the welcome's secret. */
  | { kind: "rejoin"; code: string; rejoin: string }
  | { kind: "console"; code: string; secret: string }
  | { kind: "projector"; code: string; key: string };


/** `?speed=N&seed=N` for tests (the server refuses them unless started with SPLIT_BRAIN_TEST_SPEED=1). */
function testOptions(): Record<string, number> {
  const params = new URLSearchParams(window.location.search);
  const out: Record<string, number> = {};
  const speed = Number(params.get("speed"));
  if (Number.isInteger(speed) && speed > 1 && speed <= 100) out.speed = speed;
  const seed = params.get("seed");
  if (seed && /^[0-9]{1,9}$/.test(seed)) out.seed = Number(seed);
  return out;
}

export class WorkshopConnection {
  readonly views = new Emitter<Record<string, any>>();
  readonly teams = new Emitter<TeamPass>();
  readonly replies = new Emitter<{ ok: boolean; message: string }>();
  /** The connection ended: kicked, or the workshop closed (or did not come back). */
  readonly closed = new Emitter<{ kicked: boolean }>();
  /** Lost and trying to come back (true), or back (false). */
  readonly reconnecting = new Emitter<boolean>();
  view: Record<string, any> | null = null;
  team: TeamPass | null = null;
  welcome!: WorkshopWelcome;
  private room!: Room;
  private leaving = false;

  private constructor(
    private readonly client: Client,
    room: Room,
    /** How this page joined: a restarted server is joined again the same way (see rejoinOptions). */
    private readonly join: WorkshopJoin,
  ) {
    this.attach(room);
  }

  private attach(room: Room): void {
    this.room = room;
    room.onMessage("welcome", (raw: unknown) => this.takeWelcome(raw));
    room.onMessage("view", (raw: unknown) => {
      if (typeof raw !== "object" || raw === null) return;
      this.view = raw as Record<string, any>;
      this.views.emit(this.view);
    });
    room.onMessage("team", (raw: unknown) => {
      const r = raw as (Omit<Partial<TeamPass>, "nemesis"> & { nemesis?: unknown; against?: unknown }) | null;
      if (!r || typeof r.code !== "string" || typeof r.pass !== "string" || typeof r.team !== "number") return;
      this.team = { code: r.code, pass: r.pass, team: r.team, ...(r.nemesis === true && typeof r.against === "number" ? { nemesis: { against: r.against } } : {}) };
      this.teams.emit(this.team);
    });
    room.onMessage("reply", (raw: unknown) => {
      const r = (raw ?? {}) as { ok?: unknown; message?: unknown };
      this.replies.emit({ ok: r.ok === true, message: typeof r.message === "string" ? r.message : "" });
    });
    room.onLeave((code) => {
      if (this.leaving || code === CLOSE_KICKED || code === CLOSE_CONSENTED) this.closed.emit({ kicked: code === CLOSE_KICKED });
      else void this.comeBack(room);
    });
  }

  /** What a fresh join presents after a server restart, or null when this page has nothing to present. */
  private rejoinOptions(): Record<string, string> | null {
    const w = this.welcome;
    if (w.role === "console") {
      const secret = w.secret ?? (this.join.kind === "console" ? this.join.secret : null);
      return secret ? { secret } : null;
    }
    if (w.role === "projector") return this.join.kind === "projector" ? { projector: this.join.key } : null;
    return w.rejoin ? { rejoin: w.rejoin } : null;
  }

  private async comeBack(lost: Room): Promise<void> {
    this.reconnecting.emit(true);
    const options = this.rejoinOptions();
    const client = this.client;
    // Removed meanwhile, or no longer on the list (refused): this page cannot come back.
    const room = await comeBack({ client, lost, rejoin: options ? () => client.joinById(lost.roomId, options) : null, leaving: () => this.leaving });
    if (room) {
      this.attach(room);
      this.reconnecting.emit(false);
    } else if (!this.leaving) this.closed.emit({ kicked: false });
  }


  static async open(join: WorkshopJoin): Promise<WorkshopConnection> {
    const client = new Client();
    try {
      let room: Room;
      switch (join.kind) {
        case "create":
          room = await client.create(WORKSHOP_ROOM, { levelId: join.levelId, ...(join.then && join.then.length > 0 ? { then: join.then } : {}), teamSize: join.teamSize, playMode: join.playMode, facilitate: true, ...testOptions() });
          break;
        case "student":
          room = await client.joinById(normalizeCode(join.code), { nickname: join.nickname.trim() });
          break;
        case "rejoin":
          room = await client.joinById(normalizeCode(join.code), { rejoin: join.rejoin });
          break;
        case "console":
          room = await client.joinById(normalizeCode(join.code), { secret: join.secret });
          break;
        case "projector":
          room = await client.joinById(normalizeCode(join.code), { projector: join.key });
          break;
      }
      const connection = new WorkshopConnection(client, room, join);
      await connection.waitForWelcome();
      return connection;
    } catch (error) {
      if (error instanceof JoinError) throw error;
      const e = error as { code?: unknown; message?: unknown } | null;
      // A workshop's own refusals (locked, name taken, removed) are already in plain words.
      if (typeof e?.code === "number" && e.code >= 4400 && e.code < 4500 && typeof e.message === "string" && e.message.length < 300) throw new JoinError(e.code, e.message);
      throw joinErrorOf(error);
    }
  }

  /** A console command; resolves with the server's reply. */
  command(body: Record<string, unknown>): Promise<{ ok: boolean; message: string }> {
    return new Promise((resolve) => {
      const off = this.replies.on((reply) => {
        off();
        resolve(reply);
      });
      this.room.send("command", body);
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

  private welcomed: (() => void) | null = null;

  private takeWelcome(raw: unknown): void {
    const r = (raw ?? {}) as Record<string, unknown>;
    const str = (k: string): string | null => (typeof r[k] === "string" ? (r[k] as string) : null);
    const role = r.role === "console" || r.role === "projector" || r.role === "student" ? r.role : "student";
    const before = this.welcome as WorkshopWelcome | undefined;
    // A restored workshop has only the hash of the console's secret: keep the one this page has.
    this.welcome = { role, code: str("code") ?? "", levelId: str("levelId") ?? "", studentId: str("studentId"), nickname: str("nickname"), secret: str("secret") ?? before?.secret ?? null, projectorKey: str("projectorKey") ?? before?.projectorKey ?? null, rejoin: str("rejoin") ?? before?.rejoin ?? null };
    this.welcomed?.();
    this.welcomed = null;
  }

  private waitForWelcome(): Promise<void> {
    if (this.welcome) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new JoinError(0, "The workshop did not answer: try again.")), 8000);
      this.welcomed = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
