/**
 * Which process creates the next room (Colyseus' `selectProcessIdToCreateRoom`). Colyseus picks
 * the process with the fewest rooms, as each process last wrote its count to Redis; that count
 * is written at most once a second and only once a room exists, so 40 creates at once all saw
 * the same counts and all went to one process (40/0 measured). Here each process also counts
 * the rooms it has just sent somewhere and that may not show in the counts yet: a burst through
 * one process alternates between the processes, and a burst through every process spreads
 * too, each process splitting its own share.
 *
 * Only processes alive by their heartbeat (LiveProcesses) are candidates: a dead process is
 * never chosen, even before Colyseus notices it.
 */
import { matchMaker } from "@colyseus/core";

/** A room just placed counts this long (longer than a create and the next count write). */
export const PLACEMENT_WINDOW_MS = 2_500;

export interface ProcessLoad {
  processId: string;
  roomCount: number;
}

export class RoomPlacement {
  private recent: { processId: string; atMs: number }[] = [];

  /**
   * The processes alive now, or null when not known yet (every listed process counts). Set
   * once the process knows (DeadProcessSweeper), after the Server that calls `select` exists.
   */
  liveProcesses: () => ReadonlySet<string> | null = () => null;

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** For Colyseus' ServerOptions.selectProcessIdToCreateRoom. */
  readonly select = async (): Promise<string> => {
    const loads = (await matchMaker.stats.fetchAll()).map(({ processId, roomCount }) => ({ processId, roomCount }));
    return this.choose(loads, matchMaker.processId);
  };

  /** The least loaded live process, counting recent placements; records this one. */
  choose(loads: readonly ProcessLoad[], selfId: string): string {
    const now = this.nowMs();
    this.recent = this.recent.filter((p) => now - p.atMs < PLACEMENT_WINDOW_MS);
    const live = this.liveProcesses();
    const candidates = loads.filter((l) => l.processId === selfId || !live || live.has(l.processId));
    if (!candidates.some((l) => l.processId === selfId)) candidates.push({ processId: selfId, roomCount: 0 });
    let best: { processId: string; load: number } | null = null;
    for (const { processId, roomCount } of candidates) {
      const load = roomCount + this.recent.filter((p) => p.processId === processId).length;
      // Ties go to this process: no round trip through Redis for the create.
      if (!best || load < best.load || (load === best.load && processId === selfId)) best = { processId, load };
    }
    const chosen = best!.processId;
    this.recent.push({ processId: chosen, atMs: now });
    return chosen;
  }
}
