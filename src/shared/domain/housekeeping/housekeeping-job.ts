import type { Db } from '../../db/prisma-types.ts';
import type { Logger } from '../../logger.ts';
import type { JobHandler } from '../../worker/job-handler.ts';
import type { PeriodicJob } from '../../worker/periodic-job.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { pruneFinishedRows } from './prune-finished-rows.ts';
import { restartStalledBroadcasts } from '../broadcast/broadcast-recovery.ts';

export const HOUSEKEEPING_JOB = 'housekeeping';

/** Hourly, once per hour whoever asks (periodic-job.ts). */
export const HOUSEKEEPING: PeriodicJob = { kind: HOUSEKEEPING_JOB, periodMs: 3_600_000 };

/** `housekeeping`: prunes finished jobs and handled updates past their retention; restarts stalled broadcasts. */
export function createHousekeepingJobHandler(deps: { db: Db; jobs: JobQueue; logger: Logger; now?: () => Date }): JobHandler {
  return async () => {
    const result = await pruneFinishedRows(deps.db, deps.now?.() ?? new Date());
    if (result.jobs || result.inboxUpdates) deps.logger.info({ msg: 'pruned finished rows', ...result });
    const restarted = await restartStalledBroadcasts(deps);
    if (restarted.length) deps.logger.warn({ msg: 'restarted broadcasts whose sending had stopped', broadcasts: restarted });
  };
}
