/**
 * `npm run sim`: run a level headless and print the verdict, the game hash and the stats.
 * Bots play every seat unless --inputs gives a human's actions; --seat swaps in a named policy
 * (recorded as a control input at tick 0, so the run is itself a replayable input log).
 */
import { existsSync, readFileSync } from "node:fs";
import { computeVerdict } from "../../shared/checks/verdict.js";
import { seedFrom } from "../../shared/sim/prng.js";
import { replay } from "../../shared/sim/replay.js";
import type { InputRecord } from "../../shared/sim/world-types.js";
import { loadLevels, withVariants } from "../level-files.js";
import { parseSimArgs, SIM_USAGE } from "./sim-args.js";
import { formatReport, simJson } from "./sim-report.js";
import { CATALOG } from "../../shared/protocols/catalog.js";

function fail(message: string): never {
  process.stderr.write(`sim: ${message}\n${SIM_USAGE}\n`);
  process.exit(2);
}

function readInputs(path: string): InputRecord[] {
  if (!existsSync(path)) fail(`no inputs file at ${path}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    fail(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(list)) fail(`${path} must hold a list of inputs or { "inputs": [...] }`);
  return list.map((item, i) => {
    const r = item as Partial<InputRecord> | null;
    if (!r || typeof r.tick !== "number" || !Number.isInteger(r.tick) || r.tick < 0 || typeof r.node !== "string" || typeof r.action !== "string") {
      fail(`${path}: input ${i} needs a whole-number tick, a node and an action`);
    }
    return { tick: r.tick, node: r.node, action: r.action, params: r.params ?? {} };
  });
}

function main(): void {
  const parsed = parseSimArgs(process.argv.slice(2));
  if (!parsed.ok) fail(parsed.error);
  const args = parsed.value;
  let levels;
  try {
    levels = withVariants(loadLevels());
  } catch (e) {
    fail((e as Error).message);
  }
  const level = levels.find((l) => l.id === args.level);
  if (!level) fail(`no level ${args.level}; levels: ${levels.map((l) => l.id).join(", ")}`);
  const seatInputs: InputRecord[] = args.seats.map((s) => {
    if (!level.nodes.some((n) => n.id === s.node)) fail(`level ${level.id} has no node ${s.node}`);
    return { tick: 0, node: s.node, action: "$control", params: { controller: "bot", policy: s.policy } };
  });
  const inputs = [...seatInputs, ...(args.inputsFile ? readInputs(args.inputsFile) : [])].sort((a, b) => a.tick - b.tick);
  const seed = seedFrom(/^\d+$/.test(args.seed) ? Number(args.seed) : args.seed);
  const { world, hash } = replay(level, CATALOG, seed, inputs, args.mode);
  const refused = world.trace.filter((e) => e.kind === "action" && !e.ok && e.action === "$control");
  if (refused.length > 0 && refused[0]!.kind === "action") fail(`--seat refused: ${refused[0]!.error ?? "unknown reason"}`);
  const verdict = computeVerdict(world);
  const out = args.json ? JSON.stringify(simJson(world, seed, hash, verdict)) : formatReport(world, seed, hash, verdict);
  process.stdout.write(out + "\n");
}

main();
