/** R8: every shipment reassembled at the far site by its deadline; the fragments lost are reported. */
import type { GoalCheck } from "../../../sim/check.js";
import { seconds } from "../../../sim/screen-text.js";
import { fail, notesIn, pass, requestsIn } from "./window.js";

export const deliveredByDeadline: GoalCheck = {
  id: "fallacy-gauntlet/delivered-by-deadline",
  title: "R8: every payload delivered by its deadline",
  evaluate(run) {
    const received = new Map(notesIn(run, "homogeneous", "received").map((n) => [n.data.shipment, n]));
    const lost = notesIn(run, "homogeneous", "mtu-drop").length;
    const shipments = requestsIn(run, "homogeneous", "ship");
    if (shipments.length === 0) return fail("no shipments in round 8");
    for (const { request } of shipments) {
      const got = received.get(request.requestId);
      if (!got) return fail(`${request.requestId} never arrived; ${lost} fragments were dropped on the way`, [request.i]);
      if (got.tick > request.deadlineTick) return fail(`${request.requestId} arrived after ${seconds(got.tick - request.tick)}, past its deadline`, [request.i, got.i]);
    }
    return pass(`${shipments.length} shipments, each on time; ${lost} fragments lost`);
  },
};
