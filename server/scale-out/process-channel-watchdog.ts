/**
 * Checks, every round, that Redis still delivers this process's channel (`p:<processId>`, where
 * other processes send "create a room here" and health checks). A process that lost it stays
 * listed but every create sent to it stalls 2 s and lands elsewhere, and the other processes'
 * health checks de-list its rooms (issue 15; ioredis' subscriber-mode defect, see
 * redis-options.ts, was how it happened). When Redis counts no subscriber on the channel, every
 * topic the presence listens to is subscribed again on its subscriber connection: the
 * listeners are still registered, only Redis forgot them.
 */
import type { EventEmitter } from "node:events";
import type { Presence } from "@colyseus/core";
import type { Redis } from "ioredis";

/** What RedisPresence keeps to itself (protected in its types). */
interface RedisPresenceInside {
  sub: Redis;
  subscriptions: EventEmitter;
}

export class ProcessChannelWatchdog {
  /** How many times the channel was found lost and subscribed again (logged, and for tests). */
  recoveries = 0;

  constructor(
    private readonly redis: Redis,
    private readonly presence: Presence,
    private readonly processId: string,
  ) {}

  /** Resolves to true when the channel was lost (and is now subscribed again). */
  async check(): Promise<boolean> {
    const channel = `p:${this.processId}`;
    const [, count] = (await this.redis.pubsub("NUMSUB", channel)) as [string, number | string];
    if (Number(count) > 0) return false;
    const inside = this.presence as unknown as RedisPresenceInside;
    const topics = inside.subscriptions.eventNames().filter((t): t is string => typeof t === "string");
    if (!topics.includes(channel)) return false; // not subscribed yet (starting) or gone (stopping)
    this.recoveries++;
    console.error(`Redis no longer delivers this process's channel ${channel}: subscribing again to ${topics.length} channel(s).`);
    await inside.sub.subscribe(...topics);
    return true;
  }
}
