// Stars earned per level, kept in the browser (no accounts): localStorage
// "split-brain:stars" = { [levelId]: 0..3 }. Corrupt or foreign data reads as "no stars".

export const STARS_KEY = "split-brain:stars";
export const MAX_STARS = 3;

export type StarMap = Record<string, number>;

/** The subset of Storage we use, so tests can pass a plain in-memory object. */
export type StarStorage = Pick<Storage, "getItem" | "setItem">;

function isValidStars(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_STARS;
}

export function readStars(storage: StarStorage | null = safeLocalStorage()): StarMap {
  if (!storage) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(STARS_KEY) ?? "{}");
  } catch {
    return {};
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return {};
  const stars: StarMap = {};
  for (const [levelId, value] of Object.entries(raw)) {
    if (isValidStars(value)) stars[levelId] = value;
  }
  return stars;
}

/** Records a result; a replay with fewer stars never lowers the best one. */
export function recordStars(levelId: string, earned: number, storage: StarStorage | null = safeLocalStorage()): StarMap {
  const stars = readStars(storage);
  if (!isValidStars(earned) || !storage) return stars;
  stars[levelId] = Math.max(stars[levelId] ?? 0, earned);
  try {
    storage.setItem(STARS_KEY, JSON.stringify(stars));
  } catch {
    // Private mode or a full quota: the stars last for this page only, which is acceptable.
  }
  return stars;
}

export function totalStars(stars: StarMap): number {
  return Object.values(stars).reduce((sum, value) => sum + value, 0);
}

// Some browsers throw on the mere access to localStorage when storage is blocked.
function safeLocalStorage(): StarStorage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}
