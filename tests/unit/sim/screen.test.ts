/** The screen contract (shared/sim/screen.ts): its helpers, and every shipped level's nodes drawn from their first state. */
import { describe, expect, it } from "vitest";
import { loadLevels } from "../../../server/level-files.js";
import { CATALOG } from "../../../shared/protocols/catalog.js";
import { catalogProtocol } from "../../../shared/sim/catalog.js";
import { streamRng } from "../../../shared/sim/prng.js";
import type { NodeContext } from "../../../shared/sim/protocol.js";
import { LOG_ROWS_MAX, newestRows, nodeScreen, sentState, stateFields } from "../../../shared/sim/screen.js";
import { screenOf } from "../../support/screen-view.js";

const ctx: NodeContext = { self: "A", role: "x", nodes: [{ id: "A", role: "x" }], wallTicks: 0, uptimeTicks: 0, lastHeardUptimeTicks: [0], rng: streamRng(1, "A", {}), options: {} };

describe("screen helpers", () => {
  it("a protocol without a screen shows every field, those on disk first, and nothing else", () => {
    const view = nodeScreen(undefined, ["b"], { a: 1, b: [2, 3], c: null }, ctx);
    expect(view).toEqual({
      chips: [],
      highlights: [],
      fields: [
        {
          title: "State",
          fields: [
            { label: "B", value: "2, 3", durable: true },
            { label: "A", value: "1", durable: false },
            { label: "C", value: "—", durable: false },
          ],
        },
      ],
      log: null,
    });
  });

  it("keeps the newest log rows, numbered from 1, and counts the earlier ones", () => {
    const log = Array.from({ length: LOG_ROWS_MAX + 2 }, (_, i) => `e${i + 1}`);
    const { rows, earlier } = newestRows(log, (text, index) => ({ index, tag: "", text, committed: false }));
    expect(earlier).toBe(2);
    expect(rows[0]).toMatchObject({ index: 3, text: "e3" });
    expect(rows.at(-1)).toMatchObject({ index: LOG_ROWS_MAX + 2, text: `e${LOG_ROWS_MAX + 2}` });
  });

  it("names fields in words and skips the ones the state lacks; sentState drops the unsent", () => {
    expect(stateFields({ votedFor: "N2", commitIndex: 3 }, ["commitIndex", "votedFor", "missing"], ["votedFor"])).toEqual([
      { label: "Commit index", value: "3", durable: false },
      { label: "Voted for", value: "N2", durable: true },
    ]);
    expect(sentState({ a: 1, cards: [] }, ["cards"])).toEqual({ a: 1 });
  });
});

describe("every shipped level's nodes", () => {
  it("have a screen, drawn from their first state as the client receives it; crashed, their disk plainly", () => {
    for (const level of loadLevels()) {
      const protocol = catalogProtocol(CATALOG, level.protocol)!;
      expect(protocol.screen, level.protocol).toBeDefined();
      for (const node of level.nodes) {
        const c: NodeContext = { ...ctx, self: node.id, role: node.role, nodes: level.nodes.map((n) => ({ id: n.id, role: n.role })), options: level.protocolOptions };
        const view = screenOf(protocol, protocol.init(c), c);
        expect(view.chips.length, `${level.id} ${node.id}`).toBeGreaterThan(0);
        expect(view.fields.length, `${level.id} ${node.id}`).toBeGreaterThan(0);
        // Crashed: only the disk is left (as node-runtime's crash keeps it), shown plainly.
        const disk = Object.fromEntries(protocol.durableFields.filter((f) => f in protocol.init(c)).map((f) => [f, (protocol.init(c) as Record<string, unknown>)[f]]));
        const down = screenOf(protocol, disk, c, true);
        expect(down.fields.flatMap((g) => g.fields).every((f) => f.durable), `${level.id} ${node.id}`).toBe(true);
        expect(down.chips).toEqual([]);
      }
    }
  });
});
