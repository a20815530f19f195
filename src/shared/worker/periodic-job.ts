import type { Db } from '../db/prisma-types.ts';
import type { JobQueue } from '../db/job-queue.ts';
import type { Logger } from '../logger.ts';

/**
 * Periodic work through the job queue: each period has one job, named by a dedupe key
 * `<kind>:<period number>`, so however many processes, restarts or cron runs (`--for 55`) ask,
 * the work runs once per period, by the worker, like any job.
 */
export interface PeriodicJob {
  readonly kind: string;
  readonly periodMs: number;
}

export function periodicJobKey(job: PeriodicJob, at: Date): string {
  return `${job.kind}:${Math.floor(at.getTime() / job.periodMs)}`;
}

/** Enqueues the current period's job unless some process already did. */
export async function enqueuePeriodicJob(deps: { db: Db; jobs: JobQueue; now?: () => Date }, job: PeriodicJob): Promise<boolean> {
  const at = deps.now?.() ?? new Date();
  try {
    const row = await deps.db.$transaction((tx) => deps.jobs.enqueue(tx, { kind: job.kind, dedupeKey: periodicJobKey(job, at), maxAttempts: 3 }));
    return row !== null;
  } catch (error) {
    // Another process enqueued the same period's job at the same moment (PostgreSQL: unique violation).
    if ((error as { code?: unknown } | null)?.code === 'P2002') return false;
    throw error;
  }
}

/** Asks for the job at start and then every period. Returns the stop function. */
export function startPeriodicJob(deps: { db: Db; jobs: JobQueue; logger: Logger }, job: PeriodicJob): () => void {
  const tick = () =>
    void enqueuePeriodicJob(deps, job).catch((error: unknown) => deps.logger.error({ msg: `could not enqueue the ${job.kind} job`, err: error }));
  tick();
  const timer = setInterval(tick, job.periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
