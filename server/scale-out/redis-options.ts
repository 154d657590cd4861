/**
 * The ioredis options of every Redis connection the scale-out opens (presence, driver, ours),
 * from REDIS_URL (`redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS).
 *
 * Why not just pass the URL: ioredis 5.8.2 and later (here 5.11) run their "ready check" (an
 * INFO command) after RedisPresence has already sent SUBSCRIBE on its subscriber connection;
 * Redis refuses INFO in subscriber mode, ioredis drops the connection and comes back without
 * the subscription (redis/ioredis#2037). Measured on this stack: 24 of 80 fresh presences lost
 * their first channel with the default options, 0 of 100 with the ready check off. The ready
 * check only waits for a Redis that is still loading its data set from disk; a command sent
 * meanwhile is answered with a LOADING error and the caller retries, which is fine for us.
 */
import type { RedisOptions } from "ioredis";

export function redisOptionsFromUrl(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`REDIS_URL must look like redis://host:6379/0, got ${JSON.stringify(url)}.`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new Error(`REDIS_URL must start with redis:// or rediss://, got ${JSON.stringify(parsed.protocol)}.`);
  }
  const db = parsed.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) throw new Error(`REDIS_URL's path must be a database number (/0 ... /15), got ${JSON.stringify(parsed.pathname)}.`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1",
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {}),
    enableReadyCheck: false,
  };
}
