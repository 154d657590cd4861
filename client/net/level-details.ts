// The few parts of a full level file the play screen shows but the level list leaves out
// (the goals checklist). Untrusted JSON: read defensively, never fail the game over it.

export interface GoalInfo {
  id: string;
  title: string;
}

export async function fetchGoals(levelId: string): Promise<GoalInfo[]> {
  try {
    const response = await fetch(`/api/levels/${encodeURIComponent(levelId)}`, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(8000) });
    if (!response.ok) return [];
    const body: unknown = await response.json();
    const goals = typeof body === "object" && body !== null ? (body as { goals?: unknown }).goals : undefined;
    if (!Array.isArray(goals)) return [];
    return goals
      .filter((g): g is { id: string; title: string } => typeof g === "object" && g !== null && typeof (g as { id?: unknown }).id === "string" && typeof (g as { title?: unknown }).title === "string")
      .map((g) => ({ id: g.id, title: g.title }));
  } catch {
    return [];
  }
}
