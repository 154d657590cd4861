/**
 * Who is in a workshop and in which team: pure bookkeeping, driven by the workshop room and by
 * tests without sockets. Before the start, teams are balanced automatically (students in join
 * order go to the team with the fewest members); a student the facilitator moved stays where
 * they were put. At the start the teams are frozen; a latecomer (if the lobby is open) joins
 * the smallest team that still has a free seat.
 */
import { randomBytes } from "node:crypto";
import { err, ok, type Result } from "../../shared/base/result.js";

export interface Student {
  /** Public handle (the console kicks and moves by it); not the Colyseus session id. */
  readonly id: string;
  sessionId: string;
  readonly nickname: string;
  /** 0-based team; fixed once the workshop has started, else recomputed (see teams()). */
  team: number;
  /** Put in this team by the facilitator: balancing leaves them there. */
  pinned: boolean;
  connected: boolean;
  /** The seat pass in their team's room, once the teams exist. */
  pass: string | null;
  /**
   * Only this student's page knows it (the welcome): with it, the page takes this place back
   * on a new connection, even after a server restart (the Colyseus token does not survive one).
   */
  readonly rejoin: string;
}

/** What the store keeps of a student (see WorkshopSnapshot): everything but the connection. */
export type StoredStudent = Pick<Student, "id" | "nickname" | "team" | "pinned" | "pass" | "rejoin">;

export const STUDENTS_MAX = 200;

export class WorkshopRoster {
  private readonly list: Student[] = [];
  private frozen = false;

  constructor(
    readonly teamSize: number,
    /** The level's seats: a team never has more students than this. */
    readonly seatsMax: number,
  ) {}

  /** The roster a restarted server had (see snapshot): every student away until their page rejoins. */
  static restore(teamSize: number, seatsMax: number, frozen: boolean, students: readonly StoredStudent[]): WorkshopRoster {
    const roster = new WorkshopRoster(teamSize, seatsMax);
    for (const s of students) roster.list.push({ ...s, sessionId: "", connected: false });
    roster.frozen = frozen;
    return roster;
  }

  snapshot(): { frozen: boolean; students: StoredStudent[] } {
    return { frozen: this.frozen, students: this.list.map(({ id, nickname, team, pinned, pass, rejoin }) => ({ id, nickname, team, pinned, pass, rejoin })) };
  }

  /** The student whose page presents this rejoin secret (compared in constant time). */
  byRejoin(rejoin: string, same: (a: string, b: string) => boolean): Student | undefined {
    let found: Student | undefined;
    for (const s of this.list) if (same(s.rejoin, rejoin)) found = s;
    return found;
  }

  get students(): readonly Student[] {
    return this.list;
  }

  get started(): boolean {
    return this.frozen;
  }

  byId(id: string): Student | undefined {
    return this.list.find((s) => s.id === id);
  }

  bySession(sessionId: string): Student | undefined {
    return this.list.find((s) => s.sessionId === sessionId);
  }

  /** Can this nickname join? Names are unique in a workshop, whatever their case. */
  check(nickname: string): Result<void, string> {
    if (this.list.length >= STUDENTS_MAX) return err(`This workshop is full (${STUDENTS_MAX} students).`);
    const folded = nickname.toLocaleLowerCase();
    if (this.list.some((s) => s.nickname.toLocaleLowerCase() === folded)) return err(`Someone here is already called ${nickname}: choose another nickname.`);
    if (this.frozen && this.openTeam() === null) return err("Every team's seats are taken: ask the facilitator.");
    return ok(undefined);
  }

  add(sessionId: string, nickname: string): Result<Student, string> {
    const allowed = this.check(nickname);
    if (!allowed.ok) return allowed;
    const student: Student = { id: randomBytes(6).toString("base64url"), sessionId, nickname, team: 0, pinned: false, connected: true, pass: null, rejoin: randomBytes(16).toString("base64url") };
    if (this.frozen) student.team = this.openTeam()!;
    this.list.push(student);
    this.rebalance();
    return ok(student);
  }

  remove(id: string): Student | undefined {
    const index = this.list.findIndex((s) => s.id === id);
    if (index < 0) return undefined;
    const [student] = this.list.splice(index, 1);
    this.rebalance();
    return student;
  }

  /** The facilitator puts a student in a team (before the start). */
  move(id: string, team: number): Result<void, string> {
    if (this.frozen) return err("The teams are playing: students can be moved only before the start.");
    const student = this.byId(id);
    if (!student) return err("No such student here (they may have left).");
    if (!Number.isInteger(team) || team < 0 || team >= this.teamCount() + 1) return err(`team must be from 1 to ${this.teamCount() + 1}.`);
    // Only the students put there count: balancing moves the others out as needed.
    if (this.list.filter((s) => s.pinned && s.team === team && s.id !== id).length >= this.seatsMax) return err(`Team ${team + 1} is full: this level has ${this.seatsMax} seats.`);
    student.team = team;
    student.pinned = true;
    this.rebalance();
    return ok(undefined);
  }

  /** How many teams there are (or will be): enough for teamSize each, and every pinned team. */
  teamCount(): number {
    if (this.frozen) return Math.max(1, ...this.list.map((s) => s.team + 1));
    const needed = Math.max(1, Math.ceil(this.list.length / this.teamSize));
    return Math.max(needed, ...this.list.filter((s) => s.pinned).map((s) => s.team + 1));
  }

  /** Members of each team, in join order. */
  teams(): Student[][] {
    const teams: Student[][] = Array.from({ length: this.teamCount() }, () => []);
    for (const s of this.list) teams[s.team]?.push(s);
    return teams;
  }

  /** The start: teams are fixed from now on. */
  freeze(): void {
    this.rebalance();
    this.frozen = true;
  }

  private rebalance(): void {
    if (this.frozen) return;
    const count = this.teamCount();
    const sizes = new Array<number>(count).fill(0);
    for (const s of this.list) if (s.pinned) sizes[s.team]!++;
    for (const s of this.list) {
      if (s.pinned) continue;
      let best = 0;
      for (let t = 1; t < count; t++) if (sizes[t]! < sizes[best]!) best = t;
      s.team = best;
      sizes[best]!++;
    }
  }

  /** After the start: the smallest team with a free seat, or null. */
  private openTeam(): number | null {
    const teams = this.teams();
    let best: number | null = null;
    teams.forEach((members, t) => {
      if (members.length < this.seatsMax && (best === null || members.length < teams[best]!.length)) best = t;
    });
    return best;
  }
}
