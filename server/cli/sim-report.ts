/** How `npm run sim` prints a run: one JSON object, or a short report for people. */
import type { Verdict } from "../../shared/checks/verdict.js";
import type { World } from "../../shared/sim/world-types.js";

export function simJson(world: World, seed: number, hash: string, verdict: Verdict) {
  return {
    level: world.level.id,
    version: world.level.version,
    seed,
    mode: world.mode,
    hash,
    verdict: {
      passed: verdict.passed,
      stars: verdict.stars,
      score: verdict.score,
      violations: verdict.violations,
      goals: verdict.goals.map((g) => ({ id: g.id, title: g.title, met: g.met, detail: g.detail })),
      metrics: verdict.metrics,
    },
    stats: { ticks: world.tick, traceEvents: world.trace.length, ...world.stats },
  };
}

export function formatReport(world: World, seed: number, hash: string, verdict: Verdict): string {
  const lines = [
    `${world.level.id} v${world.level.version}  seed ${seed}  ${world.mode} mode`,
    `hash ${hash}`,
    `${verdict.passed ? "PASSED" : "FAILED"}  ${"★".repeat(verdict.stars)}${"☆".repeat(3 - verdict.stars)}  score ${verdict.score}`,
  ];
  for (const v of verdict.violations) lines.push(`  INCIDENT ${v.check} at tick ${v.tick}: ${v.message} (evidence: events ${v.evidence.join(", ")})`);
  for (const g of verdict.goals) lines.push(`  ${g.met ? "✓" : "✗"} ${g.title}: ${g.detail}`);
  const s = world.stats;
  lines.push(`events ${s.events}, trace ${world.trace.length}, messages sent ${s.sent}, delivered ${s.delivered}, dropped ${s.dropped}, duplicated ${s.duplicated}`);
  return lines.join("\n");
}
