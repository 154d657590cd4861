/**
 * A binary min-heap ordered by (tick, seq). seq is a global insertion counter, so two events at
 * the same tick always come out in the order they were scheduled: a stable, total order.
 */
export interface Scheduled {
  tick: number;
  seq: number;
}

export class EventQueue<T extends Scheduled> {
  private heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  push(item: T): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  /** Every queued item, in no particular order (for views and hashing). */
  items(): readonly T[] {
    return this.heap;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.tick < b.tick || (a.tick === b.tick && a.seq < b.seq);
}
