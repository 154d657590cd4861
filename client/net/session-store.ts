// What the browser remembers between visits: the player's nickname and class code
// (localStorage, so the next game is one keypress away), and the current room's reconnection
// token and seat resume secret (sessionStorage: they survive a reload of this tab, not a new
// tab or a closed browser).

const PROFILE_KEY = "split-brain:profile";
const TOKEN_KEY = "split-brain:reconnect";

export const NICKNAME_MAX = 24;
const CLASS_CODE = /^[A-Za-z0-9_-]{3,24}$/;

export interface Profile {
  nickname: string;
  classCode: string;
}

export interface HeldRoom {
  token: string;
  levelId: string;
  /** Epoch ms when saved: a token older than the server's 30 s hold is useless after a reload. */
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
  storage("session")?.setItem(TOKEN_KEY, JSON.stringify(held));
}

export function readHeldRoom(): HeldRoom | null {
  try {
    const raw: unknown = JSON.parse(storage("session")?.getItem(TOKEN_KEY) ?? "null");
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

export function clearHeldRoom(): void {
  storage("session")?.removeItem(TOKEN_KEY);
}
