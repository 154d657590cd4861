// @vitest-environment jsdom
// The held room (reconnection token) survives a reload (sessionStorage) and a closed tab
// reopened (localStorage); a stale one is ignored; a tab clears only its own token.
import { beforeEach, describe, expect, it } from "vitest";
import { clearHeldRoom, readHeldRoom, saveHeldRoom } from "../../../client/net/session-store.js";

const held = (token: string, savedAtMs: number) => ({ token, levelId: "l00-hello-network", savedAtMs, roomId: "ROOM42", resume: "secret" });

describe("held room", () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });

  it("is found by a new tab (empty sessionStorage) through localStorage", () => {
    saveHeldRoom(held("r:a", 1_000));
    sessionStorage.clear();
    expect(readHeldRoom(30_000, 5_000)).toEqual(held("r:a", 1_000));
  });

  it("is ignored once older than the hold", () => {
    saveHeldRoom(held("r:a", 1_000));
    expect(readHeldRoom(30_000, 31_001)).toBeNull();
  });

  it("prefers this tab's own copy over another tab's", () => {
    saveHeldRoom(held("r:mine", 1_000));
    localStorage.setItem("split-brain:reconnect", JSON.stringify(held("r:other", 2_000)));
    expect(readHeldRoom(30_000, 3_000)?.token).toBe("r:mine");
  });

  it("clears only the given token, leaving another tab's newer one", () => {
    saveHeldRoom(held("r:mine", 1_000));
    localStorage.setItem("split-brain:reconnect", JSON.stringify(held("r:other", 2_000)));
    clearHeldRoom("r:mine");
    expect(sessionStorage.getItem("split-brain:reconnect")).toBeNull();
    expect(readHeldRoom(30_000, 3_000)?.token).toBe("r:other");
  });
});
