import type { Db, Prisma } from '../../db/prisma-types.ts';
import { decodeIdCursor, encodeIdCursor } from './keyset-cursor.ts';

export interface DeliveryLogFilters {
  readonly status?: string;
  readonly channel?: string;
}

const DELIVERY_LOG_SELECT = {
  id: true,
  adId: true,
  channel: true,
  status: true,
  attempts: true,
  lastError: true,
  externalId: true,
  updatedAt: true,
  ad: { select: { code: true } },
} satisfies Prisma.DeliverySelect;

export type DeliveryLogRow = Prisma.DeliveryGetPayload<{ select: typeof DELIVERY_LOG_SELECT }>;

/** Newest first by id (keyset), optionally one status and/or channel. */
export async function listDeliveries(db: Db, filters: DeliveryLogFilters, page: { limit: number; cursor?: string | null }) {
  const before = page.cursor ? decodeIdCursor(page.cursor) : null;
  const rows = await db.delivery.findMany({
    where: {
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.channel ? { channel: filters.channel } : {}),
      ...(before !== null ? { id: { lt: before } } : {}),
    },
    orderBy: { id: 'desc' },
    take: page.limit + 1,
    select: DELIVERY_LOG_SELECT,
  });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeIdCursor(last.id) : null };
}
