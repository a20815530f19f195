import { Router } from 'express';
import { listAds, AI_VERDICT_FILTERS } from '../../../shared/domain/review/ad-list-query.ts';
import { listCategories } from '../../../shared/domain/review/category-admin.ts';
import { decideMany, type Decision } from '../../../shared/domain/ads/decide-ad.ts';
import { approveManyWithVotes } from '../../../shared/domain/ads/approval-votes.ts';
import { AppError } from '../../../shared/errors.ts';
import { filterQuery, parseAdFilters, STATUS_FILTERS } from '../forms/ad-list-filters.ts';
import { formBody, list, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { cannedReasonOptions, cannedReasonText, isCannedReasonKey } from '../canned-reasons.ts';
import { isPanelLanguage, translator } from '../i18n/translator.ts';
import { toAdRows } from '../view-models/ad-rows.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, redirectBack } from './request-helpers.ts';
import { loadSourceNames } from './source-names.ts';

const PAGE_SIZE = 50;
const BULK_MAX = 100;

/** GET /ads (filters, search, keyset pages) and POST /ads/bulk (approve/reject up to 100). */
export function createAdsListRoutes(deps: PanelDeps): Router {
  const router = Router();

  router.get('/ads', async (req, res) => {
    const parsed = parseAdFilters(req.query);
    const cursor = text(req.query, 'cursor') || null;
    const { t, lang } = deps.pages.context(req, res);
    let page;
    let filterError: string | null = parsed.invalid ? t('ads.badFilter') : null;
    try {
      page = await listAds({ db: deps.db, provider: deps.runtime.database.provider }, parsed.filters, { limit: PAGE_SIZE, cursor });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'validation_failed')) throw error;
      filterError = t('ads.badFilter');
      page = await listAds({ db: deps.db, provider: deps.runtime.database.provider }, parsed.filters, { limit: PAGE_SIZE });
    }
    const [names, categories] = await Promise.all([loadSourceNames(deps.db), listCategories(deps.db)]);
    deps.pages.render(req, res, 'ads', {
      title: 'ads.title',
      filters: parsed.form,
      filterError,
      options: { statuses: STATUS_FILTERS, categories, bots: names.botList, partners: names.partnerList, verdicts: AI_VERDICT_FILTERS },
      rows: toAdRows(page.items, names, t, lang),
      cannedReasons: cannedReasonOptions(lang),
      isFirstPage: !cursor,
      firstUrl: `/ads${filterQuery(parsed.form)}`,
      nextUrl: page.nextCursor ? `/ads${filterQuery(parsed.form, { cursor: page.nextCursor })}` : null,
      csvUrl: `/ads.csv${filterQuery(parsed.form)}`,
      selfUrl: req.originalUrl,
    });
  });

  router.post('/ads/bulk', async (req, res) => {
    const body = formBody(req);
    const t = translator(deps.pages.languageOf(req, res));
    const uuids = [...new Set(list(body, 'uuids').filter((id) => id.length <= 64))];
    const action = text(body, 'action');
    if (uuids.length === 0) setFlash(req, 'error', t('review.bulkNone'));
    else if (uuids.length > BULK_MAX) setFlash(req, 'error', t('review.bulkTooMany'));
    else if (action === 'approve') {
      // Under the two-person rule each approval is this moderator's vote; `voted` still need more.
      const result = await approveManyWithVotes(deps.decide, uuids, actorOf(req, res));
      setFlash(req, 'ok', result.voted?.length
        ? t('review.bulkVoted', { done: result.done.length, voted: result.voted.length, skipped: result.skipped.length })
        : t('review.bulkDone', { done: result.done.length, skipped: result.skipped.length }));
    } else if (action === 'reject') {
      const groups = await rejectionsByLanguage(deps, uuids, text(body, 'reason').trim(), text(body, 'canned'), deps.pages.languageOf(req, res));
      if (!groups) setFlash(req, 'error', t('review.reasonRequired'));
      else {
        let done = 0;
        let skipped = 0;
        for (const group of groups) {
          const result = await decideMany(deps.decide, group.uuids, group.decision, actorOf(req, res));
          done += result.done.length;
          skipped += result.skipped.length;
        }
        setFlash(req, 'ok', t('review.bulkDone', { done, skipped }));
      }
    } else setFlash(req, 'error', t('review.bulkNone'));
    redirectBack(req, res, '/ads');
  });

  return router;
}

/**
 * The reject decisions for a bulk rejection. A typed reason goes to every ad as it is; a canned
 * reason (left as the form filled it in) is sent in each ad's own language.
 */
async function rejectionsByLanguage(
  deps: PanelDeps,
  uuids: string[],
  reason: string,
  canned: string,
  staffLanguage: 'fa' | 'en',
): Promise<Array<{ uuids: string[]; decision: Decision }> | null> {
  const cannedKey = isCannedReasonKey(canned) ? canned : null;
  const usesCanned = cannedKey !== null && (reason === '' || reason === cannedReasonText(cannedKey, staffLanguage));
  if (!usesCanned) return reason ? [{ uuids, decision: { action: 'reject', reason: reason.slice(0, 1000) } }] : null;
  const ads = await deps.db.ad.findMany({ where: { id: { in: uuids } }, select: { id: true, language: true } });
  const languageOf = new Map(ads.map((ad) => [ad.id, isPanelLanguage(ad.language) ? ad.language : 'fa']));
  const groups = new Map<'fa' | 'en', string[]>();
  for (const uuid of uuids) {
    const language = languageOf.get(uuid) ?? 'fa';
    groups.set(language, [...(groups.get(language) ?? []), uuid]);
  }
  return [...groups].map(([language, ids]) => ({ uuids: ids, decision: { action: 'reject', reason: cannedReasonText(cannedKey, language) } }));
}
