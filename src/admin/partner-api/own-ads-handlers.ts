import type { RequestHandler } from 'express';
import type { Db } from '../../shared/db/prisma-types.ts';
import { AppError } from '../../shared/errors.ts';
import { findCategoryBySlug, findClientAd, listClientAds } from '../../shared/domain/partners/partner-ad-queries.ts';
import { isUuid, listQuerySchema } from './request-schemas.ts';
import { validateInput, validationFailed, withoutEmptyParams } from './validate-input.ts';
import { decodeCursor, encodeCursor } from './cursor-codec.ts';
import { partnerOf } from './partner-locals.ts';
import { adStatusView } from './ad-views.ts';

/** GET /api/v1/status/:uuid: one of the caller's own ads; another client's ad is a 404 like a missing one. */
export function createStatusHandler(deps: { db: Db }): RequestHandler {
  return async (req, res) => {
    const partner = partnerOf(res);
    const uuid = String(req.params.uuid ?? '');
    const row = isUuid(uuid) ? await findClientAd(deps.db, partner.id, uuid.toLowerCase()) : null;
    if (!row) throw new AppError('not_found', 'No ad with this uuid was submitted with this API key');
    res.json(adStatusView(row));
  };
}

/** GET /api/v1/list: the caller's own ads, newest first, filtered by status and category, keyset-paged. */
export function createListHandler(deps: { db: Db }): RequestHandler {
  return async (req, res) => {
    const partner = partnerOf(res);
    const query = validateInput(listQuerySchema, withoutEmptyParams(req.query));
    const after = query.cursor === undefined ? undefined : decodeCursor('list', query.cursor);
    if (after === null) throw validationFailed({ cursor: 'is not a cursor of GET /api/v1/list' });
    let categoryId: number | undefined;
    if (query.category !== undefined) {
      const category = await findCategoryBySlug(deps.db, query.category);
      if (!category) throw validationFailed({ category: 'is not a category' });
      categoryId = category.id;
    }
    const page = await listClientAds(deps.db, {
      partnerClientId: partner.id,
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...(categoryId !== undefined ? { categoryId } : {}),
      ...(after ? { after } : {}),
    });
    res.json({ items: page.items.map(adStatusView), nextCursor: page.next ? encodeCursor('list', page.next) : null });
  };
}
