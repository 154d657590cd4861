/**
 * The teacher's CSV export of a class's results (GET /api/classes/:code/export.csv).
 */
import type { StoredResult } from "../store/store.js";
import { studentKeyOf, studentLabel } from "./class-report.js";

const CSV_COLUMNS: readonly { header: string; value: (r: StoredResult) => string | number | boolean | null }[] = [
  { header: "createdAt", value: (r) => r.createdAt },
  { header: "classCode", value: (r) => r.classCode },
  { header: "student", value: (r) => studentLabel(studentKeyOf(r)) },
  { header: "nickname", value: (r) => r.nickname },
  { header: "levelId", value: (r) => r.levelId },
  { header: "levelVersion", value: (r) => r.levelVersion },
  { header: "board", value: (r) => r.board },
  { header: "seed", value: (r) => r.seed },
  { header: "mode", value: (r) => r.mode },
  { header: "playMode", value: (r) => r.playMode },
  { header: "seatNode", value: (r) => r.seatNode },
  { header: "score", value: (r) => r.score },
  { header: "stars", value: (r) => r.stars },
  { header: "passed", value: (r) => r.passed },
  { header: "messages", value: (r) => r.messages },
  { header: "resultId", value: (r) => r.id },
];

/**
 * RFC 4180 CSV with CRLF line ends. Starts with a UTF-8 byte order mark because Excel, the
 * tool most teachers open it with, otherwise garbles accented nicknames.
 */
export function resultsCsv(results: readonly StoredResult[]): string {
  const lines = [CSV_COLUMNS.map((c) => c.header).join(",")];
  for (const r of results) lines.push(CSV_COLUMNS.map((c) => csvField(c.value(r))).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  // A cell starting with = + - @ (or tab/CR) is run as a formula by spreadsheets: a nickname
  // like =HYPERLINK(...) would be live in the teacher's sheet. A leading ' keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
