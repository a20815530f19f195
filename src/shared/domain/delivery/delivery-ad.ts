import type { Db, Prisma } from '../../db/prisma-types.ts';
import { MAX_AD_PHOTOS } from '../ads/ad-photos.ts';

/** The ad as the publishers need it: category, photos in order (at most 10), its bot and submitter. */
const AD_FOR_DELIVERY = {
  category: true,
  photos: { orderBy: { position: 'asc' }, take: MAX_AD_PHOTOS },
  bot: true,
  telegramUser: true,
} satisfies Prisma.AdInclude;

export type AdForDelivery = Prisma.AdGetPayload<{ include: typeof AD_FOR_DELIVERY }>;

export function loadAdForDelivery(db: Db, adId: string): Promise<AdForDelivery | null> {
  return db.ad.findUnique({ where: { id: adId }, include: AD_FOR_DELIVERY });
}
