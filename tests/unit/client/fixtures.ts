// A level summary as GET /api/levels sends it, for client unit tests.
import type { LevelSummary } from "../../../client/net/api-types.js";

export function levelSummary(overrides: Partial<LevelSummary> = {}): LevelSummary {
  return {
    id: "l00-hello-network",
    version: 1,
    chapter: 1,
    title: "Hello, Network",
    lesson: "A send is not a delivery.",
    protocol: "hello",
    seats: { nodes: ["N1", "N2"], min: 1, max: 2 },
    nodes: [
      { id: "N1", role: "sender", label: "sender" },
      { id: "N2", role: "receiver" },
    ],
    durationTicks: 900,
    actions: ["sendNote", "ack"],
    autopilot: ["ack"],
    briefing: ["Two nodes, one unreliable cable."],
    protocolOptions: {},
    phases: [],
    knobs: [],
    ...overrides,
  };
}
