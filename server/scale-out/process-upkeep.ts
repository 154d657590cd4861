/**
 * What keeps several processes honest about each other, on two timers per server process:
 * - the heartbeat in the store, every PROCESS_HEARTBEAT_MS, on its own timer: nothing slow
 *   (rebuilding many games, a slow Redis) may delay it, or the others take this process for dead;
 * - the tasks added (with Redis: the sweep of dead processes' listings and the check of this
 *   process's Redis channel; the rooms: claiming the saved games of dead processes), one after
 *   another, a round never overlapping the next.
 * A beat or task that fails is logged (once per distinct message) and tried again next time:
 * a database or Redis hiccup must not stop the others.
 */
import { PROCESS_HEARTBEAT_MS, type Store } from "../store/store.js";

export type UpkeepTask = () => Promise<unknown>;

export class ProcessUpkeep {
  private readonly tasks: { name: string; run: UpkeepTask }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private beatTimer: ReturnType<typeof setTimeout> | null = null;
  private round: Promise<void> = Promise.resolve();
  private beating: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastError = new Map<string, string>();

  constructor(
    private readonly store: Store,
    /** This process's id: Colyseus' matchMaker.processId. */
    readonly processId: string,
    private readonly everyMs = PROCESS_HEARTBEAT_MS,
  ) {}

  /** Runs `run` every round, after the tasks added before it. */
  add(name: string, run: UpkeepTask): void {
    this.tasks.push({ name, run });
  }

  /** The heartbeat, at once: a process is alive before it lists a room or claims a game. */
  async beat(): Promise<void> {
    await this.store.heartbeat(this.processId);
  }

  /** The heartbeat timer: from before the rooms are defined (restoring games may take long). */
  startBeating(): void {
    if (this.beatTimer || this.stopped) return;
    const next = () => {
      this.beatTimer = setTimeout(() => {
        this.beating = this.guard("heartbeat", () => this.beat()).finally(() => {
          if (!this.stopped) next();
        });
      }, this.everyMs);
      this.beatTimer.unref();
    };
    next();
  }

  /** The task rounds (and the heartbeat, if not started yet). */
  start(): void {
    this.startBeating();
    if (this.timer || this.stopped) return;
    const next = () => {
      this.timer = setTimeout(() => {
        this.round = this.runRound().finally(() => {
          if (!this.stopped) next();
        });
      }, this.everyMs);
      this.timer.unref();
    };
    next();
  }

  /** One round of the tasks now. */
  runRound(): Promise<void> {
    const run = async () => {
      for (const task of this.tasks) {
        if (this.stopped) return;
        await this.guard(task.name, task.run);
      }
    };
    this.round = this.round.then(run);
    return this.round;
  }

  /** Stops the rounds (the one under way finishes first). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.beatTimer) clearTimeout(this.beatTimer);
    this.timer = null;
    this.beatTimer = null;
    await Promise.all([this.round, this.beating]);
  }

  private async guard(name: string, run: UpkeepTask): Promise<void> {
    try {
      await run();
      this.lastError.delete(name);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.lastError.get(name) === message) return;
      this.lastError.set(name, message);
      console.error(`Process upkeep: ${name} failed (retrying every ${this.everyMs} ms): ${message}`);
    }
  }
}
