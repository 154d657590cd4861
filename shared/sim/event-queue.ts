/**
 * A binary min-heap ordered by (tick, seq). seq is a global insertion counter, so two events at
 * the same tick always come out in the order they were scheduled: a stable, total order.
 *
 * The keys live in their own arrays beside the items: the queue holds items of many shapes
 * (deliveries, timers, faults...), and comparing fields read from objects of many shapes is a
 * megamorphic property load on every step of every sift. Arrays of small integers stay fast.
 */
export interface Scheduled {
  tick: number;
  seq: number;
}

export class EventQueue<T extends Scheduled> {
  private readonly ticks: number[] = [];
  private readonly seqs: number[] = [];
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  /** The tick of the next item, or Infinity when empty (saves a property load per event). */
  peekTick(): number {
    return this.heap.length > 0 ? this.ticks[0]! : Infinity;
  }

  push(item: T): void {
    const { ticks, seqs, heap } = this;
    const tick = item.tick;
    const seq = item.seq;
    let i = heap.length;
    heap.push(item);
    ticks.push(tick);
    seqs.push(seq);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = ticks[parent]!;
      if (pt < tick || (pt === tick && seqs[parent]! < seq)) break;
      heap[i] = heap[parent]!;
      ticks[i] = pt;
      seqs[i] = seqs[parent]!;
      i = parent;
    }
    heap[i] = item;
    ticks[i] = tick;
    seqs[i] = seq;
  }

  pop(): T | undefined {
    const { ticks, seqs, heap } = this;
    const top = heap[0];
    const last = heap.pop();
    const lastTick = ticks.pop()!;
    const lastSeq = seqs.pop()!;
    const n = heap.length;
    if (n > 0 && last !== undefined) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        let child = left;
        if (right < n) {
          const rt = ticks[right]!;
          const lt = ticks[left]!;
          if (rt < lt || (rt === lt && seqs[right]! < seqs[left]!)) child = right;
        }
        const ct = ticks[child]!;
        if (ct > lastTick || (ct === lastTick && seqs[child]! > lastSeq)) break;
        heap[i] = heap[child]!;
        ticks[i] = ct;
        seqs[i] = seqs[child]!;
        i = child;
      }
      heap[i] = last;
      ticks[i] = lastTick;
      seqs[i] = lastSeq;
    }
    return top;
  }

  /** Every queued item, in no particular order (for views and hashing). */
  items(): readonly T[] {
    return this.heap;
  }
}
