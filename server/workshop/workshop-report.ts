/**
 * The workshop report: per team and per student, the level, stars, score and the named
 * mistakes the checkers caught. Built from the teams' statuses (team-status.ts), kept in the
 * store under the facilitator's secret, and exported as CSV for a spreadsheet.
 */
import { csvField } from "../classes/results-csv.js";
import type { TeamStatus } from "./team-status.js";

export interface ReportStudent {
  nickname: string;
  /** The node they played; null when they never took their seat. */
  node: string | null;
  resultId: string | null;
}

export interface ReportTeam {
  /** 1-based, as the screens say it. */
  team: number;
  /** The level this team's game was (a playlist has one game per team per level). */
  levelId: string;
  roomCode: string;
  phase: TeamStatus["phase"];
  score: number;
  stars: number | null;
  passed: boolean | null;
  mistakes: { check: string; cause: string }[];
  students: ReportStudent[];
  /**
   * "nemesis": this team played the network of team `against` (1-based); its score is what it
   * caused within budget, its mistakes the violations it caused. Absent in older reports: nodes.
   */
  role?: "nodes" | "nemesis";
  against?: number | null;
  /** The nemesis' budget and what they spent (nemesis teams only). */
  budget?: { points: number; spent: number; moves: number };
}

export interface WorkshopReport {
  code: string;
  /** The first level (the only one, unless the workshop had a playlist). */
  levelId: string;
  levelTitle: string;
  /** Every level played, in order. Absent from reports stored before playlists. */
  levels?: { id: string; title: string }[];
  teamSize: number;
  createdAt: string;
  teams: ReportTeam[];
}

export interface ReportTeamInput {
  levelId: string;
  roomCode: string;
  status: TeamStatus | null;
  nicknames: readonly string[];
  /** A nemesis team: the 0-based team whose network it played. */
  against?: number;
}

export function buildReport(head: Omit<WorkshopReport, "teams">, teams: readonly ReportTeamInput[]): WorkshopReport {
  return {
    ...head,
    teams: teams.map((t) => {
      const s = t.status;
      const result = s?.result ?? null;
      const seatOf = (nickname: string) => result?.seats.find((r) => r.nickname === nickname) ?? null;
      const liveSeat = (nickname: string) => s?.seats.find((seat) => seat.nickname === nickname) ?? null;
      const team = teams.filter((o) => o.levelId === t.levelId).indexOf(t) + 1;
      if (t.against !== undefined) {
        const n = s?.nemesis ?? null;
        return {
          team,
          levelId: t.levelId,
          roomCode: t.roomCode,
          phase: s?.phase ?? "lobby",
          score: n?.score?.points ?? 0,
          stars: null,
          passed: null,
          mistakes: uniqueByCheck(n?.score?.violations ?? []),
          students: t.nicknames.map((nickname) => ({ nickname, node: null, resultId: null })),
          role: "nemesis" as const,
          against: t.against + 1,
          budget: { points: n?.points ?? 0, spent: n?.spent ?? 0, moves: n?.moves.length ?? 0 },
        };
      }
      return {
        // Numbered within their level: team 1 of level 2 is team 1 of level 1, together again.
        team,
        levelId: t.levelId,
        roomCode: t.roomCode,
        phase: s?.phase ?? "lobby",
        score: result?.score ?? s?.score ?? 0,
        stars: result?.stars ?? null,
        passed: result?.passed ?? null,
        // The named mistakes: one line per check that tripped (its first cause).
        mistakes: uniqueByCheck(result?.mistakes ?? s?.incidents.map((i) => ({ check: i.check, cause: i.cause })) ?? []),
        students: t.nicknames.map((nickname) => ({ nickname, node: seatOf(nickname)?.node ?? liveSeat(nickname)?.node ?? null, resultId: seatOf(nickname)?.resultId ?? null })),
        role: "nodes" as const,
        against: null,
      };
    }),
  };
}

function uniqueByCheck(mistakes: readonly { check: string; cause: string }[]): { check: string; cause: string }[] {
  const seen = new Set<string>();
  return mistakes.filter((m) => (seen.has(m.check) ? false : (seen.add(m.check), true)));
}

const COLUMNS = ["workshop", "levelId", "team", "teamCode", "nickname", "node", "score", "stars", "passed", "mistakes", "resultId", "role", "against"] as const;

/** RFC 4180 with CRLF and a BOM, formulas neutralised: as the class export (classes/results-csv.ts). */
export function reportCsv(report: WorkshopReport): string {
  const lines = [COLUMNS.join(",")];
  for (const team of report.teams) {
    const mistakes = team.mistakes.map((m) => `${m.check}: ${m.cause}`).join("; ");
    const rows = team.students.length > 0 ? team.students : [{ nickname: "", node: null, resultId: null }];
    for (const student of rows) {
      const cells = [report.code, team.levelId ?? report.levelId, team.team, team.roomCode, student.nickname, student.node, team.score, team.stars, team.passed, mistakes, student.resultId, team.role ?? "nodes", team.against ?? null];
      lines.push(cells.map((c) => csvField(c ?? null)).join(","));
    }
  }
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}
