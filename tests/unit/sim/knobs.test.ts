/**
 * Knobs (shared/sim/knobs.ts): a level gives the player values to set within limits; parseLevel
 * refuses knobs its protocol does not read and limits that do not hold; a $knob input changes
 * what the protocol reads on that node only, is refused outside its limits with the limits in
 * words, and replays. l00's sender reads its retry timeout from it.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadLevels } from "../../../server/level-files.js";
import { parseLevel } from "../../../shared/level/parse-level.js";
import { submitInput } from "../../../shared/sim/inputs.js";
import { replay } from "../../../shared/sim/replay.js";
import { gameHash } from "../../../shared/sim/state-hash.js";
import { advanceTo, createWorld } from "../../../shared/sim/world.js";
import { nodeView } from "../../../shared/view/node-view.js";
import { TEST_CATALOG } from "../../support/test-catalog.js";

const l00 = loadLevels().find((l) => l.id === "l00-hello-network")!;
const raw = JSON.parse(readFileSync(join(import.meta.dirname, "../../../levels/l00-hello-network.json"), "utf8")) as Record<string, unknown>;
const withKnobs = (knobs: unknown[]) => parseLevel({ ...raw, knobs }, TEST_CATALOG);
const knob = { id: "retryTicks", label: "Retry after", text: "t", min: 5, max: 100, step: 5, default: 25, unit: "ticks" };
const human = { tick: 0, node: "N1", action: "$control", params: { controller: "human", autopilot: ["auto-retry", "auto-ack"] } };

describe("knobs in level files", () => {
  it("l00 gives the sender its retry timeout", () => {
    expect(l00.knobs).toEqual([expect.objectContaining({ id: "retryTicks", min: 5, max: 100, step: 5, default: 25, unit: "ticks", roles: ["sender"] })]);
  });

  it("refuses a knob the protocol does not read, twice the same, limits that do not hold, a role without a seat", () => {
    expect(withKnobs([{ ...knob, id: "retryTicsk" }])).toMatchObject({ ok: false, error: { path: "knobs[0].id", reason: expect.stringMatching(/reads no knob retryTicsk \(it reads retryTicks\)/) } });
    expect(withKnobs([knob, knob])).toMatchObject({ ok: false, error: { path: "knobs[1].id" } });
    expect(withKnobs([{ ...knob, default: 200 }])).toMatchObject({ ok: false, error: { path: "knobs[0].default" } });
    expect(withKnobs([{ ...knob, default: 27 }])).toMatchObject({ ok: false, error: { path: "knobs[0].default", reason: expect.stringMatching(/steps of 5/) } });
    expect(withKnobs([{ ...knob, min: 50, max: 10, default: 50 }])).toMatchObject({ ok: false, error: { path: "knobs[0].max" } });
    expect(withKnobs([{ ...knob, roles: ["ledger"] }])).toMatchObject({ ok: false, error: { path: "knobs[0].roles[0]" } });
    expect(withKnobs([{ ...knob, extra: 1 }])).toMatchObject({ ok: false });
  });
});

describe("setting a knob", () => {
  it("changes what the sender's protocol reads, on that node only, and replays to the same hash", () => {
    const world = createWorld(l00, TEST_CATALOG, 3);
    expect(submitInput(world, "N1", "$control", human.params).ok).toBe(true);
    advanceTo(world, 50);
    expect(nodeView(world, "N1").knobs).toEqual({ retryTicks: 25 });
    expect(submitInput(world, "N1", "$knob", { knob: "retryTicks", value: 80 })).toEqual({ ok: true, value: undefined });
    expect(nodeView(world, "N1").knobs).toEqual({ retryTicks: 80 });
    expect(nodeView(world, "N2").knobs).toEqual({ retryTicks: 25 });
    advanceTo(world, l00.durationTicks);
    expect(gameHash(replay(l00, TEST_CATALOG, 3, world.inputs).world)).toBe(gameHash(world));
  });

  it("refuses values outside the limits or off the step, with the limits in seconds, and a receiver's or a bot's setting", () => {
    const world = createWorld(l00, TEST_CATALOG, 3);
    submitInput(world, "N1", "$control", human.params);
    submitInput(world, "N2", "$control", human.params);
    const refused = (node: string, params: unknown) => {
      const r = submitInput(world, node, "$knob", params);
      return r.ok ? "" : r.error.message;
    };
    expect(refused("N1", { knob: "retryTicks", value: 200 })).toBe("Retry after must be 0.5 s to 10 s in steps of 0.5 s (got 20 s).");
    expect(refused("N1", { knob: "retryTicks", value: 27 })).toMatch(/steps of 0.5 s/);
    expect(refused("N1", { knob: "retryTicks", value: "80" })).toMatch(/Send \{ knob: string, value: number \}/);
    expect(refused("N1", { knob: "nope", value: 10 })).toMatch(/no knob nope \(it has retryTicks\)/);
    expect(refused("N2", { knob: "retryTicks", value: 10 })).toBe("A receiver cannot set Retry after.");
    submitInput(world, "N1", "$control", { controller: "bot", policy: "correct" });
    expect(refused("N1", { knob: "retryTicks", value: 10 })).toMatch(/played by a bot/);
  });

  it("a shorter timeout resends more on the same seed (the trade-off is real)", () => {
    const sends = (value: number) => {
      // Set by a human, then played by the correct bot, which reads the same knob.
      const inputs = [human, { tick: 0, node: "N1", action: "$knob", params: { knob: "retryTicks", value } }, { tick: 0, node: "N1", action: "$control", params: { controller: "bot", policy: "correct" } }];
      return replay(l00, TEST_CATALOG, 5, inputs).world.trace.filter((e) => e.kind === "send" && e.node === "N1").length;
    };
    expect(sends(5)).toBeGreaterThan(sends(10));
    expect(sends(10)).toBeGreaterThan(sends(25));
  });
});
