/**
 * Converged: after the heal and a quiet window (no more cart writes), the replicas' carts hold
 * the same adds. Judged on the final states; the cart is not written after its round.
 */
import { checkParams, paramsOf, paramNodes } from "../../../checks/check-params.js";
import type { GoalCheck } from "../../../sim/check.js";
import { visibleCart } from "../data.js";
import type { ReplicaState } from "../state.js";

const PARAMS = checkParams({ nodes: paramNodes("The replicas compared (default: every node).") });

export const converged: GoalCheck = {
  id: "two-replicas/converged",
  title: "The carts converged after the heal",
  params: PARAMS,
  evaluate(run, params) {
    const nodes = paramsOf(PARAMS, params).nodes ?? run.level.nodes.map((n) => n.id);
    const carts = nodes.map((id) => {
      const s = run.finalStates[id] as ReplicaState | undefined;
      return s ? visibleCart(s).map((e) => e.tag).sort() : [];
    });
    const first = carts[0] ?? [];
    const differs = carts.findIndex((c) => c.length !== first.length || c.some((t, i) => t !== first[i]));
    if (differs === -1) return { met: true, detail: `${nodes.join(" and ")} hold the same ${first.length} cart adds` };
    const [a, b] = [new Set(first), new Set(carts[differs]!)];
    const onlyA = [...a].filter((t) => !b.has(t)).length;
    const onlyB = [...b].filter((t) => !a.has(t)).length;
    return { met: false, detail: `${nodes[0]} has ${onlyA} adds ${nodes[differs]} lacks, and ${nodes[differs]} has ${onlyB} that ${nodes[0]} lacks` };
  },
};
