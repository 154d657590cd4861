/**
 * Keeps a running game's snapshot in the store, so a server restart loses at most a moment of
 * play (docs/room-protocol.md, "Server restarts"). The room calls `tick` every interval; a
 * change (an action, a join, a pause) is written at most once per game-second, and the game is
 * written anyway every few game-seconds so the stored clock stays close to the real one.
 *
 * Writes never block the tick for long: SQLite answers synchronously in well under a
 * millisecond, PostgreSQL is fire-and-forget. One promise chain per room keeps the writes of a
 * room in order (an old snapshot never overwrites a newer one, nor revives a deleted game).
 */
import type { LiveGame, Store } from "../store/store.js";

/** A change is saved at most this often: 1 game-second. */
export const SAVE_CHANGE_EVERY_TICKS = 10;
/** With no change, the clock is saved this often: 5 game-seconds. */
export const SAVE_IDLE_EVERY_TICKS = 50;

export class LiveGameSaver {
  private writes: Promise<void> = Promise.resolve();
  private changedSinceSave = false;
  /** Room-clock ticks since the last save; counts on while paused so a pause gets saved too. */
  private ticksSinceSave = 0;
  private stopped = false;

  /** Set once a save found the game claimed by another process (see `onLost`). */
  private lost = false;

  /**
   * `owner` is the process running the game: a save writes only while the game is still its
   * own. When another process has claimed it (this one was taken for dead), `onLost` is called
   * once and nothing more is written: the game lives on over there.
   */
  constructor(
    private readonly store: Store,
    private readonly roomId: string,
    private readonly snapshot: () => LiveGame,
    private readonly owner?: string,
    private readonly onLost: () => void = () => undefined,
  ) {}

  /** Something worth keeping happened (an input, a seat change, a pause). */
  changed(): void {
    this.changedSinceSave = true;
  }

  /** One room interval went by, worth `ticks` game ticks. */
  tick(ticks: number): void {
    this.ticksSinceSave += ticks;
    const due = this.changedSinceSave ? SAVE_CHANGE_EVERY_TICKS : SAVE_IDLE_EVERY_TICKS;
    if (this.ticksSinceSave >= due) this.saveNow();
  }

  /** Writes the snapshot now (the game just started, or the server is stopping). */
  saveNow(): void {
    if (this.stopped) return;
    this.changedSinceSave = false;
    this.ticksSinceSave = 0;
    // Taken now, written in turn: the snapshot is of this moment even if the store is slow.
    const game = this.snapshot();
    this.enqueue(async () => {
      if (this.lost) return;
      if (await this.store.saveLiveGame(game, this.owner)) return;
      this.lost = true;
      this.stopped = true;
      this.onLost();
    }, "save");
  }

  /** The game ended or everybody left: forget it, after any write still on its way. */
  discard(): Promise<void> {
    this.stopped = true;
    // A game claimed by another process is that process's to delete.
    this.enqueue(() => (this.lost ? Promise.resolve() : this.store.deleteLiveGame(this.roomId)), "delete");
    return this.writes;
  }

  /** Resolves when every write asked for so far is done (or failed and was logged). */
  flush(): Promise<void> {
    return this.writes;
  }

  /** Stops saving without deleting: the server is shutting down and the last snapshot stays. */
  stop(): void {
    this.stopped = true;
  }

  private enqueue(write: () => Promise<void>, what: string): void {
    this.writes = this.writes.then(write).catch((error: unknown) => {
      // The game goes on; only a restart at this very moment would lose the latest moves.
      console.error(`LevelRoom ${this.roomId}: could not ${what} the live game snapshot:`, error instanceof Error ? error.message : error);
    });
  }
}
