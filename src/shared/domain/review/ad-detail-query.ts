import type { Db, Prisma } from '../../db/prisma-types.ts';
import { DELIVERY_CHANNELS } from '../ads/delivery-channels.ts';

const AD_DETAIL_INCLUDE = {
  category: true,
  photos: { orderBy: { position: 'asc' } },
  moderation: true,
  deliveries: true,
  media: { orderBy: [{ contentVersion: 'desc' }, { kind: 'asc' }] },
  events: { orderBy: { id: 'asc' } },
  bot: { select: { id: true, name: true, username: true } },
  partnerClient: { select: { id: true, name: true } },
  telegramUser: { select: { telegramId: true, username: true, firstName: true, lastName: true, language: true } },
  decidedBy: { select: { id: true, name: true, email: true } },
} satisfies Prisma.AdInclude;

export type AdDetail = Prisma.AdGetPayload<{ include: typeof AD_DETAIL_INCLUDE }> & {
  /** Staff user id (as stored in AdEvent.actorId) → display name, for the history. */
  readonly staffNames: ReadonlyMap<string, string>;
};

/** One ad with everything the review page shows; deliveries in channel order. */
export async function loadAdDetail(db: Db, uuid: string): Promise<AdDetail | null> {
  const ad = await db.ad.findUnique({ where: { id: uuid }, include: AD_DETAIL_INCLUDE });
  if (!ad) return null;
  ad.deliveries.sort((a, b) => channelIndex(a.channel) - channelIndex(b.channel));
  const staffIds = [...new Set(ad.events.filter((e) => e.actorType === 'staff' && e.actorId && /^\d+$/.test(e.actorId)).map((e) => Number(e.actorId)))];
  const staff = staffIds.length ? await db.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true, email: true } }) : [];
  return { ...ad, staffNames: new Map(staff.map((s) => [String(s.id), s.name || s.email])) };
}

function channelIndex(channel: string): number {
  const index = (DELIVERY_CHANNELS as readonly string[]).indexOf(channel);
  return index === -1 ? DELIVERY_CHANNELS.length : index;
}

/** The deliveries of one ad (for the live-refreshing table), in channel order. */
export async function loadAdDeliveries(db: Db, uuid: string) {
  const rows = await db.delivery.findMany({ where: { adId: uuid } });
  return rows.sort((a, b) => channelIndex(a.channel) - channelIndex(b.channel));
}
