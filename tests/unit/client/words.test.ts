import { describe, expect, it } from "vitest";
import { formatDuration, humanize } from "../../../client/ui/words.js";
import { levelCode } from "../../../client/ui/home-panel.js";

describe("words", () => {
  it("turns action identifiers into words", () => {
    expect(humanize("startElection")).toBe("Start election");
    expect(humanize("auto-retry")).toBe("Auto retry");
    expect(humanize("ack")).toBe("Ack");
    expect(humanize("majority_kv")).toBe("Majority kv");
  });

  it("formats ticks (100 ms each) as game time", () => {
    expect(formatDuration(450)).toBe("45 s");
    expect(formatDuration(900)).toBe("1:30");
    expect(formatDuration(3005)).toBe("5:01");
  });

  it("shortens level ids to their spoken code", () => {
    expect(levelCode("l08-reach-consensus")).toBe("L08");
    expect(levelCode("odd")).toBe("odd");
  });
});
