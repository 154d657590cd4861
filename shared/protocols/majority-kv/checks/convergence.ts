/**
 * Convergence: withinTicks after healing, every peer's seat map is the same (mirrored from the
 * trace's "log" notes at that moment, and checked again on the final states).
 */
import type { GoalCheck } from "../../../sim/check.js";
import { nodesWithRole, ReplicaMirror } from "./replicas.js";
import { checkParams, paramsOf, paramTicks } from "../../../checks/check-params.js";

const PARAMS = checkParams({
  healTick: paramTicks(0, "When the network heals."),
  withinTicks: paramTicks(200, "How soon after healing every replica must hold the same seat map."),
});

export const convergence: GoalCheck = {
  id: "majority-kv/convergence",
  title: "All replicas equal after healing",
  params: PARAMS,
  evaluate(run, params) {
    const { healTick, withinTicks } = paramsOf(PARAMS, params);
    const atTick = healTick + withinTicks;
    if (run.endTick < atTick) return { met: false, detail: `the game ended at tick ${run.endTick}, before tick ${atTick}` };
    const peers = nodesWithRole(run.level, "peer");
    const mirror = new ReplicaMirror();
    for (const e of run.trace) {
      if (e.tick > atTick) break;
      mirror.observe(e);
    }
    const reference = mirror.log(peers[0]!).join(",");
    for (const peer of peers.slice(1)) {
      if (mirror.log(peer).join(",") === reference) continue;
      const evidence = [mirror.lastNote.get(peers[0]!), mirror.lastNote.get(peer)].filter((i): i is number => i !== undefined);
      return { met: false, detail: `at tick ${atTick} ${peer}'s seat map (${mirror.log(peer).length} seats) differs from ${peers[0]}'s (${mirror.log(peers[0]!).length})`, evidence };
    }
    return { met: true, detail: `at tick ${atTick} all ${peers.length} replicas hold the same ${mirror.log(peers[0]!).length} sales` };
  },
};
