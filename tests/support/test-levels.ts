/** Small levels built in code for engine tests: the heartbeat protocol on N nodes. */
import type { Level } from "../../shared/level/level.js";
import { levelErrorText } from "../../shared/level/level.js";
import { parseLevel } from "../../shared/level/parse-level.js";
import { TEST_CATALOG } from "./test-catalog.js";

export function rawHeartbeatLevel(nodeCount: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({ id: `N${i + 1}`, role: "peer", bot: "correct" }));
  return {
    format: 1,
    id: "l99-engine-test",
    version: 1,
    chapter: 0,
    title: "Engine test",
    lesson: "Engines must be boring.",
    briefing: ["Heartbeats between every pair of nodes."],
    protocol: "heartbeat",
    protocolOptions: { intervalTicks: 10, suspectAfterTicks: 50 },
    nodes,
    seats: { nodes: [nodes[0]!.id], min: 0, max: 1 },
    durationTicks: 600,
    network: { delayTicksBase: 3, jitterTicks: 9, dropRate: 0.05, duplicateRate: 0.02 },
    scoring: { perServed: 1, perError: 1, perLateTick: 0, messageBaseline: 0, perExtraMessage: 0, perViolation: 100 },
    stars: [{ goals: [] }, { goals: [] }, { goals: [] }],
    ...extra,
  };
}

export function heartbeatLevel(nodeCount: number, extra: Record<string, unknown> = {}): Level {
  const parsed = parseLevel(rawHeartbeatLevel(nodeCount, extra), TEST_CATALOG);
  if (!parsed.ok) throw new Error(levelErrorText(parsed.error));
  return parsed.value;
}
