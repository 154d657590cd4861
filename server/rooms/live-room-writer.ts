/**
 * Keeps a room that is not a game (a workshop, a room of parallel seats) in the store's
 * live_rooms, so that after a restart or a `kill -9` it is made again under its code. Writes
 * happen when the state changed, one after another, as this process's. A write the store
 * refuses means another process claimed the room (this one was taken for dead): `claimed` is
 * set and `onClaimed` closes this copy, whose pages then find the room over there.
 */
import type { Store } from "../store/store.js";

export class LiveRoomWriter {
  /** Another process has this room now: this copy writes nothing and gives nothing back. */
  claimed = false;
  private stopped = false;
  private saved = "";
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    /** The room type that re-creates it ("workshop", "parallel"). */
    private readonly kind: string,
    /** This process, as the owner of what it writes (undefined: no owner, as in some tests). */
    private readonly owner: string | undefined,
    private readonly onClaimed: () => void,
  ) {}

  /** Writes `state` under `roomId` if it differs from the last one written. */
  save(roomId: string, state: object): void {
    if (this.claimed || this.stopped) return;
    const json = JSON.stringify(state);
    if (json === this.saved) return;
    this.saved = json;
    this.writes = this.writes
      .then(async () => {
        if (this.claimed) return;
        if (await this.store.saveLiveRoom({ roomId, kind: this.kind, state }, this.owner)) return;
        this.claimed = true;
        this.onClaimed();
      })
      .catch((error: unknown) => console.error(`${this.kind} ${roomId}: could not save its state:`, error instanceof Error ? error.message : error));
  }

  /** The server is stopping: the writes so far finish, and the last state stays for the next one. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.writes;
  }

  /** The room is over (or everybody left): nothing to come back to, so its state goes. */
  async forget(roomId: string): Promise<void> {
    await this.stop();
    if (this.claimed) return;
    await this.store.deleteLiveRoom(roomId).catch((error: unknown) => console.error(`${this.kind} ${roomId}: could not forget its state:`, error));
  }
}
