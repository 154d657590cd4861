import { describe, expect, it } from "vitest";
import { faultyLinks, faultyLinkWords, parseNetworkFaults } from "../../../client/view/link-faults.js";

const NODES = ["N1", "N2", "N3"];

describe("faulty links of the god's view", () => {
  it("a partition cuts every link across it both ways, and none inside a group", () => {
    const links = faultyLinks([{ kind: "partition", atTick: 0, groups: [["N1"], ["N2", "N3"]] }], NODES);
    expect(links.map((l) => `${l.a}-${l.b}:${l.look}`)).toEqual(["N1-N2:cut", "N1-N3:cut"]);
    expect(faultyLinkWords(links[0]!)).toBe("N1 ✕ N2: cut both ways");
  });

  it("a one-way cut names the direction that is lost and the one that still works", () => {
    const links = faultyLinks([{ kind: "cut", atTick: 0, from: ["N3"], to: ["N1"] }], NODES);
    expect(links).toEqual([{ a: "N1", b: "N3", look: "one-way", blockedFrom: "N3" }]);
    expect(faultyLinkWords(links[0]!)).toBe("N3 → N1 lost (N1 → N3 still works)");
  });

  it("flaky and slow links, with their loss and delay; node faults draw no link", () => {
    const links = faultyLinks(
      [
        { kind: "flaky", atTick: 0, between: [["N1"], ["N2"]], dropRate: 0.3 },
        { kind: "gray", atTick: 0, between: [["N2"], ["N3"]], delayTicks: 20 },
        { kind: "crash", atTick: 0, node: "N1" },
      ],
      NODES,
    );
    expect(links.map(faultyLinkWords)).toEqual(["N1 ┄ N2: flaky, 30% lost", "N2 ┄ N3: slow, +2.0 s"]);
  });

  it("keeps only well-formed network faults from the wire", () => {
    expect(parseNetworkFaults([{ kind: "partition", atTick: 0, groups: [["N1"]] }, { kind: "cut", from: "N1" }, null, { kind: "crash", node: "N1" }])).toHaveLength(1);
    expect(parseNetworkFaults("nope")).toEqual([]);
  });
});
