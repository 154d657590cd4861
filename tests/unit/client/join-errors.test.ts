// What a player reads when a join or create is refused: the server's own words where it has them,
// and never "we can't reach the server" for a server that answered.
import { describe, expect, it } from "vitest";
import { joinErrorOf } from "../../../client/net/room-client.js";

describe("joinErrorOf", () => {
  it("says a matchmaking limit is a limit, with the server's wait, not that the server is down", () => {
    const limited = joinErrorOf({ code: 429, message: "Too many games joined or created from your address: try again in 12 s." });
    expect(limited.userMessage).toBe("Too many games joined or created from your address: try again in 12 s.");
    expect(joinErrorOf({ code: 429 }).userMessage).toMatch(/^Too many games joined or created from your network/);
  });
  it("keeps the unreachable words for what is unreachable", () => {
    expect(joinErrorOf(new Error("socket hang up")).userMessage).toMatch(/can't reach the game server/);
  });
});
