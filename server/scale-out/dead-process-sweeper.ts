/**
 * Keeps the shared room listing true when a process dies. Colyseus de-lists a dead process's
 * rooms only when a health check of it fails, and that check runs when another process starts
 * or a seat reservation times out; a create that timed out excludes the process from the room
 * counts without de-listing its rooms, which then stayed listed for good. Here every process,
 * every round, compares the processes named in the listing and in the room counts with the
 * processes alive by their heartbeat in the store, and removes what the dead ones left:
 * within PROCESS_STALE_MS plus a round of a death, whoever noticed it first.
 *
 * The removal is one Lua script: a listing is deleted only if it still names the dead process
 * at that moment, so a game another process has just restored under the same room id (its
 * listing names the new process) is never swept away with the dead one's.
 */
import type { Redis } from "ioredis";
import { PROCESS_STALE_MS, type Store } from "../store/store.js";

/** Colyseus' RedisDriver keeps the listing here (roomId -> JSON with processId). */
const LISTINGS_KEY = "roomcaches";
/** Colyseus' Stats keep each process's room and client counts here (processId -> "rooms,ccu"). */
const ROOM_COUNTS_KEY = "roomcount";

const SWEEP_SCRIPT = `
local dead = {}
for _, id in ipairs(ARGV) do dead[id] = true end
local removed = 0
local listings = redis.call('HGETALL', KEYS[1])
for i = 1, #listings, 2 do
  local ok, room = pcall(cjson.decode, listings[i + 1])
  if ok and type(room) == 'table' and dead[room.processId] then
    redis.call('HDEL', KEYS[1], listings[i])
    removed = removed + 1
  end
end
for _, id in ipairs(ARGV) do redis.call('HDEL', KEYS[2], id) end
return removed`;

export class DeadProcessSweeper {
  /** The processes found dead at the last sweep: see RoomPlacement. */
  private dead: ReadonlySet<string> = new Set();

  constructor(
    private readonly redis: Redis,
    private readonly store: Store,
    private readonly selfId: string,
    /** Writes this process's room count again (Colyseus' stats.persist). */
    private readonly persistOwnCount: () => Promise<unknown> = async () => undefined,
  ) {}

  deadProcesses(): ReadonlySet<string> {
    return this.dead;
  }

  /** One sweep; resolves to the number of listings removed. */
  async sweep(): Promise<number> {
    // Redis first, the heartbeats second. A process beats before it writes its room count or
    // lists a room, so whatever Redis names here has beaten already. The other order lost a
    // starting process: its heartbeat landed just after the heartbeat query, its count just
    // before the Redis read, and it was swept as dead and never offered a create again.
    const [listings, counted] = await Promise.all([this.redis.hvals(LISTINGS_KEY), this.redis.hkeys(ROOM_COUNTS_KEY)]);
    const live = new Set(await this.store.liveProcesses(PROCESS_STALE_MS));
    // Without our own fresh heartbeat the store's view is not to be trusted (a slow database
    // would make everybody look dead): sweep nothing this round.
    if (!live.has(this.selfId)) return 0;
    // Colyseus writes a process's count only when its rooms change (its periodic write is tied
    // to the health checks, off under Redis): a process swept by mistake (stalled past the
    // stale limit, say) would stay out of placement for good without this.
    if (!counted.includes(this.selfId)) await this.persistOwnCount();
    const named = new Set(counted);
    for (const json of listings) {
      const processId = processIdOf(json);
      if (processId) named.add(processId);
    }
    const dead = [...named].filter((id) => !live.has(id));
    this.dead = new Set(dead);
    if (dead.length === 0) return 0;
    const removed = Number(await this.redis.eval(SWEEP_SCRIPT, 2, LISTINGS_KEY, ROOM_COUNTS_KEY, ...dead));
    if (removed > 0) console.log(`Process(es) ${dead.join(", ")} stopped beating: removed their ${removed} room listing(s).`);
    return removed;
  }
}

function processIdOf(json: string): string | null {
  try {
    const parsed = JSON.parse(json) as { processId?: unknown };
    return typeof parsed.processId === "string" ? parsed.processId : null;
  } catch {
    return null;
  }
}
