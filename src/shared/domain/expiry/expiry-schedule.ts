import type { Db } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import type { Logger } from '../../logger.ts';
import type { JobHandler } from '../../worker/job-handler.ts';
import { EXPIRY_SWEEP_JOB } from './expiry-job-kinds.ts';
import { runExpirySweep } from './expiry-sweep.ts';

/** How often the bot process sweeps (one sweep job per period). */
export const EXPIRY_SWEEP_PERIOD_MS = 5 * 60_000;

/** The dedupe key of the sweep of the period containing `at`: one sweep per period, whoever asks. */
export function expirySweepKey(at: Date, periodMs = EXPIRY_SWEEP_PERIOD_MS): string {
  return `${EXPIRY_SWEEP_JOB}:${Math.floor(at.getTime() / periodMs)}`;
}

export interface ExpiryScheduleDeps {
  readonly db: Db;
  readonly jobs: JobQueue;
  readonly logger: Logger;
  readonly periodMs?: number;
  readonly now?: () => Date;
}

/** Enqueues the sweep of the current period unless some process already did (dedupe key). */
export async function enqueueExpirySweep(deps: Pick<ExpiryScheduleDeps, 'db' | 'jobs' | 'periodMs' | 'now'>): Promise<boolean> {
  const at = deps.now?.() ?? new Date();
  try {
    const job = await deps.db.$transaction((tx) => deps.jobs.enqueue(tx, { kind: EXPIRY_SWEEP_JOB, dedupeKey: expirySweepKey(at, deps.periodMs), maxAttempts: 3 }));
    return job !== null;
  } catch (error) {
    // Another process enqueued the same period's sweep at the same moment (PostgreSQL: unique violation).
    if ((error as { code?: unknown } | null)?.code === 'P2002') return false;
    throw error;
  }
}

/**
 * The bot process's expiry timer: at start and then every period it asks for that period's sweep
 * through the job queue. The dedupe key makes it once per period however many processes, restarts
 * or cron runs (`--for 55`) ask; the worker runs it like any job. Returns the stop function.
 */
export function startExpirySweeps(deps: ExpiryScheduleDeps): () => void {
  const tick = () =>
    void enqueueExpirySweep(deps).catch((error: unknown) => deps.logger.error({ msg: 'could not enqueue the expiry sweep', err: error }));
  tick();
  const timer = setInterval(tick, deps.periodMs ?? EXPIRY_SWEEP_PERIOD_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** `expiry_sweep`: one pass of runExpirySweep (notices due, ads past their expiry). */
export function createExpirySweepJobHandler(deps: { db: Db; jobs: JobQueue; logger: Logger; now?: () => Date }): JobHandler {
  return async () => {
    const result = await runExpirySweep(deps);
    if (result.noticed || result.expired) deps.logger.info({ msg: 'expiry sweep', ...result });
  };
}
