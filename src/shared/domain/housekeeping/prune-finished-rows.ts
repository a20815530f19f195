import type { Db } from '../../db/prisma-types.ts';

/** How long finished work stays in the database for inspection (the panel's job and inbox views). */
export const FINISHED_ROW_RETENTION_MS = 7 * 86_400_000;
const BATCH = 500;

export interface PruneResult {
  readonly jobs: number;
  readonly inboxUpdates: number;
}

/**
 * Deletes jobs that finished successfully and Telegram updates that were handled, once older than
 * the retention, in small batches so each write is short (SQLite has one writer). Failed jobs and
 * failed updates stay for staff to see; ads, deliveries, events and the audit log are never pruned.
 * Old handled updates are safe to forget: Telegram never redelivers an update after 24 hours.
 */
export async function pruneFinishedRows(db: Db, now: Date = new Date(), retentionMs = FINISHED_ROW_RETENTION_MS): Promise<PruneResult> {
  const before = new Date(now.getTime() - retentionMs);
  let jobs = 0;
  for (;;) {
    const ids = (await db.job.findMany({ where: { status: 'done', updatedAt: { lt: before } }, select: { id: true }, take: BATCH })).map((row) => row.id);
    if (ids.length === 0) break;
    jobs += (await db.job.deleteMany({ where: { id: { in: ids }, status: 'done' } })).count;
  }
  let inboxUpdates = 0;
  for (;;) {
    const ids = (await db.inboxUpdate.findMany({ where: { status: 'done', handledAt: { lt: before } }, select: { id: true }, take: BATCH })).map((row) => row.id);
    if (ids.length === 0) break;
    inboxUpdates += (await db.inboxUpdate.deleteMany({ where: { id: { in: ids }, status: 'done' } })).count;
  }
  return { jobs, inboxUpdates };
}
