/**
 * Settings that cannot work together are refused at start, with what to set instead: a process
 * that starts anyway fails later, quietly (issue 15: with REDIS_URL and no DATABASE_URL each
 * process wrote its own SQLite file, so results and saved games were split between machines and a
 * dead process's games could never be restored by another).
 */
export interface DeploymentEnv {
  REDIS_URL?: string | undefined;
  DATABASE_URL?: string | undefined;
}

/** Why these settings cannot start a server, or null when they can. */
export function deploymentProblem(env: DeploymentEnv): string | null {
  const redis = env.REDIS_URL?.trim();
  const database = env.DATABASE_URL?.trim();
  if (redis && !database) {
    return "REDIS_URL shares rooms between several server processes, but without DATABASE_URL each process would keep its own SQLite file: results and saved games would be split between them. Set DATABASE_URL to one PostgreSQL database for every process, or unset REDIS_URL to run a single process.";
  }
  return null;
}
