/**
 * Phases: a level's actions change at scripted moments (l01's outbox unlocks at 1:30). The engine
 * refuses an action before its phase with the moment it opens, legalActions offers it after, and
 * parseLevel checks the phases' order and names.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LEVELS_DIR } from "../../../server/level-files.js";
import { actionsAt, everyAction, phaseAt } from "../../../shared/level/phases.js";
import { parseLevel } from "../../../shared/level/parse-level.js";
import { CATALOG } from "../../../shared/protocols/catalog.js";
import { submitInput } from "../../../shared/sim/inputs.js";
import { legalActions } from "../../../shared/sim/legal-actions.js";
import { advanceTo, createWorld } from "../../../shared/sim/world.js";

const raw = () => JSON.parse(readFileSync(join(LEVELS_DIR, "l00-hello-network.json"), "utf8")) as Record<string, any>;
/** l00 where the sender may confirm to its client only from 0:30, and may no longer send from 1:00. */
function phased() {
  const r = raw();
  r.actions = ["sendNote", "process", "ack"];
  r.phases = [
    { atTick: 300, title: "Confirmations open", text: "From now on you may tell the client OK.", enable: ["confirm"] },
    { atTick: 600, title: "Sending closes", text: "No more new notes.", disable: ["sendNote"] },
  ];
  const parsed = parseLevel(r, CATALOG);
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.value;
}

describe("phases", () => {
  const level = phased();

  it("enable and withdraw actions at their moments", () => {
    expect(actionsAt(level, 0).sort()).toEqual(["ack", "process", "sendNote"]);
    expect(actionsAt(level, 300).sort()).toEqual(["ack", "confirm", "process", "sendNote"]);
    expect(actionsAt(level, 600).sort()).toEqual(["ack", "confirm", "process"]);
    expect(phaseAt(level, 299)).toBeNull();
    expect(phaseAt(level, 650)?.phase.title).toBe("Sending closes");
    expect(everyAction(level).sort()).toEqual(["ack", "confirm", "process", "sendNote"]);
  });

  it("the engine refuses an action before it opens, saying when; legalActions offers it after", () => {
    const world = createWorld(level, CATALOG, 1, { mode: "free" });
    expect(submitInput(world, "N1", "$control", { controller: "human" }).ok).toBe(true);
    advanceTo(world, 100);
    const early = submitInput(world, "N1", "confirm", { seq: 1 });
    expect(early).toEqual({ ok: false, error: { code: "not-enabled", message: "confirm is not available yet: it opens at 0:30.0 (Confirmations open)." } });
    expect(legalActions(world, "N1").some((o) => o.action === "confirm")).toBe(false);
    advanceTo(world, 650);
    expect(submitInput(world, "N1", "sendNote", { seq: 1 })).toMatchObject({ ok: false, error: { code: "not-enabled", message: "sendNote is not part of this level any more." } });
  });

  it("parseLevel refuses phases out of order, past the end, or naming an unknown action", () => {
    const outOfOrder = raw();
    outOfOrder.phases = [
      { atTick: 300, title: "a", text: "a" },
      { atTick: 200, title: "b", text: "b" },
    ];
    expect(parseLevel(outOfOrder, CATALOG)).toMatchObject({ ok: false, error: { path: "phases[1].atTick" } });
    const late = raw();
    late.phases = [{ atTick: 90_000, title: "a", text: "a" }];
    expect(parseLevel(late, CATALOG)).toMatchObject({ ok: false, error: { path: "phases[0].atTick" } });
    const unknown = raw();
    unknown.phases = [{ atTick: 100, title: "a", text: "a", enable: ["teleport"] }];
    expect(parseLevel(unknown, CATALOG)).toEqual({ ok: false, error: { path: "phases[0].enable[0]", reason: "protocol hello has no action teleport" } });
  });
});
