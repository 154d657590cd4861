import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, fetchLeaderboard, fetchLevels, leaderboardPath, userMessageOf } from "../../../client/net/api.js";
import { levelSummary } from "./fixtures.js";

function respond(status: number, body: unknown): void {
  vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(body), { status })));
}

afterEach(() => vi.unstubAllGlobals());

describe("REST helpers", () => {
  it("builds the leaderboard path with an optional, trimmed class code", () => {
    expect(leaderboardPath({ levelId: "l00-hello-network" })).toBe("/api/leaderboards/l00-hello-network?limit=20");
    expect(leaderboardPath({ levelId: "l00-hello-network", classCode: " 3B ", limit: 5 })).toBe(
      "/api/leaderboards/l00-hello-network?class=3B&limit=5",
    );
  });

  it("fetches and checks the level list", async () => {
    respond(200, [levelSummary()]);
    expect(await fetchLevels()).toEqual([levelSummary()]);
  });

  it("says the server is unreachable in plain words when the request fails", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    const error = await fetchLevels().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe("unreachable");
    expect(userMessageOf(error)).toMatch(/can't reach the game server/);
  });

  it("treats a proxy's 502 like an unreachable server", async () => {
    respond(502, {});
    expect(((await fetchLevels().catch((e: unknown) => e)) as ApiError).kind).toBe("unreachable");
  });

  it("shows the server's own explanation of a bad request", async () => {
    respond(400, { error: "class must be a class code: 3-24 letters, digits, - or _ (case does not matter)." });
    const error = await fetchLeaderboard({ levelId: "l00-hello-network", classCode: "x" }).catch((e: unknown) => e);
    expect(userMessageOf(error)).toMatch(/^class must be a class code/);
  });

  it("rejects a body of the wrong shape", async () => {
    respond(200, { not: "a list" });
    expect(((await fetchLevels().catch((e: unknown) => e)) as ApiError).kind).toBe("malformed");
  });
});
