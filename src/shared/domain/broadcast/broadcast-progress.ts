import type { Db, DbTx } from '../../db/prisma-types.ts';
import { RECIPIENT_STATUSES, type RecipientStatus } from './broadcast-status.ts';

export type RecipientCounts = Record<RecipientStatus, number>;

/** How many recipients of a broadcast are in each status (read from the rows: always exact). */
export async function countRecipients(db: Db | DbTx, broadcastId: number): Promise<RecipientCounts> {
  const groups = await db.broadcastRecipient.groupBy({ by: ['status'], where: { broadcastId }, _count: { _all: true } });
  const counts = Object.fromEntries(RECIPIENT_STATUSES.map((s) => [s, 0])) as RecipientCounts;
  for (const group of groups) if (group.status in counts) counts[group.status as RecipientStatus] = group._count._all;
  return counts;
}

/** Copies the counts onto the Broadcast row (its list columns); called by the job after each batch. */
export async function saveCounters(db: Db, broadcastId: number): Promise<RecipientCounts> {
  const counts = await countRecipients(db, broadcastId);
  await db.broadcast.update({
    where: { id: broadcastId },
    data: { sent: counts.sent, blocked: counts.blocked, failed: counts.failed + counts.uncertain },
  });
  return counts;
}
