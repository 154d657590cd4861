/**
 * "Play on from here" rebuilds a stored game by replaying it, synchronously, in the room's
 * create: up to ~0.4 s of one core for a long, busy level (l12), during which no room of this
 * process steps. A class pressing it together after a debrief, or a client creating such rooms
 * in a loop, must not stall everyone's games: rebuilds may use at most `budgetMs` of every
 * `windowMs` of wall time in a process; beyond, the create is refused with a "try again" (the
 * page's own retry is the player pressing the button again a few seconds later).
 */
export class RebuildBudget {
  private readonly spent: { atMs: number; ms: number }[] = [];

  constructor(
    readonly budgetMs: number,
    readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether a rebuild may start now. */
  available(): boolean {
    return this.used() < this.budgetMs;
  }

  /** Runs a rebuild and counts its time against the budget. */
  run<T>(rebuild: () => T): T {
    const startMs = this.now();
    try {
      return rebuild();
    } finally {
      this.spent.push({ atMs: this.now(), ms: this.now() - startMs });
    }
  }

  private used(): number {
    const since = this.now() - this.windowMs;
    while (this.spent.length > 0 && this.spent[0]!.atMs < since) this.spent.shift();
    return this.spent.reduce((sum, s) => sum + s.ms, 0);
  }
}

/** This process's budget: 3 s of rebuilding in any 10 s (a third of one core at most). */
export const PLAY_ON_REBUILDS = new RebuildBudget(3_000, 10_000);
