/**
 * The event queue: items come out in (tick, seq) order. seq is a global insertion counter, so
 * two events at the same tick always come out in the order they were scheduled: a stable, total
 * order.
 *
 * A calendar (bucket) queue rather than a binary heap of events: ticks are integers and most
 * events land a few ticks ahead, so the items of one tick wait in one bucket, and a small binary
 * heap orders only the distinct ticks that have a bucket (a dozen or so, against hundreds of
 * events in flight). seq only grows, so items reach their bucket already in seq order: a push
 * is an append and a pop takes the bucket's head. Sifting a heap of every event was a fifth of
 * the engine's time (tests/bench/engine.bench.ts). An item pushed with a seq lower than its
 * bucket's last (not something the world does) is still put in its place.
 */
export interface Scheduled {
  tick: number;
  seq: number;
}

interface Bucket<T> {
  readonly items: T[];
  /** Index of the next item to pop; the bucket is dropped when it reaches items.length. */
  head: number;
}

export class EventQueue<T extends Scheduled> {
  private readonly buckets = new Map<number, Bucket<T>>();
  /** Min-heap of the ticks that have a bucket. */
  private readonly ticks: number[] = [];
  /** The bucket of ticks[0], kept at hand: pops take from it again and again. */
  private first: Bucket<T> | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  peek(): T | undefined {
    const bucket = this.firstBucket();
    return bucket ? bucket.items[bucket.head] : undefined;
  }

  /** The tick of the next item, or Infinity when empty. */
  peekTick(): number {
    return this.count > 0 ? this.ticks[0]! : Infinity;
  }

  push(item: T): void {
    const tick = item.tick;
    this.count++;
    const bucket = this.ticks.length > 0 && tick === this.ticks[0] ? this.firstBucket() : this.buckets.get(tick);
    if (!bucket) {
      this.buckets.set(tick, { items: [item], head: 0 });
      this.pushTick(tick);
      return;
    }
    const items = bucket.items;
    if (items[items.length - 1]!.seq < item.seq) {
      items.push(item);
      return;
    }
    // Out of seq order: insert among the items not yet popped.
    let at = items.length;
    while (at > bucket.head && items[at - 1]!.seq > item.seq) at--;
    items.splice(at, 0, item);
  }

  pop(): T | undefined {
    const bucket = this.firstBucket();
    if (!bucket) return undefined;
    const item = bucket.items[bucket.head++]!;
    this.count--;
    if (bucket.head === bucket.items.length) {
      this.buckets.delete(this.ticks[0]!);
      this.popTick();
    }
    return item;
  }

  /** Every queued item, in no particular order (for views and hashing). */
  items(): readonly T[] {
    const out: T[] = [];
    for (const bucket of this.buckets.values()) {
      for (let i = bucket.head; i < bucket.items.length; i++) out.push(bucket.items[i]!);
    }
    return out;
  }

  private firstBucket(): Bucket<T> | null {
    if (this.first === null && this.ticks.length > 0) this.first = this.buckets.get(this.ticks[0]!)!;
    return this.first;
  }

  private pushTick(tick: number): void {
    const ticks = this.ticks;
    let i = ticks.length;
    ticks.push(tick);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (ticks[parent]! <= tick) break;
      ticks[i] = ticks[parent]!;
      i = parent;
    }
    ticks[i] = tick;
    if (i === 0) this.first = null;
  }

  private popTick(): void {
    const ticks = this.ticks;
    this.first = null;
    const last = ticks.pop()!;
    const n = ticks.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && ticks[right]! < ticks[left]! ? right : left;
      if (ticks[child]! >= last) break;
      ticks[i] = ticks[child]!;
      i = child;
    }
    ticks[i] = last;
  }
}
