import crypto from 'node:crypto';
import type { AdForDelivery } from './delivery-ad.ts';

/**
 * The partner webhook's body for an approved ad, and its delivery id: derived from (ad, channel),
 * so it is the same on every re-send, whatever happened in between (the partner dedupes on it).
 */
export function webhookDeliveryId(adId: string, event = 'ad.approved'): string {
  const hex = crypto.createHash('sha256').update(`webhook:${event}:${adId}`).digest('hex');
  // Formatted as a UUID (version nibble 5, RFC 4122 variant) for partners' convenience.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

export interface ApprovedAdEvent {
  readonly event: 'ad.approved';
  readonly deliveryId: string;
  readonly ad: {
    readonly uuid: string;
    readonly code: string;
    readonly category: string | null;
    readonly content: string;
    readonly contact: { readonly phone: string | null; readonly email: string | null };
    readonly imageUrl: string | null;
    readonly storyImageUrl: string | null;
    readonly approvedAt: string | null;
  };
}

export function approvedAdEvent(ad: AdForDelivery, images: { imageUrl: string | null; storyImageUrl: string | null }): ApprovedAdEvent {
  return {
    event: 'ad.approved',
    deliveryId: webhookDeliveryId(ad.id),
    ad: {
      uuid: ad.id,
      code: ad.code,
      category: ad.category?.slug ?? null,
      content: ad.content,
      contact: { phone: ad.contactPhone, email: ad.contactEmail },
      imageUrl: images.imageUrl,
      storyImageUrl: images.storyImageUrl,
      approvedAt: ad.approvedAt?.toISOString() ?? null,
    },
  };
}

export interface WithdrawnAdEvent {
  readonly event: 'ad.withdrawn';
  readonly deliveryId: string;
  readonly ad: { readonly uuid: string; readonly code: string; readonly withdrawnAt: string };
}

export function withdrawnAdEvent(ad: { id: string; code: string }, at: Date): WithdrawnAdEvent {
  return { event: 'ad.withdrawn', deliveryId: webhookDeliveryId(ad.id, 'ad.withdrawn'), ad: { uuid: ad.id, code: ad.code, withdrawnAt: at.toISOString() } };
}
