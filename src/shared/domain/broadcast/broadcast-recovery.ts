import type { Db } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { enqueueSender } from './broadcast-actions.ts';
import { BROADCAST_JOB } from './broadcast-status.ts';

/**
 * A `running` broadcast always has a sending job queued or running (each slice hands over to the
 * next). When that chain has ended without finishing — a job that used up its attempts, a hand-over
 * lost to a database error — the broadcast would sit `running` forever; this puts a new sender in
 * the queue. The sender's own lease and the `sending` → `uncertain` rule keep it from sending
 * anyone the message twice. Returns the ids of the broadcasts it restarted.
 */
export async function restartStalledBroadcasts(deps: { db: Db; jobs: JobQueue; now?: () => Date }): Promise<number[]> {
  const running = await deps.db.broadcast.findMany({ where: { status: 'running' }, select: { id: true } });
  const restarted: number[] = [];
  for (const { id } of running) {
    const live = await deps.db.job.count({ where: { kind: BROADCAST_JOB, status: { in: ['queued', 'running'] }, dedupeKey: { startsWith: `broadcast:${id}:` } } });
    if (live > 0) continue;
    const at = (deps.now?.() ?? new Date()).getTime();
    await deps.db.$transaction((tx) => enqueueSender(deps.jobs, tx, id, `recover:${at}`));
    restarted.push(id);
  }
  return restarted;
}
