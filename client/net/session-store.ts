// What the browser remembers between visits: the player's nickname and class code
// (localStorage, so the next game is one keypress away), and the current room's reconnection
// token and seat resume secret. The held room is kept twice: in sessionStorage (this tab, also
// after the browser discarded a sleeping tab) and in localStorage (a closed tab reopened at the
// same address within the hold has a fresh sessionStorage). This tab's own copy wins.

const PROFILE_KEY = "split-brain:profile";
const PLAYER_ID_KEY = "split-brain:player-id";
const CLASSES_KEY = "split-brain:teacher-classes";
const PLAYER_ID = /^[A-Za-z0-9_-]{22}$/;
const TOKEN_KEY = "split-brain:reconnect";

export const NICKNAME_MAX = 24;
/**
 * A held room saved longer ago than this is not worth trying: the longest hold is a restored
 * game's 60 s (docs/room-protocol.md); within it the server says whether the seat still waits.
 */
export const HELD_ROOM_MAX_AGE_MS = 60_000;
const CLASS_CODE = /^[A-Za-z0-9_-]{3,24}$/;

export interface Profile {
  nickname: string;
  classCode: string;
}

export interface HeldRoom {
  token: string;
  levelId: string;
  /** Epoch ms when last saved (refreshed while the game runs): the hold starts about then. */
  savedAtMs: number;
  /** The room (join code): where the resume secret is presented after a server restart. */
  roomId?: string;
  /** The seat's resume secret from the welcome message; null for spectators. */
  resume?: string | null;
}

function storage(kind: "local" | "session"): Storage | null {
  try {
    return kind === "local" ? window.localStorage : window.sessionStorage;
  } catch {
    return null; // private mode or storage disabled: play on without remembering
  }
}

export function readProfile(): Profile {
  try {
    const raw: unknown = JSON.parse(storage("local")?.getItem(PROFILE_KEY) ?? "null");
    if (typeof raw === "object" && raw !== null) {
      const r = raw as Record<string, unknown>;
      return { nickname: typeof r.nickname === "string" ? r.nickname.slice(0, NICKNAME_MAX) : "", classCode: typeof r.classCode === "string" ? r.classCode : "" };
    }
  } catch {
    /* a corrupt entry is forgotten */
  }
  return { nickname: "", classCode: "" };
}

/**
 * This browser's player id: 16 random bytes, made once and kept. The leaderboard keeps one row
 * per player id, so nobody overwrites another's row by typing their nickname. Null when the
 * browser keeps nothing (private mode): the game is then played without one.
 */
export function playerId(): string | null {
  const local = storage("local");
  if (!local) return null;
  try {
    const kept = local.getItem(PLAYER_ID_KEY);
    if (kept && PLAYER_ID.test(kept)) return kept;
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const made = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    local.setItem(PLAYER_ID_KEY, made);
    return made;
  } catch {
    return null;
  }
}

/** A class this browser created: its code, name and the teacher's secret (the teacher's link). */
export interface TeacherClass {
  code: string;
  name: string;
  teacherSecret: string;
}

/** The classes made in this browser, newest first: the teacher finds their link again here. */
export function readTeacherClasses(): TeacherClass[] {
  try {
    const raw: unknown = JSON.parse(storage("local")?.getItem(CLASSES_KEY) ?? "[]");
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (c): c is TeacherClass => typeof c === "object" && c !== null && typeof c.code === "string" && typeof c.name === "string" && typeof c.teacherSecret === "string",
    );
  } catch {
    return [];
  }
}

export function rememberTeacherClass(entry: TeacherClass): void {
  const others = readTeacherClasses().filter((c) => c.code !== entry.code);
  try {
    storage("local")?.setItem(CLASSES_KEY, JSON.stringify([entry, ...others].slice(0, 50)));
  } catch {
    /* storage full or disabled: the teacher still has the link on screen */
  }
}

export function saveProfile(profile: Profile): void {
  storage("local")?.setItem(PROFILE_KEY, JSON.stringify(profile));
}

/** A readable reason the nickname is not acceptable, or null. Mirrors the server's rule for instant feedback; the server still decides. */
export function nicknameProblem(nickname: string): string | null {
  const trimmed = nickname.trim();
  if (trimmed.length === 0) return "Pick a nickname (1 to 24 characters).";
  if ([...trimmed].length > NICKNAME_MAX) return "A nickname has at most 24 characters.";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u.test(trimmed)) return "A nickname cannot contain control characters.";
  return null;
}

export function classCodeProblem(classCode: string): string | null {
  const trimmed = classCode.trim();
  if (trimmed.length === 0) return null;
  return CLASS_CODE.test(trimmed) ? null : "A class code is 3 to 24 letters, digits, - or _.";
}

export function saveHeldRoom(held: HeldRoom): void {
  const text = JSON.stringify(held);
  for (const kind of ["session", "local"] as const) {
    try {
      storage(kind)?.setItem(TOKEN_KEY, text);
    } catch {
      /* a full quota: the other copy may still do */
    }
  }
}

/**
 * The room this browser was playing in, if its seat can still be held: an entry older than
 * `maxAgeMs` (the server's hold) is forgotten, since the server has given the seat to a bot.
 */
export function readHeldRoom(maxAgeMs: number, nowMs = Date.now()): HeldRoom | null {
  for (const kind of ["session", "local"] as const) {
    const held = parseHeldRoom(storage(kind)?.getItem(TOKEN_KEY) ?? null);
    if (held && nowMs - held.savedAtMs <= maxAgeMs) return held;
  }
  return null;
}

function parseHeldRoom(text: string | null): HeldRoom | null {
  try {
    const raw: unknown = JSON.parse(text ?? "null");
    if (typeof raw !== "object" || raw === null) return null;
    const r = raw as Record<string, unknown>;
    if (typeof r.token !== "string" || typeof r.levelId !== "string" || typeof r.savedAtMs !== "number") return null;
    return {
      token: r.token,
      levelId: r.levelId,
      savedAtMs: r.savedAtMs,
      ...(typeof r.roomId === "string" ? { roomId: r.roomId } : {}),
      ...(typeof r.resume === "string" ? { resume: r.resume } : {}),
    };
  } catch {
    return null;
  }
}

/** Forgets the held room; with `token`, only if the stored one is that token (another tab may own a newer one). */
export function clearHeldRoom(token?: string): void {
  for (const kind of ["session", "local"] as const) {
    const store = storage(kind);
    if (!store) continue;
    if (token !== undefined && parseHeldRoom(store.getItem(TOKEN_KEY))?.token !== token) continue;
    store.removeItem(TOKEN_KEY);
  }
}

const WORKSHOP_REJOIN_KEY = "split-brain:workshop-rejoin";
const REJOIN_SECRET = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A student's place in a workshop's lobby (its code and the rejoin secret of the welcome), so
 * that a reload of the waiting page comes back as the same student. This tab only
 * (sessionStorage): two students sharing a computer each keep their own.
 */
export function rememberWorkshopRejoin(code: string, rejoin: string): void {
  storage("session")?.setItem(WORKSHOP_REJOIN_KEY, JSON.stringify({ code, rejoin }));
}

/** The rejoin secret this tab keeps for workshop `code`, or null. */
export function workshopRejoinFor(code: string): string | null {
  try {
    const kept = JSON.parse(storage("session")?.getItem(WORKSHOP_REJOIN_KEY) ?? "null") as { code?: unknown; rejoin?: unknown } | null;
    if (typeof kept?.code !== "string" || typeof kept.rejoin !== "string" || !REJOIN_SECRET.test(kept.rejoin)) return null;
    return kept.code.toUpperCase() === code.toUpperCase() ? kept.rejoin : null;
  } catch {
    return null;
  }
}

export function forgetWorkshopRejoin(): void {
  storage("session")?.removeItem(WORKSHOP_REJOIN_KEY);
}
