import type { Runtime } from '../../runtime/create-runtime.ts';
import { DELIVER_JOB } from '../ads/delivery-channels.ts';

/**
 * A safety net for the one way a delivery can be left behind: a job that gave up while its
 * worker was dying (the queue marks a job failed when its last attempt's worker crashed, without
 * running it), leaving its row `pending` or `in_progress` with no job to finish it. Finds such
 * rows (untouched for `olderThanMs`) and gives each a new `deliver` job; the job's own checks
 * make this safe even if a job did exist. Meant for the bot process's start and a slow timer.
 */
export async function recoverStalledDeliveries(runtime: Runtime, options: { olderThanMs?: number; now?: Date } = {}): Promise<number> {
  const { db } = runtime.database;
  const now = options.now ?? new Date();
  const before = new Date(now.getTime() - (options.olderThanMs ?? 10 * 60_000));
  const rows = await db.delivery.findMany({
    where: { status: { in: ['pending', 'in_progress'] }, updatedAt: { lt: before } },
    select: { adId: true, channel: true },
    take: 500,
  });
  let recovered = 0;
  for (const row of rows) {
    const jobs = await db.job.findMany({
      where: { kind: DELIVER_JOB, status: { in: ['queued', 'running'] }, payload: { contains: row.adId } },
      select: { payload: true, status: true, attempts: true, maxAttempts: true },
    });
    const live = jobs.some((job) => {
      const payload = JSON.parse(job.payload) as { channel?: string };
      return payload.channel === row.channel && (job.status === 'running' || job.attempts < job.maxAttempts);
    });
    if (live) continue;
    await db.$transaction((tx) => runtime.jobs.enqueue(tx, { kind: DELIVER_JOB, payload: { adId: row.adId, channel: row.channel }, maxAttempts: 8 }));
    runtime.logger.warn({ msg: 'stalled delivery given a new job', adId: row.adId, channel: row.channel });
    recovered += 1;
  }
  return recovered;
}
