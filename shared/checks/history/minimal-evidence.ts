/**
 * The smallest set of operations that still cannot be ordered: what a player is shown. A
 * 200-operation history that fails usually fails because of two or three of them.
 *
 * Delta debugging (Zeller's ddmin, removal half only): drop a chunk of operations, keep the
 * drop when what is left still fails, halve the chunk size, and finish with single operations
 * until none can go. The result is 1-minimal: removing any one operation makes it orderable.
 * (Linearizability is not monotone under removal, since dropping a write can orphan a read,
 * so every removal is re-checked rather than assumed.) Later operations are tried first, so the
 * evidence leans towards the earliest trouble, the moment a debrief should point at.
 *
 * A removal can leave a read without the write it read from, and a set that "fails" only because
 * its write was taken away proves nothing about the real history. So every candidate goes
 * through `close`, which drops what the removal orphaned (for a register: the reads of a value
 * no remaining write wrote); see readSourcesClosed in linearizability.ts for why that suffices.
 *
 * Bounded: the sub-searches share `stepsMax`; when it runs out the set found so far is returned
 * with minimal = false (still a true violation, only perhaps not the smallest).
 */
import type { Operation } from "./operation.js";
import { searchLinearization } from "./linearization-search.js";
import type { SequentialModel } from "./sequential-model.js";

export interface MinimalEvidence {
  ops: readonly Operation[];
  /** No single operation can be removed (false when the step budget ran out first). */
  minimal: boolean;
  steps: number;
}

/** `ops` must already be known not to be linearizable under `model`. */
export function minimalEvidence<S>(
  ops: readonly Operation[],
  model: SequentialModel<S>,
  stepsMax: number,
  close: (candidate: readonly Operation[]) => readonly Operation[] = (candidate) => candidate,
): MinimalEvidence {
  let current = ops;
  let steps = 0;
  let exhausted = false;
  const stillFails = (candidate: readonly Operation[]): boolean => {
    const outcome = searchLinearization(candidate, model, stepsMax - steps);
    steps += outcome.steps;
    if (outcome.verdict === "unknown") exhausted = true;
    return outcome.verdict === "violation";
  };
  let chunk = current.length >> 1;
  while (chunk >= 1 && !exhausted) {
    let removed = false;
    for (let start = current.length - chunk; start > -chunk && !exhausted; start -= chunk) {
      const from = Math.max(0, start);
      const candidate = close([...current.slice(0, from), ...current.slice(start + chunk)]);
      if (candidate.length > 0 && candidate.length < current.length && stillFails(candidate)) {
        current = candidate;
        removed = true;
      }
    }
    // Single removals repeat until none works: a later removal can free an earlier one.
    if (chunk > 1) chunk >>= 1;
    else if (!removed) break;
  }
  return { ops: current, minimal: !exhausted, steps };
}
