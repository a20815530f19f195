import type { Ad, Db } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { PENDING_STATUSES } from '../ads/ad-status.ts';
import { enqueueModeratorsMessageUpdate } from '../notifications/moderators-post.ts';

/** The ads one Telegram user submitted through one bot: what "My ads" shows and may change. */
export type OwnAd = Ad & { category: { nameFa: string; nameEn: string } | null; _count: { photos: number } };

const INCLUDE = { category: { select: { nameFa: true, nameEn: true } }, _count: { select: { photos: true } } } as const;

export interface OwnAdsPage {
  readonly items: OwnAd[];
  readonly page: number;
  readonly pages: number;
  readonly total: number;
}

/** Newest first, `pageSize` per page; a page past the end shows the last page. */
export async function listOwnAds(db: Db, telegramUserId: number, page: number, pageSize = 5): Promise<OwnAdsPage> {
  const total = await db.ad.count({ where: { telegramUserId } });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(0, page), pages - 1);
  const items = await db.ad.findMany({
    where: { telegramUserId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: current * pageSize,
    take: pageSize,
    include: INCLUDE,
  });
  return { items, page: current, pages, total };
}

/** The ad if it exists AND belongs to this user; null otherwise (the two are not told apart). */
export function findOwnAd(db: Db, telegramUserId: number, adId: string): Promise<OwnAd | null> {
  return db.ad.findFirst({ where: { id: adId, telegramUserId }, include: INCLUDE });
}

export type WithdrawOutcome = { readonly kind: 'withdrawn'; readonly ad: Ad } | { readonly kind: 'not_found' } | { readonly kind: 'not_pending'; readonly ad: Ad };

/**
 * The submitter takes back an ad still waiting for review: `withdrawn` with an AdEvent, by a
 * conditional update (only from pending_ai / pending_manual), so it races safely with a staff
 * decision: exactly one of them changes the ad. The moderators' chat message is refreshed by a job.
 */
export async function withdrawOwnAd(deps: { db: Db; jobs: JobQueue }, telegramUserId: number, adId: string): Promise<WithdrawOutcome> {
  return deps.db.$transaction(async (tx) => {
    const ad = await tx.ad.findFirst({ where: { id: adId, telegramUserId } });
    if (!ad) return { kind: 'not_found' as const };
    const { count } = await tx.ad.updateMany({
      where: { id: adId, telegramUserId, status: { in: [...PENDING_STATUSES] } },
      data: { status: 'withdrawn' },
    });
    if (count !== 1) return { kind: 'not_pending' as const, ad };
    await tx.adEvent.create({
      data: { adId, type: 'withdrawn', fromStatus: ad.status, toStatus: 'withdrawn', actorType: 'telegram', actorId: String(telegramUserId) },
    });
    await enqueueModeratorsMessageUpdate(tx, deps.jobs, adId);
    return { kind: 'withdrawn' as const, ad: { ...ad, status: 'withdrawn' } };
  });
}
