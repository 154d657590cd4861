/**
 * Which process creates the next room (Colyseus' `selectProcessIdToCreateRoom`). Colyseus picks
 * the process with the fewest rooms, as each process last wrote its count to Redis; that count
 * is written at most once a second and only once a room exists, so 40 creates at once all saw
 * the same counts and all went to one process (40/0 measured). Here each process also counts
 * the rooms it has just sent somewhere and that may not show in the counts yet: a burst through
 * one process alternates between the processes, and a burst through every process spreads
 * too, each process splitting its own share.
 *
 * A process found dead by its heartbeat (DeadProcessSweeper) is not a candidate, even before
 * Colyseus notices it. Only the known dead are left out, not every process missing from the
 * last sweep's live set: a process that started since then (up to a second ago) is a candidate
 * too. Leaving those out too made a burst right after a start skip the new process (40/0/0).
 */
import { matchMaker } from "@colyseus/core";

/** Colyseus' stats keep each process's counts here (processId -> "rooms,ccu"). */
const ROOM_COUNTS_KEY = "roomcount";

/** A room just placed counts this long (longer than a create and the next count write). */
export const PLACEMENT_WINDOW_MS = 2_500;

export interface ProcessLoad {
  processId: string;
  roomCount: number;
}

export class RoomPlacement {
  private recent: { processId: string; atMs: number }[] = [];
  /** The room counts held for the current burst (see choose). */
  private counts: { atMs: number; byProcess: Map<string, number> } | null = null;

  /**
   * The processes found dead. Set once the process knows (DeadProcessSweeper), after the
   * Server that calls `select` exists.
   */
  deadProcesses: () => ReadonlySet<string> = () => new Set();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** For Colyseus' ServerOptions.selectProcessIdToCreateRoom. */
  readonly select = async (): Promise<string> => {
    // Every process's count as written to Redis, this one's too. Colyseus' stats.fetchAll puts
    // this process's live count in instead, which grows as other processes' creates land here
    // while theirs look frozen: in a burst through every process, each then sent its own
    // creates away from itself by chance timing (27/8/25 measured, 20 each expected).
    const written = await matchMaker.presence.hgetall(ROOM_COUNTS_KEY);
    const loads = Object.entries(written ?? {}).map(([processId, counts]) => ({ processId, roomCount: Number(String(counts).split(",")[0]) || 0 }));
    return this.choose(loads, matchMaker.processId);
  };

  /** The least loaded process not known dead, counting recent placements; records this one. */
  choose(loads: readonly ProcessLoad[], selfId: string): string {
    const now = this.nowMs();
    this.recent = this.recent.filter((p) => now - p.atMs < PLACEMENT_WINDOW_MS);
    // The counts as they were when this burst began, for the whole window: counts written
    // mid-burst show other processes' placements to some processes and not yet to others, and
    // each process then steered its own share away from whichever count it saw move first
    // (26/8/26 measured for 20 creates through each of three). With the counts held, every
    // process splits its own share evenly, and the shares add up evenly.
    if (!this.counts || now - this.counts.atMs >= PLACEMENT_WINDOW_MS) this.counts = { atMs: now, byProcess: new Map(loads.map((l) => [l.processId, l.roomCount])) };
    const held = this.counts.byProcess;
    const dead = this.deadProcesses();
    const candidates = loads
      .filter((l) => l.processId === selfId || !dead.has(l.processId))
      .map((l) => ({ processId: l.processId, roomCount: held.get(l.processId) ?? l.roomCount }));
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
