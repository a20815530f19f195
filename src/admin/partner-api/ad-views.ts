import type { AdStatus } from '../../shared/domain/ads/ad-status.ts';
import type { ClientAdRow, PublishedAdRow } from '../../shared/domain/partners/partner-ad-queries.ts';
import type { AdStatusView, PublishedAdView } from './response-schemas.ts';

/** JSON shapes of CONTRACT.md §3, built from query rows. */
export function adStatusView(row: ClientAdRow): AdStatusView {
  return {
    uuid: row.id,
    // Statuses are only ever written from ad-status.ts's list; passed through as stored.
    status: row.status as AdStatus,
    category: row.categorySlug,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    rejectionReason: row.rejectionReason,
  };
}

/** `mediaBaseUrl` is `<publicBaseUrl>/media`. */
export function publishedAdView(row: PublishedAdRow, mediaBaseUrl: string): PublishedAdView {
  return {
    uuid: row.id,
    category: row.categorySlug,
    content: row.content,
    imageUrl: row.feedImagePath === null ? null : mediaUrl(mediaBaseUrl, row.feedImagePath),
    storyImageUrl: row.storyImagePath === null ? null : mediaUrl(mediaBaseUrl, row.storyImagePath),
    approvedAt: row.approvedAt.toISOString(),
  };
}

export function mediaBaseUrlOf(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/media`;
}

function mediaUrl(base: string, path: string): string {
  return `${base}/${path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/')}`;
}
