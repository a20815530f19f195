import { once } from 'node:events';
import { Router, type Response } from 'express';
import { listAds } from '../../../shared/domain/review/ad-list-query.ts';
import { parseAdFilters } from '../forms/ad-list-filters.ts';
import { csvLine } from '../csv-cells.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { loadSourceNames } from './source-names.ts';

const BATCH = 500;
const HEADER = ['uuid', 'code', 'status', 'category', 'source', 'source_name', 'content', 'contact_phone', 'contact_email', 'ai_verdict', 'ai_reason', 'rejection_reason', 'created_at', 'decided_at'];

/**
 * GET /ads.csv: the ads list's current filters as CSV, streamed in keyset batches of 500 (memory
 * stays flat however many rows match; the client's slowness pauses the reads). UTF-8 with a BOM
 * so spreadsheets read Persian text; formula-like cells are neutralised (csv-cells.ts).
 */
export function createAdsCsvRoutes(deps: PanelDeps): Router {
  const router = Router();

  router.get('/ads.csv', async (req, res) => {
    const { filters } = parseAdFilters(req.query);
    const names = await loadSourceNames(deps.db);
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="ads-${stamp}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    await write(res, `\uFEFF${csvLine(HEADER)}`);
    let cursor: string | null = null;
    do {
      const page = await listAds({ db: deps.db, provider: deps.runtime.database.provider }, filters, { limit: BATCH, cursor });
      const chunk = page.items
        .map((ad) =>
          csvLine([
            ad.id,
            ad.code,
            ad.status,
            ad.category?.slug ?? '',
            ad.source,
            ad.source === 'bot' ? (ad.botId !== null ? names.bots.get(ad.botId) : '') : ad.partnerClientId !== null ? names.partners.get(ad.partnerClientId) : '',
            ad.content,
            ad.contactPhone,
            ad.contactEmail,
            ad.aiVerdict,
            ad.aiReason,
            ad.rejectionReason,
            ad.createdAt,
            ad.decidedAt,
          ]),
        )
        .join('');
      if (chunk) await write(res, chunk);
      cursor = page.nextCursor;
    } while (cursor && !closed);
    res.end();
  });

  return router;
}

async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
}
