import type { Db } from '../db/prisma-types.ts';
import { isDeadLocalProcess } from './process-liveness.ts';

/**
 * Jobs left `running` by a worker process of this host that no longer exists (kill -9, OOM, power
 * cut) are made claimable at once instead of when their lease runs out: their lease is ended, so
 * the queue's ordinary expired-lease path takes them (counting the cut-off attempt, and failing
 * a job whose last attempt it was). Jobs of live or remote workers are left alone.
 */
export async function releaseJobsOfDeadLocalWorkers(db: Db): Promise<number> {
  const running = await db.job.findMany({ where: { status: 'running' }, select: { id: true, lockedBy: true } });
  const orphaned = running.filter((job) => job.lockedBy !== null && isDeadLocalProcess(job.lockedBy)).map((job) => job.id);
  if (orphaned.length === 0) return 0;
  const { count } = await db.job.updateMany({ where: { id: { in: orphaned }, status: 'running' }, data: { leaseUntil: new Date(0) } });
  return count;
}
