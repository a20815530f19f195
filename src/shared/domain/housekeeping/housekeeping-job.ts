import type { Db } from '../../db/prisma-types.ts';
import type { Logger } from '../../logger.ts';
import type { JobHandler } from '../../worker/job-handler.ts';
import type { PeriodicJob } from '../../worker/periodic-job.ts';
import { pruneFinishedRows } from './prune-finished-rows.ts';

export const HOUSEKEEPING_JOB = 'housekeeping';

/** Hourly, once per hour whoever asks (periodic-job.ts). */
export const HOUSEKEEPING: PeriodicJob = { kind: HOUSEKEEPING_JOB, periodMs: 3_600_000 };

/** `housekeeping`: prunes finished jobs and handled updates past their retention. */
export function createHousekeepingJobHandler(deps: { db: Db; logger: Logger; now?: () => Date }): JobHandler {
  return async () => {
    const result = await pruneFinishedRows(deps.db, deps.now?.() ?? new Date());
    if (result.jobs || result.inboxUpdates) deps.logger.info({ msg: 'pruned finished rows', ...result });
  };
}
