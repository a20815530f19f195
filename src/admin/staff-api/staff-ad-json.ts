import type { AdListRow } from '../../shared/domain/review/ad-list-query.ts';
import type { AdDetail } from '../../shared/domain/review/ad-detail-query.ts';
import type { Delivery } from '../../shared/db/prisma-types.ts';

/** The staff API's ad shapes (CONTRACT.md §3, plus `code` and a few more fields). */
export function adListItemJson(ad: AdListRow) {
  return {
    uuid: ad.id,
    code: ad.code,
    status: ad.status,
    content: ad.content,
    category: ad.category?.slug ?? null,
    source: ad.source,
    createdAt: ad.createdAt.toISOString(),
    decidedAt: ad.decidedAt?.toISOString() ?? null,
    aiVerdict: ad.aiVerdict,
  };
}

export function adDetailJson(ad: AdDetail) {
  return {
    uuid: ad.id,
    code: ad.code,
    status: ad.status,
    content: ad.content,
    category: ad.category?.slug ?? null,
    source: ad.source,
    language: ad.language,
    /** Sent under a shadow ban: out of every review list, cannot be decided (409). */
    shadowed: ad.shadowed,
    telegramUserId: ad.telegramUserId,
    contactPhone: ad.contactPhone,
    contactEmail: ad.contactEmail,
    createdAt: ad.createdAt.toISOString(),
    decidedAt: ad.decidedAt?.toISOString() ?? null,
    aiVerdict: ad.aiVerdict,
    aiReason: ad.aiReason,
    rejectionReason: ad.rejectionReason,
    revisionNote: ad.revisionNote,
    deliveries: ad.deliveries.map(deliveryJson),
  };
}

export function deliveryJson(d: Pick<Delivery, 'channel' | 'status' | 'attempts' | 'lastError' | 'externalId'>) {
  return { channel: d.channel, status: d.status, attempts: d.attempts, lastError: d.lastError, externalId: d.externalId };
}
