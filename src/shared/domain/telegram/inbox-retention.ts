import type { Db } from '../../db/prisma-types.ts';

/**
 * How long handled inbox rows are kept. Telegram redelivers an update for at most 24 hours, so
 * a week of `done` rows covers every duplicate; it also guards against update_id reuse
 * (Telegram picks a random next id after a week without updates, by when these rows are gone).
 * Failed rows stay longer for the operator.
 */
export const INBOX_RETENTION = { doneDays: 7, failedDays: 30 } as const;

export async function pruneInbox(db: Db, now: Date = new Date(), retention = INBOX_RETENTION): Promise<number> {
  const day = 24 * 3600_000;
  const { count } = await db.inboxUpdate.deleteMany({
    where: {
      OR: [
        { status: 'done', receivedAt: { lt: new Date(now.getTime() - retention.doneDays * day) } },
        { status: 'failed', receivedAt: { lt: new Date(now.getTime() - retention.failedDays * day) } },
      ],
    },
  });
  return count;
}
