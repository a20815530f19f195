import type { Db } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import type { Logger } from '../../logger.ts';
import type { JobHandler } from '../../worker/job-handler.ts';
import { EXPIRY_SWEEP_JOB } from './expiry-job-kinds.ts';
import { runExpirySweep } from './expiry-sweep.ts';
import { enqueuePeriodicJob, periodicJobKey, startPeriodicJob, type PeriodicJob } from '../../worker/periodic-job.ts';

/** How often the bot process sweeps (one sweep job per period). */
export const EXPIRY_SWEEP_PERIOD_MS = 5 * 60_000;

const EXPIRY_SWEEPS: PeriodicJob = { kind: EXPIRY_SWEEP_JOB, periodMs: EXPIRY_SWEEP_PERIOD_MS };

/** The dedupe key of the sweep of the period containing `at`: one sweep per period, whoever asks. */
export function expirySweepKey(at: Date, periodMs = EXPIRY_SWEEP_PERIOD_MS): string {
  return periodicJobKey({ ...EXPIRY_SWEEPS, periodMs }, at);
}

export interface ExpiryScheduleDeps {
  readonly db: Db;
  readonly jobs: JobQueue;
  readonly logger: Logger;
  readonly periodMs?: number;
  readonly now?: () => Date;
}

/** Enqueues the sweep of the current period unless some process already did (dedupe key). */
export function enqueueExpirySweep(deps: Pick<ExpiryScheduleDeps, 'db' | 'jobs' | 'periodMs' | 'now'>): Promise<boolean> {
  return enqueuePeriodicJob(deps, { ...EXPIRY_SWEEPS, periodMs: deps.periodMs ?? EXPIRY_SWEEP_PERIOD_MS });
}

/** The bot process's expiry timer: that period's sweep at start and then every period. Returns the stop function. */
export function startExpirySweeps(deps: ExpiryScheduleDeps): () => void {
  return startPeriodicJob(deps, { ...EXPIRY_SWEEPS, periodMs: deps.periodMs ?? EXPIRY_SWEEP_PERIOD_MS });
}

/** `expiry_sweep`: one pass of runExpirySweep (notices due, ads past their expiry). */
export function createExpirySweepJobHandler(deps: { db: Db; jobs: JobQueue; logger: Logger; now?: () => Date }): JobHandler {
  return async () => {
    const result = await runExpirySweep(deps);
    if (result.noticed || result.expired) deps.logger.info({ msg: 'expiry sweep', ...result });
  };
}
