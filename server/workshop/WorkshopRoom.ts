/**
 * A workshop: one room of people, one facilitator. Students join by code with a nickname and
 * wait in the lobby; the facilitator's console (behind the workshop's secret) kicks, locks,
 * moves people between the auto-balanced teams, then starts: each team becomes a team room of
 * the level (a LevelRoom wherever the matchmaker places it, created with a server-only ticket
 * filed in the presence: see team-tickets.ts), bots in the seats
 * nobody takes, and each student's page goes into their team's game with its seat pass. The
 * console then pauses, resumes, ends and throws faults at one team or all of them, and picks
 * the team the projector shows. Every second it reads each team's status (LevelRoom
 * .workshopStatus, through matchMaker.remoteRoomCall) and keeps the report in the store.
 *
 * A server restart loses nothing: the room writes its state to the store whenever it changes
 * (workshop-snapshot.ts); the next server re-creates it under the same code once it has restored
 * the team games (define-rooms.ts), and every page comes back on its own: the console with its
 * secret, the projector with its key, each student with the rejoin secret of their welcome.
 *
 * No game rule here: the team rooms play the games. This room holds who is where, and talks.
 */
import { LiveRoomWriter } from "../rooms/live-room-writer.js";
import { createHash } from "node:crypto";
import { matchMaker, Room, ServerError, type AuthContext, type Client } from "@colyseus/core";
import type { Level } from "../../shared/level/level.js";
import { seedFrom } from "../../shared/sim/prng.js";
import { addressOf, eventLog } from "../event-log.js";
import type { MatchmakeLimits } from "../http/matchmake-limits.js";
import { JOIN_ERROR } from "../rooms/join-options.js";
import { claimJoinCode, releaseJoinCode, renewJoinCode, reserveJoinCode, randomWatchKey, JOIN_CODE_RENEW_MS } from "../rooms/join-code.js";
import { normalizeNickname } from "../rooms/nickname.js";
import { sameText } from "../rooms/seat-assignment.js";
import { newResumeSecret, type Store } from "../store/store.js";
import { buildReport, type WorkshopReport } from "./workshop-report.js";
import { checked, ConsoleCommand, CreateOptions, JoinOptions } from "./workshop-messages.js";
import { STUDENTS_MAX, WorkshopRoster, type Student } from "./workshop-roster.js";
import { dropTeamSetup, fileTeamSetup } from "./team-tickets.js";
import { readWorkshopSnapshot, WORKSHOP_SNAPSHOT_VERSION, type WorkshopSnapshot } from "./workshop-snapshot.js";
import { CLOSE_KICKED, type TeamCommand, type TeamStatus } from "./team-status.js";

export const WORKSHOP_ROOM_NAME = "workshop";
const LEVEL_ROOM_NAME = "level";

export interface WorkshopRoomConfig {
  store: Store;
  levels: readonly Level[];
  testSpeedAllowed: boolean;
  limits: MatchmakeLimits | null;
  /** How often the console's view of the teams is refreshed. */
  pollMs: number;
  /** How long a dropped student or console may come back (as in team rooms). */
  holdSeconds: number;
  /** After a restart: how long a restored workshop waits for its people (as restored games do). */
  restoreHoldSeconds: number;
  /**
   * Workshops to restore, by code, filled by the claimer (define-rooms.ts) from the store. A room
   * created with `{ restoreId }` takes its snapshot out of here; a client cannot put one in.
   */
  restoring: Map<string, WorkshopSnapshot>;
  /** This process, as the owner of the workshops it saves (null: no upkeep, as in some tests). */
  processId: string | null;
}

/** Server → client message types. */
export const WORKSHOP_MESSAGE = {
  welcome: "welcome",
  /** The role's view of the workshop, sent whenever it changes. */
  view: "view",
  /** A student's team room: { code, pass, team }. */
  team: "team",
  /** The console's command was done or refused: { ok, message }. */
  reply: "reply",
} as const;

/** Close code for a client that floods the workshop (as level rooms, see LevelRoom). */
const CLOSE_FLOODING = 4429;
/** Changes are sent at most this often (a class joining at once is one view, not forty). */
const VIEW_EVERY_MS = 250;
/** How often a running workshop's report (its live scores) is stored at most. */
const REPORT_LIVE_EVERY_MS = 15_000;
/** Console commands a second; far more than a person clicks. */
const COMMANDS_PER_SECOND = 10;
const REMOTE_CALL_TIMEOUT_MS = 2_000;
/** The server is stopping: the same close code as a level room's, so pages reconnect. */
const CLOSE_SERVER_RESTART = 4503;
/**
 * After a restart the team rooms come back in the same upkeep round or a later one (another
 * process may claim them): until then a team the matchmaker does not list is not yet gone.
 */
const RESTORE_GRACE_MS = 30_000;

type Role = "console" | "projector" | "student";

interface TeamRoom {
  roomId: string;
  /** One pass per seat of the level: given to the team's students as they come. */
  passes: string[];
  status: TeamStatus | null;
  /** Its room answered no more (closed after its end, or failed): its last status stands. */
  gone: boolean;
  /**
   * A nemesis team: the team whose network it plays (0-based). Its room is that team's room,
   * its passes are nemesis passes (no seat), and its status is that room's.
   */
  against?: number;
}

export class WorkshopRoom extends Room {
  protected config!: WorkshopRoomConfig;
  private options!: CreateOptions;
  /** The levels played, in order (one, or a playlist); the teams play `stage` now. */
  private playlist: Level[] = [];
  private stage = 0;
  /** The teams of the levels already played, for the report. */
  private readonly pastStages: { level: Level; teams: TeamRoom[] }[] = [];
  private code = "";
  private seed = 0;
  /** The facilitator's secret: null after a restart until the console presents it again. */
  private secret: string | null = newResumeSecret();
  /** What the store keeps of it (see hashSecret). */
  private secretHash = hashSecret(this.secret!);
  private projectorKey = randomWatchKey();
  private roster!: WorkshopRoster;
  /** "between": a level of the playlist has ended for every team; the console starts the next. */
  private phase: "lobby" | "running" | "between" | "ended" = "lobby";
  private lobbyLocked = false;
  private consoleJoined = false;
  private readonly roles = new Map<string, Role>();
  private readonly addresses = new Map<string, string>();
  private readonly commandTimes = new Map<string, number[]>();
  private readonly kickedNames = new Set<string>();
  private teams: TeamRoom[] = [];
  /** Nemesis pairings set in the lobby: nemesis team -> the team it plays against, and its budget. */
  private readonly nemeses = new Map<number, { against: number; points: number }>();
  private projected = 0;
  /** The moment of the projected team's debrief the facilitator put on the projector (0: the whole game). */
  private projectorStep = 0;
  private createdAt = new Date().toISOString();
  private dirty = true;
  /** The last view each student's connection got (see sendView). */
  private readonly studentViewSent = new WeakMap<Client, string>();
  private savedReport = "";
  /** When the report was last stored, and how many teams had finished then (see saveReport). */
  private reportSavedAtMs = 0;
  private reportFinished = "";
  private polling = false;
  /** Keeps the workshop in the store (see saveLive); `claimed` once another process has it. */
  private live!: LiveRoomWriter;
  /** The server is stopping: nothing changes any more, the last state stays in the store. */
  private shuttingDown = false;
  private restoredAtMs: number | null = null;

  override async onCreate(raw: unknown): Promise<void> {
    this.live = new LiveRoomWriter(this.config.store, WORKSHOP_ROOM_NAME, this.config.processId ?? undefined, () => {
      eventLog.log(`Workshop ${this.code}: another process restored it; closing this copy.`);
      void this.disconnect(CLOSE_SERVER_RESTART);
    });
    const restoreId = (raw as { restoreId?: unknown } | null)?.restoreId;
    if (restoreId !== undefined) {
      const snapshot = typeof restoreId === "string" ? this.config.restoring.get(restoreId) : undefined;
      if (!snapshot) throw new ServerError(JOIN_ERROR.badOptions, "restoreId is for the server only: leave it out.");
      this.config.restoring.delete(restoreId as string);
      this.restore(snapshot);
      await claimJoinCode(this.presence, this.code);
    } else {
      await this.createNew(raw);
    }
    await this.setPrivate(true);
    await this.setMetadata({ kind: "workshop", levelId: this.playlist[0]!.id });
    this.maxClients = STUDENTS_MAX + 8;
    this.setSeatReservationTime(6);
    this.onMessage("command", (client, message) => {
      if (this.admit(client)) void this.onCommand(client, message);
    });
    this.onMessage("*", (client, type) => {
      if (this.admit(client)) this.reply(client, false, `Unknown message ${JSON.stringify(String(type).slice(0, 40))}: the console sends "command"; students send nothing.`);
    });
    this.clock.setInterval(() => this.flushViews(), VIEW_EVERY_MS);
    this.clock.setInterval(() => void this.poll(), this.config.pollMs);
    // The code stays this workshop's while it lives (its lease is short: a dead process's lapses).
    const code = this.code;
    this.clock.setInterval(() => {
      if (!this.live.claimed) renewJoinCode(this.presence, code).catch((error: unknown) => eventLog.log(`Workshop ${code}: could not renew the join code: ${error instanceof Error ? error.message : String(error)}`));
    }, JOIN_CODE_RENEW_MS);
    if (this.restoredAtMs !== null) {
      // Nobody is connected yet: the room waits for its people as a restored game does.
      this.autoDispose = false;
      this.clock.setTimeout(() => {
        if (this.phase === "lobby" || this.phase === "ended") {
          this.autoDispose = true;
          if (this.clients.length === 0) void this.disconnect();
        }
      }, this.config.restoreHoldSeconds * 1000);
      console.log(`Workshop ${this.code} restored (${this.phase}, ${this.roster.students.length} student(s), ${this.teams.length} team(s)).`);
    }
    await this.saveReport();
    this.saveLive();
  }

  private async createNew(raw: unknown): Promise<void> {
    const parsed = checked(CreateOptions, raw, "create");
    if (!parsed.ok) throw new ServerError(JOIN_ERROR.badOptions, parsed.error);
    const options = parsed.value;
    for (const id of [options.levelId, ...(options.then ?? [])]) {
      const level = this.config.levels.find((l) => l.id === id);
      if (!level) throw new ServerError(JOIN_ERROR.unknownLevel, `There is no level ${JSON.stringify(id.slice(0, 64))} on this server: GET /api/levels lists the ids.`);
      if (level.seats.max < 2) throw new ServerError(JOIN_ERROR.badOptions, `${level.title} is a solo level: choose levels with team seats for a workshop.`);
      if (options.teamSize > level.seats.max) throw new ServerError(JOIN_ERROR.badOptions, `teamSize must be at most ${level.seats.max}: ${level.title} has ${level.seats.max} seats.`);
      this.playlist.push(level);
    }
    if ((options.speed !== undefined || options.seed !== undefined) && !this.config.testSpeedAllowed) {
      throw new ServerError(JOIN_ERROR.forbidden, "speed and seed are for automated tests only: this server was not started with SPLIT_BRAIN_TEST_SPEED=1.");
    }
    this.options = options;
    // Teams stay together through the playlist: no team larger than its smallest level's seats.
    this.roster = new WorkshopRoster(options.teamSize, Math.min(...this.playlist.map((l) => l.seats.max)));
    this.code = await reserveJoinCode(this.presence);
    this.roomId = this.code;
    // Every team meets the same faults: the leaderboard compares like with like.
    this.seed = options.seed ?? seedFrom(`workshop/${this.code}/${this.createdAt}`);
  }

  /** The workshop as the store kept it (see WorkshopSnapshot); its levels were checked by the claimer. */
  private restore(snapshot: WorkshopSnapshot): void {
    const levelOf = (id: string): Level => {
      const level = this.config.levels.find((l) => l.id === id);
      if (!level) throw new Error(`level ${id} is not on this server`);
      return level;
    };
    this.options = snapshot.options;
    this.playlist = [snapshot.options.levelId, ...(snapshot.options.then ?? [])].map(levelOf);
    this.code = snapshot.code;
    this.roomId = snapshot.code;
    this.createdAt = snapshot.createdAt;
    this.seed = snapshot.seed;
    this.secret = null;
    this.secretHash = snapshot.secretHash;
    this.projectorKey = snapshot.projectorKey;
    this.stage = snapshot.stage;
    this.phase = snapshot.phase;
    this.lobbyLocked = snapshot.locked;
    this.pastStages.push(...snapshot.pastStages.map((p) => ({ level: levelOf(p.levelId), teams: p.teams.map((t) => ({ ...t })) })));
    this.teams = snapshot.teams.map((t) => ({ ...t }));
    for (const n of snapshot.nemeses) this.nemeses.set(n.team, { against: n.against, points: n.points });
    this.projected = snapshot.projected;
    this.projectorStep = snapshot.projectorStep;
    for (const name of snapshot.kicked) this.kickedNames.add(name);
    this.roster = WorkshopRoster.restore(snapshot.options.teamSize, Math.min(...this.playlist.map((l) => l.seats.max)), snapshot.roster.frozen, snapshot.roster.students);
    // The facilitator's join is long done: the console comes back with its secret.
    this.consoleJoined = true;
    // Its report follows its teams to their end, as before the restart.
    if (this.phase === "running" || this.phase === "between") this.autoDispose = false;
    this.restoredAtMs = Date.now();
  }

  private snapshot(): WorkshopSnapshot {
    return {
      version: WORKSHOP_SNAPSHOT_VERSION,
      code: this.code,
      createdAt: this.createdAt,
      seed: this.seed,
      options: this.options,
      secretHash: this.secretHash,
      projectorKey: this.projectorKey,
      stage: this.stage,
      phase: this.phase,
      locked: this.lobbyLocked,
      pastStages: this.pastStages.map((p) => ({ levelId: p.level.id, teams: p.teams })),
      teams: this.teams.map(keptTeam),
      nemeses: [...this.nemeses].map(([team, n]) => ({ team, against: n.against, points: n.points })),
      projected: this.projected,
      projectorStep: this.projectorStep,
      kicked: [...this.kickedNames],
      roster: this.roster.snapshot(),
    };
  }

  /**
   * Writes the workshop to the store when it changed (called with every view flush, so at most
   * every VIEW_EVERY_MS), in order, as this process's. When another process has claimed it
   * (this one was taken for dead), this room closes: the pages find the workshop over there.
   */
  private saveLive(): void {
    if (this.code) this.live.save(this.code, this.snapshot());
  }

  override onBeforeShutdown(): void {
    // The state stays in the store for the next server; the pages reconnect to it.
    this.saveLive();
    this.shuttingDown = true;
    void this.disconnect(CLOSE_SERVER_RESTART);
  }

  override onAuth(client: Client, raw: unknown, context: AuthContext): { role: Role; nickname: string; rejoin?: string } {
    const address = addressOf(context.ip);
    const refuse = (code: number, message: string): ServerError => {
      eventLog.log(`refused join: workshop ${this.roomId}, from ${address}: ${code} ${message}`);
      return new ServerError(code, message);
    };
    const parsed = checked(JoinOptions, raw, "join");
    if (!parsed.ok) throw refuse(JOIN_ERROR.badOptions, parsed.error);
    const join = parsed.value;
    this.addresses.set(client.sessionId, address);
    if ("facilitate" in join) {
      // Only the creator's own join, right after the create: later, the console takes the secret.
      if (this.consoleJoined) throw refuse(JOIN_ERROR.forbidden, "This workshop has a facilitator: open the console link to run it.");
      this.consoleJoined = true;
      return { role: "console", nickname: "" };
    }
    if ("secret" in join) {
      const secret = (join as { secret: string }).secret;
      if (!sameText(hashSecret(secret), this.secretHash)) throw refuse(JOIN_ERROR.forbidden, "This console link is not this workshop's: check the link you kept.");
      // After a restart only the hash was kept: the console's link brings the secret back.
      this.secret ??= secret;
      return { role: "console", nickname: "" };
    }
    if ("rejoin" in join) {
      // A student's page on a new connection (a dropped one, or a server restart): their place.
      const student = this.roster.byRejoin((join as { rejoin: string }).rejoin, sameText);
      if (!student) throw refuse(JOIN_ERROR.forbidden, "This workshop no longer has you on its list (the facilitator removed you, or it was restarted before you joined): join again with your nickname.");
      return { role: "student", nickname: student.nickname, rejoin: student.id };
    }
    if ("projector" in join) {
      if (!sameText(join.projector.toUpperCase(), this.projectorKey)) throw refuse(JOIN_ERROR.forbidden, "This projector link is not this workshop's: open it again from the console.");
      return { role: "projector", nickname: "" };
    }
    const nickname = normalizeNickname(join.nickname);
    if (!nickname.ok) throw refuse(JOIN_ERROR.badOptions, nickname.error);
    if (this.lobbyLocked) throw refuse(JOIN_ERROR.forbidden, "The facilitator has locked this workshop: ask them to let you in.");
    if (this.kickedNames.has(nickname.value.toLocaleLowerCase())) throw refuse(JOIN_ERROR.forbidden, "The facilitator removed this name from the workshop.");
    const allowed = this.roster.check(nickname.value);
    if (!allowed.ok) throw refuse(JOIN_ERROR.seatTaken, allowed.error);
    return { role: "student", nickname: nickname.value };
  }

  override onJoin(client: Client, _options: unknown, auth: { role: Role; nickname: string; rejoin?: string }): void {
    this.roles.set(client.sessionId, auth.role);
    let student: Student | undefined;
    const back = auth.rejoin === undefined ? undefined : this.roster.byId(auth.rejoin);
    if (back) {
      // Their old connection (if still held) is no longer theirs: see onLeave.
      const old = back.sessionId;
      back.sessionId = client.sessionId;
      back.connected = true;
      student = back;
      if (old) this.roles.delete(old);
      if (this.phase === "running") this.sendToTeam(student);
    } else if (auth.role === "student") {
      const added = this.roster.add(client.sessionId, auth.nickname);
      if (!added.ok) throw new ServerError(JOIN_ERROR.seatTaken, added.error);
      student = added.value;
      if (this.phase === "running") this.sendToTeam(student);
    }
    client.send(WORKSHOP_MESSAGE.welcome, {
      role: auth.role,
      code: this.code,
      levelId: this.level.id,
      studentId: student?.id ?? null,
      nickname: student?.nickname ?? null,
      // The student's only: with it, their page takes this place back on a new connection.
      rejoin: student?.rejoin ?? null,
      // The console's only: the link it keeps, and the projector's key.
      secret: auth.role === "console" ? this.secret : null,
      projectorKey: auth.role === "console" ? this.projectorKey : null,
    });
    // This page sees the workshop at once; the others with the next flush (a class joining
    // together is one view each per flush, not one per join).
    this.dirty = true;
    this.sendView(client, this.views());
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    // Stopping: everybody stays where the stored state has them, for the next server.
    if (this.shuttingDown || this.live.claimed) return;
    const id = client.sessionId;
    const student = this.roster.bySession(id);
    if (student) student.connected = false;
    this.dirty = true;
    if (!consented && this.roles.has(id)) {
      try {
        await this.allowReconnection(client, this.config.holdSeconds);
        if (student && student.sessionId === id) student.connected = true;
        this.dirty = true;
        return;
      } catch {
        /* gone for good */
      }
    }
    this.roles.delete(id);
    this.addresses.delete(id);
    this.commandTimes.delete(id);
    // Came back on another connection meanwhile (rejoin): still here.
    if (student && student.sessionId !== id) return;
    // Before the start a student who left is out of the teams; afterwards they keep their seat.
    if (student && this.phase === "lobby") this.roster.remove(student.id);
  }

  override async onDispose(): Promise<void> {
    await this.saveReport().catch((error: unknown) => console.error(`Workshop ${this.roomId}: could not store its report:`, error));
    if (!this.code) return;
    // Stopping: the next server restores it from the last state written. Otherwise it is over,
    // or everybody left: nothing to come back to.
    if (this.shuttingDown) await this.live.stop();
    else await this.live.forget(this.code);
    if (!this.live.claimed) await releaseJoinCode(this.presence, this.code);
  }

  // ---- the console's commands -----------------------------------------------------------------

  private async onCommand(client: Client, raw: unknown): Promise<void> {
    if (this.roles.get(client.sessionId) !== "console") return this.reply(client, false, "Only the facilitator's console sends commands.");
    const parsed = checked(ConsoleCommand, raw, "command");
    if (!parsed.ok) return this.reply(client, false, parsed.error);
    const command = parsed.value;
    let outcome: { ok: boolean; message: string };
    try {
      outcome = await this.run(command);
    } catch (error) {
      console.error(`Workshop ${this.roomId}: ${command.kind} failed:`, error);
      outcome = { ok: false, message: "The server failed on this command; the error is in its log." };
    }
    this.dirty = true;
    this.reply(client, outcome.ok, outcome.message);
  }

  private async run(command: ConsoleCommand): Promise<{ ok: boolean; message: string }> {
    switch (command.kind) {
      case "kick":
        return this.kick(command.student);
      case "move": {
        const moved = this.roster.move(command.student, command.team);
        return moved.ok ? { ok: true, message: `Moved to team ${command.team + 1}.` } : { ok: false, message: moved.error };
      }
      case "lock":
        this.lobbyLocked = command.locked;
        return { ok: true, message: command.locked ? "Locked: nobody new can join." : "Open: latecomers can join." };
      case "start":
        return this.start();
      case "next":
        return this.next();
      case "project":
        if (command.team >= this.teams.length) return { ok: false, message: `There is no team ${command.team + 1} playing.` };
        this.projected = command.team;
        this.projectorStep = 0;
        return { ok: true, message: `The projector shows team ${command.team + 1}.` };
      case "step":
        this.projectorStep = command.step;
        return { ok: true, message: `The projector's debrief shows moment ${command.step + 1}.` };
      case "pause":
      case "resume":
      case "end":
        return this.toTeams(command.team, { kind: command.kind });
      case "fault":
        return this.toTeams(command.team, { kind: "fault", fault: command.fault });
      case "nemesis":
        return this.pairNemesis(command.team, command.against, command.points);
    }
  }

  private async kick(studentId: string): Promise<{ ok: boolean; message: string }> {
    const student = this.roster.byId(studentId);
    if (!student) return { ok: false, message: "No such student here (they may have left)." };
    // After the start they are in their team's game too: their pass is revoked there, they are
    // disconnected from it, and the team's bot keeps their node.
    const team = this.teams[student.team];
    if (team && student.pass !== null) {
      await this.call(team.roomId, "workshopCommand", [{ kind: "revoke", pass: student.pass } satisfies TeamCommand]).catch(() => {});
    }
    this.roster.remove(student.id);
    const client = this.clients.find((c) => c.sessionId === student.sessionId);
    // Not the address: a class shares one. The name is barred; locking the lobby bars the rest.
    this.kickedNames.add(student.nickname.toLocaleLowerCase());
    this.roles.delete(student.sessionId);
    client?.leave(CLOSE_KICKED, "The facilitator removed you from this workshop.");
    eventLog.log(`kicked by the facilitator: workshop ${this.roomId}, ${JSON.stringify(student.nickname)}`);
    return { ok: true, message: `${student.nickname} was removed.` };
  }

  /**
   * The facilitator hands the fault menu to a team: it plays the network of team `against`
   * (null: it plays nodes again), with `points` of fault budget (shared/sim/nemesis.ts).
   */
  private pairNemesis(team: number, against: number | null, points: number): { ok: boolean; message: string } {
    if (this.phase !== "lobby") return { ok: false, message: "Nemesis teams are chosen before the start." };
    if (against === null) {
      this.nemeses.delete(team);
      return { ok: true, message: `Team ${team + 1} plays nodes.` };
    }
    const count = this.roster.teamCount();
    if (team >= count || against >= count) return { ok: false, message: `There are ${count} team(s): choose two of them.` };
    if (team === against) return { ok: false, message: "A team cannot be its own nemesis." };
    if (this.nemeses.has(against)) return { ok: false, message: `Team ${against + 1} is a nemesis itself: it has no nodes to break.` };
    if ([...this.nemeses.values()].some((n) => n.against === team)) return { ok: false, message: `Team ${team + 1} already has a nemesis: it plays nodes.` };
    const rival = [...this.nemeses.entries()].find(([t, n]) => n.against === against && t !== team);
    if (rival) return { ok: false, message: `Team ${against + 1} already has a nemesis: team ${rival[0] + 1}.` };
    this.nemeses.set(team, { against, points });
    return { ok: true, message: `Team ${team + 1} is the nemesis of team ${against + 1}, with ${points} fault points.` };
  }

  /** The level the teams play now (the playlist's current one). */
  private get level(): Level {
    return this.playlist[this.stage]!;
  }

  /** Each team becomes a team room of the level, started at once: bots keep the seats warm. */
  private async start(): Promise<{ ok: boolean; message: string }> {
    if (this.phase !== "lobby") return { ok: false, message: "The workshop has already started." };
    if (this.roster.students.length === 0) return { ok: false, message: "Nobody has joined yet: share the code first." };
    this.roster.freeze();
    return this.startStage();
  }

  /** The playlist's next level, for the same teams, once every team has finished this one. */
  private async next(): Promise<{ ok: boolean; message: string }> {
    if (this.phase !== "between") {
      return { ok: false, message: this.stage + 1 >= this.playlist.length ? "This was the playlist's last level." : "Every team must finish this level first (or end it from the console)." };
    }
    this.pastStages.push({ level: this.level, teams: this.teams });
    this.teams = [];
    this.projected = 0;
    this.projectorStep = 0;
    this.stage++;
    // New rooms, new seat passes: each student's page follows its team into the next game.
    for (const student of this.roster.students) student.pass = null;
    return this.startStage();
  }

  private async startStage(): Promise<{ ok: boolean; message: string }> {
    this.phase = "running";
    // The report follows the teams to their end, even if every page closes meanwhile.
    this.autoDispose = false;
    const teams = this.roster.teams();
    // Pairings whose teams no longer exist (students left) are dropped: those teams play nodes.
    const nemeses = new Map([...this.nemeses].filter(([t, n]) => t < teams.length && n.against < teams.length));
    const nemesisPasses = new Map<number, string[]>();
    const rooms: TeamRoom[] = [];
    for (let index = 0; index < teams.length; index++) {
      if (nemeses.has(index)) continue;
      const passes = Array.from({ length: this.level.seats.max }, () => newResumeSecret());
      const paired = [...nemeses.entries()].find(([, n]) => n.against === index);
      const nemesis = paired ? { passes: Array.from({ length: this.roster.teamSize }, () => newResumeSecret()), points: paired[1].points } : undefined;
      if (paired && nemesis) nemesisPasses.set(paired[0], nemesis.passes);
      const ticket = await fileTeamSetup(this.presence, { passes, ...(nemesis ? { nemesis } : {}) });
      let roomId: string;
      try {
        const room = await matchMaker.createRoom(LEVEL_ROOM_NAME, {
          levelId: this.level.id,
          mode: "team",
          playMode: this.options.playMode ?? "guided",
          seed: this.seed,
          workshopTicket: ticket,
          ...(this.options.speed !== undefined ? { speed: this.options.speed } : {}),
        });
        roomId = room.roomId;
      } catch (error) {
        await dropTeamSetup(this.presence, ticket).catch(() => undefined);
        throw error;
      }
      rooms[index] = { roomId, passes, status: null, gone: false };
    }
    for (const [index, n] of nemeses) rooms[index] = { roomId: rooms[n.against]!.roomId, passes: nemesisPasses.get(index) ?? [], status: null, gone: false, against: n.against };
    this.teams = rooms;
    for (const team of rooms) if (team.against === undefined) await this.call(team.roomId, "workshopCommand", [{ kind: "start" } satisfies TeamCommand]);
    for (const members of teams) for (const student of members) this.sendToTeam(student);
    await this.poll();
    const of = this.playlist.length > 1 ? ` ${this.level.title} (level ${this.stage + 1} of ${this.playlist.length})` : "";
    return { ok: true, message: `${teams.length} team(s) are playing${of}.` };
  }

  /** A student goes to their team's room with an unused seat pass. */
  private sendToTeam(student: Student): void {
    const team = this.teams[student.team];
    if (!team) return;
    if (student.pass === null) {
      const used = new Set(this.roster.students.map((s) => s.pass));
      student.pass = team.passes.find((p) => !used.has(p)) ?? null;
    }
    const client = this.clients.find((c) => c.sessionId === student.sessionId);
    // A nemesis student goes to the team they play against, with a nemesis pass (no seat).
    if (student.pass !== null) client?.send(WORKSHOP_MESSAGE.team, { code: team.roomId, pass: student.pass, team: student.team, ...(team.against !== undefined ? { nemesis: true, against: team.against } : {}) });
  }

  private async toTeams(scope: number | null, command: TeamCommand): Promise<{ ok: boolean; message: string }> {
    if (this.teams.length === 0) return { ok: false, message: "No team is playing yet: start the workshop first." };
    if (scope !== null && scope >= this.teams.length) return { ok: false, message: `There is no team ${scope + 1}.` };
    // A nemesis team shares its rival's room: "every team" reaches that room once.
    const targets = scope === null ? this.teams.map((t, i) => ({ t, i })).filter(({ t }) => t.against === undefined) : [{ t: this.teams[scope]!, i: scope }];
    const answers = await Promise.all(
      targets.map(({ t, i }) =>
        this.call<{ ok: boolean; message?: string }>(t.roomId, "workshopCommand", [command]).then(
          (answer) => ({ i, ok: answer.ok, message: answer.message ?? "" }),
          () => ({ i, ok: false, message: "its room is gone" }),
        ),
      ),
    );
    void this.poll();
    const failed = answers.filter((a) => !a.ok);
    const what = command.kind === "fault" ? `Fault ${command.fault.kind}` : command.kind[0]!.toUpperCase() + command.kind.slice(1);
    const where = scope === null ? "every team" : `team ${scope + 1}`;
    if (failed.length === 0) return { ok: true, message: `${what}: done for ${where}.` };
    const why = failed.map((f) => `team ${f.i + 1}: ${f.message}`).join("; ");
    return { ok: failed.length < answers.length, message: `${what} for ${where}: ${why}` };
  }

  // ---- the teams' statuses and the report ------------------------------------------------------

  private async poll(): Promise<void> {
    if (this.polling || this.teams.length === 0) return;
    this.polling = true;
    try {
      await Promise.all(
        this.teams.filter((team) => team.against === undefined).map((team) =>
          this.call<TeamStatus>(team.roomId, "workshopStatus").then(
            (status) => {
              team.status = status;
            },
            async () => {
              // Restored a moment ago: its team rooms may not be back yet.
              if (this.restoredAtMs !== null && Date.now() - this.restoredAtMs < RESTORE_GRACE_MS) return;
              // A slow answer is not an end: only a room the matchmaker no longer lists is gone.
              team.gone = (await matchMaker.query({ roomId: team.roomId }).catch(() => [1])).length === 0;
            },
          ),
        ),
      );
      for (const team of this.teams) {
        const rival = team.against === undefined ? undefined : this.teams[team.against];
        if (rival) [team.status, team.gone] = [rival.status, rival.gone];
      }
      if (this.phase === "running" && this.teams.every((t) => t.gone || t.status?.phase === "ended") && this.stage + 1 < this.playlist.length) {
        // The report is saved below; the console now offers the playlist's next level.
        this.phase = "between";
      } else if (this.phase === "running" && this.teams.every((t) => t.gone || t.status?.phase === "ended")) {
        this.phase = "ended";
        // Every result is in the report: the workshop may close once everybody has left.
        this.autoDispose = true;
        if (this.clients.length === 0) void this.disconnect();
      }
      this.dirty = true;
      await this.saveReport(true);
    } catch (error) {
      console.error(`Workshop ${this.roomId}: reading the teams failed:`, error);
    } finally {
      this.polling = false;
    }
  }

  private report(): WorkshopReport {
    const members = this.roster.teams();
    const first = this.playlist[0]!;
    const stages = [...this.pastStages, { level: this.level, teams: this.teams }];
    return buildReport(
      { code: this.code, levelId: first.id, levelTitle: first.title, levels: this.playlist.map((l) => ({ id: l.id, title: l.title })), teamSize: this.options.teamSize, createdAt: this.createdAt },
      stages.flatMap(({ level, teams }) => teams.map((team, i) => ({ levelId: level.id, roomCode: team.roomId, status: team.status, nicknames: (members[i] ?? []).map((s) => s.nickname), ...(team.against !== undefined ? { against: team.against } : {}) }))),
    );
  }

  /** Stored when it changed; under the hash of the secret, so the console link finds it after a restart. */
  /**
   * Stores the report when it changed. From the poll (`live`), while teams play, at most every
   * REPORT_LIVE_EVERY_MS unless a team has just finished or the phase moved: the running scores
   * change every second, and writing a 50-team report each second cost the process more than
   * the console's whole live view (npm run bench workshop).
   */
  private async saveReport(live = false): Promise<void> {
    if (live) {
      const finished = `${this.phase}:${this.teams.filter((t) => t.gone || t.status?.phase === "ended").length}`;
      if (finished === this.reportFinished && Date.now() - this.reportSavedAtMs < REPORT_LIVE_EVERY_MS) return;
      this.reportFinished = finished;
    }
    this.reportSavedAtMs = Date.now();
    const report = this.report();
    const json = JSON.stringify(report);
    if (json === this.savedReport) return;
    this.savedReport = json;
    await this.config.store.saveWorkshop({ secretHash: this.secretHash, code: this.code, levelId: this.playlist[0]!.id, report, createdAt: this.createdAt });
  }

  // ---- views ------------------------------------------------------------------------------------

  private flushViews(): void {
    if (!this.dirty || this.shuttingDown) return;
    this.dirty = false;
    this.saveLive();
    const views = this.views();
    for (const client of this.clients) this.sendView(client, views);
  }

  /**
   * One client's view. A student's is sent only when it differs from the last one that client
   * got: it changes with the lobby, not with the teams' clocks, and sending 200 students the
   * roster every second was most of the workshop's cost while teams played.
   */
  private sendView(client: Client, views: ReturnType<WorkshopRoom["views"]>): void {
    const role = this.roles.get(client.sessionId);
    if (role === "console") client.send(WORKSHOP_MESSAGE.view, views.console);
    else if (role === "projector") client.send(WORKSHOP_MESSAGE.view, views.projector);
    else if (role === "student") {
      const team = this.roster.bySession(client.sessionId)?.team ?? null;
      const key = `${team}:${views.studentKey}`;
      if (this.studentViewSent.get(client) === key) return;
      this.studentViewSent.set(client, key);
      client.send(WORKSHOP_MESSAGE.view, { ...views.student, team });
    }
  }

  /** Every role's view as of now (see sendView). */
  private views() {
    const teams = this.roster.teams();
    const teamNames = teams.map((members) => members.map((s) => s.nickname));
    const leaderboard = this.teams
      .map((team, i) => ({
        team: i,
        names: teamNames[i] ?? [],
        // A nemesis team scores what it caused (shared/checks/nemesis-score.ts), at the end.
        score: team.against !== undefined ? (team.status?.nemesis?.score?.points ?? 0) : (team.status?.result?.score ?? team.status?.score ?? 0),
        against: team.against ?? null,
        stars: team.status?.result?.stars ?? null,
        phase: team.status?.phase ?? "lobby",
        incidents: team.status?.incidents.length ?? 0,
      }))
      .sort((a, b) => b.score - a.score || a.team - b.team);
    const following = this.playlist[this.stage + 1];
    const head = {
      code: this.code,
      levelId: this.level.id,
      levelTitle: this.level.title,
      // The playlist: which level of how many, and the one after this (null: this is the last).
      stage: this.stage,
      stages: this.playlist.length,
      nextLevel: following ? { id: following.id, title: following.title } : null,
      teamSize: this.options.teamSize,
      phase: this.phase,
      locked: this.lobbyLocked,
      // Nemesis pairings: [nemesis team, the team it plays against, fault points].
      nemeses: [...this.nemeses].map(([team, n]) => ({ team, against: n.against, points: n.points })),
    };
    const projectedTeam = this.teams[this.projected];
    const student = { ...head, teams: teamNames };
    return {
      console: {
        ...head,
        seatsMax: this.level.seats.max,
        projected: this.projected,
        projectorStep: this.projectorStep,
        students: this.roster.students.map((s) => ({ id: s.id, nickname: s.nickname, team: s.team, connected: s.connected, pinned: s.pinned })),
        teams: this.teams.map((team, i) => ({ team: i, code: team.roomId, against: team.against ?? null, status: team.status ? withoutWatchKey(team.status) : null })),
        leaderboard,
      },
      projector: {
        ...head,
        leaderboard,
        // The projector watches this team's god's view: the team's code and its watch key.
        projected: projectedTeam?.status ? { team: this.projected, watch: `${projectedTeam.roomId}${projectedTeam.status.watchKey}`, step: this.projectorStep } : null,
        students: this.roster.students.length,
      },
      student,
      studentKey: JSON.stringify(student),
    };
  }


  // ---- helpers ----------------------------------------------------------------------------------

  private reply(client: Client, ok: boolean, message: string): void {
    client.send(WORKSHOP_MESSAGE.reply, { ok, message });
  }

  /**
   * Every message counts: beyond COMMANDS_PER_SECOND it is answered "slow down" and dropped; a
   * client that keeps sending at three times that is disconnected (as level rooms do floods).
   */
  private admit(client: Client): boolean {
    const nowMs = Date.now();
    const recent = (this.commandTimes.get(client.sessionId) ?? []).filter((t) => nowMs - t < 1000);
    recent.push(nowMs);
    this.commandTimes.set(client.sessionId, recent);
    if (recent.length > COMMANDS_PER_SECOND * 3) {
      client.leave(CLOSE_FLOODING, "Too many messages: disconnected.");
      return false;
    }
    if (recent.length > COMMANDS_PER_SECOND) {
      this.reply(client, false, `Slow down: at most ${COMMANDS_PER_SECOND} messages a second. This one was ignored.`);
      return false;
    }
    return true;
  }

  private call<T>(roomId: string, method: string, args?: unknown[]): Promise<T> {
    return matchMaker.remoteRoomCall<T>(roomId, method, args as never, REMOTE_CALL_TIMEOUT_MS);
  }
}

/**
 * A team as the store keeps it: a running team's status is left out (it changes every poll,
 * which rewrote a 50-team workshop's row every second; after a restart the first poll reads it
 * again), a team over or gone keeps its last one (nothing can be asked of it any more).
 */
function keptTeam(team: TeamRoom): TeamRoom {
  return team.gone || team.status?.phase === "ended" ? team : { ...team, status: null };
}

function withoutWatchKey(status: TeamStatus): Omit<TeamStatus, "watchKey"> {
  const { watchKey: _hidden, ...rest } = status;
  return rest;
}

/** What the store keys a workshop by: the secret never lands in the database. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
