/** R2: every page answered by its deadline, with every critical part. */
import type { GoalCheck } from "../../../sim/check.js";
import { seconds } from "../../../sim/screen-text.js";
import { CRITICAL_PARTS } from "../r2-latency.js";
import { fail, pass, requestsIn } from "./window.js";

export const pageDeadline: GoalCheck = {
  id: "fallacy-gauntlet/page-deadline",
  title: "R2: every page by its deadline, with every critical part",
  evaluate(run) {
    const pages = requestsIn(run, "latency", "page");
    for (const { request, response } of pages) {
      if (!response || response.tick > request.deadlineTick) {
        const when = response ? `after ${seconds(response.tick - request.tick)}` : "never";
        return fail(`${request.requestId} was delivered ${when}; it was due in ${seconds(request.deadlineTick - request.tick)}`, response ? [request.i, response.i] : [request.i]);
      }
      const parts = ((response.result as { parts?: unknown } | null)?.parts ?? []) as unknown[];
      const missing = CRITICAL_PARTS.filter((p) => !parts.includes(p));
      if (missing.length > 0) return fail(`${request.requestId} lacked critical parts: ${missing.join(", ")}`, [request.i, response.i]);
    }
    if (pages.length === 0) return fail("no pages were requested in round 2");
    return pass(`${pages.length} pages, each on time with every critical part`);
  },
};
