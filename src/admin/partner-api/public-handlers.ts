import type { RequestHandler } from 'express';
import type { Db } from '../../shared/db/prisma-types.ts';
import type { SettingsService } from '../../shared/domain/settings/settings-service.ts';
import { listCategoriesWithCounts, listPublishedAds } from '../../shared/domain/partners/partner-ad-queries.ts';
import { adsQuerySchema } from './request-schemas.ts';
import { validateInput, validationFailed, withoutEmptyParams } from './validate-input.ts';
import { decodeCursor, encodeCursor } from './cursor-codec.ts';
import { mediaBaseUrlOf, publishedAdView } from './ad-views.ts';

export interface PublicHandlerDeps {
  readonly db: Db;
  readonly settings: SettingsService;
  /** PUBLIC_BASE_URL; the `site.publicBaseUrl` setting wins when set. */
  readonly publicBaseUrl: string;
  readonly now?: () => Date;
}

/** GET /api/v1/ads: every published ad (any client's, or the bot's), newest approval first, keyset-paged. */
export function createAdsHandler(deps: PublicHandlerDeps): RequestHandler {
  return async (req, res) => {
    const query = validateInput(adsQuerySchema, withoutEmptyParams(req.query));
    const after = query.cursor === undefined ? undefined : decodeCursor('ads', query.cursor);
    if (after === null) throw validationFailed({ cursor: 'is not a cursor of GET /api/v1/ads' });
    const [page, siteUrl] = await Promise.all([
      listPublishedAds(deps.db, { now: deps.now?.() ?? new Date(), limit: query.limit, ...(after ? { after } : {}) }),
      deps.settings.get('site.publicBaseUrl'),
    ]);
    const mediaBase = mediaBaseUrlOf(siteUrl || deps.publicBaseUrl);
    res.json({
      items: page.items.map((row) => publishedAdView(row, mediaBase)),
      nextCursor: page.next ? encodeCursor('ads', page.next) : null,
    });
  };
}

/** GET /api/v1/categories: active categories in display order with their number of published ads. */
export function createCategoriesHandler(deps: Pick<PublicHandlerDeps, 'db' | 'now'>): RequestHandler {
  return async (_req, res) => {
    res.json({ items: await listCategoriesWithCounts(deps.db, deps.now?.() ?? new Date()) });
  };
}
