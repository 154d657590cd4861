/**
 * Round 3, "could A have influenced B?". The archivist, who holds every event record, rebuilds
 * happened-before from the reports (program order by event number, plus each receive's named
 * send) and picks pairs from each peer's own history of three sorts:
 *   - received: a send you received, and one of your events after that receive (A before B);
 *   - own: two of your own events (program order);
 *   - concurrent: a send you received, and one of your events before that receive that is
 *     truly concurrent with it, preferring pairs whose stamps suggest an order (the trap:
 *     L(a) < L(b) does not mean a caused b).
 * Every question is thus either decidable from the peer's own view, or concurrent, where the
 * honest answer is "cannot tell from Lamport stamps alone". The grader (checks/lamport-quiz.ts)
 * recomputes the truth from the trace, never from these reports.
 */
import { CausalOrder } from "../../checks/happened-before.js";
import type { Rng } from "../../sim/prng.js";
import type { HistoryEntry, LamportState, QuizAnswer, QuizEvent, QuizQuestion, ReportPayload } from "./state.js";

/** How far (in the peer's own events) from a receive a paired event may be: keeps questions local. */
const NEIGHBOURHOOD = 8;

interface Rebuilt {
  order: CausalOrder;
  index: Map<string, number>;
}

/** Happened-before from event records, added in an order where each send precedes its receive. */
export function rebuildOrder(reports: readonly ReportPayload[], nodeIds: readonly string[]): Rebuilt {
  const lanes = nodeIds.map((id) => reports.filter((r) => r.node === id).sort((x, y) => x.n - y.n));
  const known = new Set(reports.map((r) => r.eventId));
  const order = new CausalOrder(nodeIds.length, reports.length);
  const index = new Map<string, number>();
  const next = lanes.map(() => 0);
  for (let progress = true; progress; ) {
    progress = false;
    lanes.forEach((lane, node) => {
      for (let r = lane[next[node]!]; r; r = lane[next[node]!]) {
        const cause = r.kind === "receive" && r.fromEvent && known.has(r.fromEvent) ? r.fromEvent : null;
        if (cause !== null && !index.has(cause)) break; // wait until its send is in
        index.set(r.eventId, order.add(node, cause === null ? -1 : index.get(cause)!));
        next[node]!++;
        progress = true;
      }
    });
  }
  return { order, index };
}

function describe(r: ReportPayload, asked: string): QuizEvent {
  const who = r.node === asked ? "you" : r.node;
  const what = r.item.kind === "reaction" ? `reaction ${r.item.id} (to ${r.item.parent ?? "?"})` : `rumor ${r.item.id}`;
  const text =
    r.kind === "local"
      ? `${who} posted ${what}`
      : r.kind === "send"
        ? `${who} sent ${what} to ${r.to === asked ? "you" : (r.to ?? "?")}`
        : `${who} received ${what} from ${r.from ?? "?"}`;
  return { eventId: r.eventId, node: r.node, kind: r.kind, stamp: r.stamp, text };
}

type Pair = [ReportPayload, ReportPayload];

function candidates(reports: readonly ReportPayload[], peer: string, rebuilt: Rebuilt) {
  const byId = new Map(reports.map((r) => [r.eventId, r]));
  const own = reports.filter((r) => r.node === peer).sort((x, y) => x.n - y.n);
  const received: Pair[] = [];
  const concurrent: Pair[] = [];
  const trap: Pair[] = [];
  const ownPairs: Pair[] = [];
  own.forEach((r, k) => {
    if (k + 3 < own.length) ownPairs.push([r, own[k + 3]!]);
    const send = r.kind === "receive" && r.fromEvent ? byId.get(r.fromEvent) : undefined;
    if (!send || send.node === peer) return;
    for (let j = Math.max(0, k - NEIGHBOURHOOD); j <= Math.min(own.length - 1, k + NEIGHBOURHOOD); j++) {
      const e = own[j]!;
      if (j > k) received.push([send, e]);
      const x = rebuilt.index.get(send.eventId);
      const y = rebuilt.index.get(e.eventId);
      if (j >= k || x === undefined || y === undefined) continue;
      if (rebuilt.order.relation(x, y) === "concurrent") (send.stamp < e.stamp ? trap : concurrent).push([send, e]);
    }
  });
  return { received, concurrent, trap, ownPairs };
}

/** Pick `count` pairs at random, preferring events not asked about yet, so the questions vary. */
function take(rng: Rng, pool: Pair[], count: number, out: Pair[]): void {
  for (let k = 0; k < count && pool.length > 0; k++) {
    const used = new Set(out.flatMap(([x, y]) => [x.eventId, y.eventId]));
    const fresh = pool.filter(([x, y]) => !used.has(x.eventId) && !used.has(y.eventId));
    const from = fresh.length > 0 ? fresh : pool;
    const pick = from[rng.int(0, from.length - 1)]!;
    pool.splice(pool.indexOf(pick), 1);
    out.push(pick);
  }
}

/** Up to `size` questions for `peer`: half concurrent (traps first), a third received, the rest own. */
export function buildQuiz(reports: readonly ReportPayload[], nodeIds: readonly string[], peer: string, size: number, rng: Rng): QuizQuestion[] {
  const rebuilt = rebuildOrder(reports, nodeIds);
  const c = candidates(reports, peer, rebuilt);
  const picked: Pair[] = [];
  const wantConcurrent = Math.floor(size / 2);
  take(rng, c.trap, wantConcurrent, picked);
  take(rng, c.concurrent, wantConcurrent - picked.length, picked);
  take(rng, c.received, Math.ceil((size - picked.length) * 2 / 3), picked);
  take(rng, c.ownPairs, size - picked.length, picked);
  for (const pool of [c.trap, c.concurrent, c.received]) take(rng, pool, size - picked.length, picked);
  return picked.map(([x, y], k) => {
    const [a, b] = rng.chance(0.5) ? [y, x] : [x, y];
    return { qid: `${peer}-q${k + 1}`, a: describe(a, peer), b: describe(b, peer) };
  });
}

/**
 * The honest answer from a peer's own history, without any vector clock: own events are
 * ordered by program order; a remote send is before your events that follow your receive of
 * it; anything else cannot be decided from Lamport stamps (it may be concurrent).
 */
export function answerFromView(history: readonly HistoryEntry[], q: QuizQuestion): QuizAnswer {
  const pos = (eventId: string) => history.findIndex((h) => h.eventId === eventId);
  const receivedAt = (eventId: string) => history.findIndex((h) => h.kind === "receive" && h.fromEvent === eventId);
  const ia = pos(q.a.eventId);
  const ib = pos(q.b.eventId);
  if (ia !== -1 && ib !== -1) return ia < ib ? "a-before-b" : "b-before-a";
  if (ia !== -1) {
    const r = receivedAt(q.b.eventId);
    return r !== -1 && r <= ia ? "b-before-a" : "cannot-tell";
  }
  if (ib !== -1) {
    const r = receivedAt(q.a.eventId);
    return r !== -1 && r <= ib ? "a-before-b" : "cannot-tell";
  }
  return "cannot-tell";
}

export function unansweredQuestions(state: LamportState): QuizQuestion[] {
  return state.quiz.filter((q) => !state.answered.some((a) => a.qid === q.qid));
}
