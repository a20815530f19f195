import type { Db } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { DAY_MS } from './expiry-dates.ts';
import { EXPIRY_NOTICE_JOB } from './expiry-job-kinds.ts';

export interface ExpirySweepDeps {
  readonly db: Db;
  readonly jobs: JobQueue;
  /** The clock (tests pass a fake one to move days ahead). */
  readonly now?: () => Date;
  /** How long before expiry the notice goes out (default one day). */
  readonly noticeLeadMs?: number;
  /** Ads looked at per query (default 100). */
  readonly batchSize?: number;
  /** At most this many ads of each kind per sweep; the next sweep continues (default 2,000). */
  readonly maxPerSweep?: number;
}

export interface ExpirySweepResult {
  /** Notice jobs enqueued by this sweep. */
  readonly noticed: number;
  /** Ads this sweep moved from approved to expired. */
  readonly expired: number;
}

/** The dedupe key of the notice of one lifetime: a renewal (a new expiresAt) gets a new one. */
export function expiryNoticeKey(adId: string, expiresAt: Date): string {
  return `${EXPIRY_NOTICE_JOB}:${adId}:${expiresAt.getTime()}`;
}

/**
 * One pass over approved ads. Safe to run twice, concurrently, or after a crash at any point:
 * every change is a conditional update in its own short transaction, so of two sweeps exactly
 * one wins each ad and the other changes nothing.
 *
 * a) Notices: an approved ad submitted through a bot, expiring within `noticeLeadMs`, not yet
 *    noticed in this lifetime, whose submitter has not blocked the bot, gets `expiryNoticeAt`
 *    and one `expiry_notice` job (dedupe key per ad and lifetime) in the same transaction. The
 *    message itself is sent by the job (expiry-notice-job.ts), outside any transaction.
 * b) Expiry: an approved ad whose `expiresAt` has passed becomes `expired`, with an AdEvent. A
 *    renewal racing with it wins or loses cleanly (the update requires the old expiry to have
 *    passed). Published posts are left where they are (channel history is kept); the partner
 *    API and category counts already hide the ad from the moment `expiresAt` passes.
 */
export async function runExpirySweep(deps: ExpirySweepDeps): Promise<ExpirySweepResult> {
  const now = deps.now?.() ?? new Date();
  const batchSize = deps.batchSize ?? 100;
  const max = deps.maxPerSweep ?? 2_000;
  const noticed = await sendNoticesDue(deps, now, deps.noticeLeadMs ?? DAY_MS, batchSize, max);
  const expired = await expireDue(deps.db, now, batchSize, max);
  return { noticed, expired };
}

async function sendNoticesDue(deps: ExpirySweepDeps, now: Date, leadMs: number, batchSize: number, max: number): Promise<number> {
  let done = 0;
  for (let looked = 0; looked < max; ) {
    const due = await deps.db.ad.findMany({
      where: {
        status: 'approved',
        expiresAt: { gt: now, lte: new Date(now.getTime() + leadMs) },
        expiryNoticeAt: null,
        botId: { not: null },
        telegramUser: { is: { blockedBotAt: null } },
      },
      orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
      take: batchSize,
      select: { id: true, expiresAt: true },
    });
    let won = 0;
    for (const ad of due) {
      if (!ad.expiresAt) continue;
      const expiresAt = ad.expiresAt;
      const enqueued = await deps.db.$transaction(async (tx) => {
        const { count } = await tx.ad.updateMany({
          where: { id: ad.id, status: 'approved', expiryNoticeAt: null, expiresAt },
          data: { expiryNoticeAt: now },
        });
        if (count !== 1) return false;
        await deps.jobs.enqueue(tx, {
          kind: EXPIRY_NOTICE_JOB,
          payload: { adId: ad.id, expiresAt: expiresAt.toISOString() },
          dedupeKey: expiryNoticeKey(ad.id, expiresAt),
          maxAttempts: 6,
        });
        return true;
      });
      if (enqueued) won++;
    }
    done += won;
    looked += due.length;
    // Fewer than a batch: nothing more is due. None won: another sweep is on the same rows.
    if (due.length < batchSize || won === 0) break;
  }
  return done;
}

async function expireDue(db: Db, now: Date, batchSize: number, max: number): Promise<number> {
  let done = 0;
  for (let looked = 0; looked < max; ) {
    const due = await db.ad.findMany({
      where: { status: 'approved', expiresAt: { lte: now } },
      orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
      take: batchSize,
      select: { id: true },
    });
    let won = 0;
    for (const ad of due) {
      const changed = await db.$transaction(async (tx) => {
        const { count } = await tx.ad.updateMany({ where: { id: ad.id, status: 'approved', expiresAt: { lte: now } }, data: { status: 'expired' } });
        if (count !== 1) return false;
        await tx.adEvent.create({ data: { adId: ad.id, type: 'expired', fromStatus: 'approved', toStatus: 'expired', actorType: 'system' } });
        return true;
      });
      if (changed) won++;
    }
    done += won;
    looked += due.length;
    if (due.length < batchSize || won === 0) break;
  }
  return done;
}
