import { Router, type Request, type Response } from 'express';
import { decideAd, type Decision } from '../../../shared/domain/ads/decide-ad.ts';
import { PENDING_STATUSES, type AdStatus } from '../../../shared/domain/ads/ad-status.ts';
import { loadAdDeliveries, loadAdDetail } from '../../../shared/domain/review/ad-detail-query.ts';
import { deliveryActionsFor } from '../../../shared/domain/review/delivery-actions.ts';
import { AppError } from '../../../shared/errors.ts';
import { formBody, multiline, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { cannedReasonOptions, cannedReasonText, isCannedReasonKey } from '../canned-reasons.ts';
import { isPanelLanguage, translateKnown, translator, type Translate } from '../i18n/translator.ts';
import { toHistory } from '../view-models/ad-history.ts';
import { toScoreRows } from '../view-models/moderation-scores.ts';
import { categoryName, sourceLabel } from '../view-models/ad-rows.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, stringParam } from './request-helpers.ts';
import { loadSourceNames } from './source-names.ts';

/** Deliveries still moving: the table refreshes itself (htmx) while any is. */
const LIVE_DELIVERY_STATUSES = new Set(['pending', 'in_progress']);

/**
 * GET /ads/:uuid (the review page), GET /ads/:uuid/deliveries (its live delivery table) and the
 * three decisions. Decisions go through decideAd (race-safe: a second decision gets 409 and
 * changes nothing, shown here as a message).
 */
export function createAdReviewRoutes(deps: PanelDeps): Router {
  const router = Router();

  router.get('/ads/:uuid', async (req, res) => {
    const ad = await loadAdDetail(deps.db, stringParam(req, 'uuid'));
    if (!ad) throw new AppError('not_found', 'Ad not found');
    const { t, lang } = deps.pages.context(req, res);
    const names = await loadSourceNames(deps.db);
    const adLanguage = isPanelLanguage(ad.language) ? ad.language : 'fa';
    deps.pages.render(req, res, 'ad-detail', {
      title: `${t('review.title')} ${ad.code}`,
      useHtmx: true,
      ad,
      pending: (PENDING_STATUSES as readonly string[]).includes(ad.status),
      categoryName: categoryName(ad.category, lang),
      sourceLabel: sourceLabel(ad, names, t),
      scores: toScoreRows(ad.moderation?.scoresJson, ad.moderation?.categoriesJson),
      history: toHistory(ad.events, ad.staffNames, t),
      cannedReasons: cannedReasonOptions(lang, adLanguage),
      ...deliveriesView(ad.id, ad.deliveries, req.originalUrl),
    });
  });

  router.get('/ads/:uuid/deliveries', async (req, res) => {
    const uuid = stringParam(req, 'uuid');
    const deliveries = await loadAdDeliveries(deps.db, uuid);
    deps.pages.renderPartial(req, res, 'partials/deliveries-table', deliveriesView(uuid, deliveries, `/ads/${uuid}`));
  });

  router.post('/ads/:uuid/approve', async (req, res) => {
    const uuid = stringParam(req, 'uuid');
    const edited = multiline(formBody(req), 'content');
    const ad = await deps.db.ad.findUnique({ where: { id: uuid }, select: { content: true } });
    if (!ad) throw new AppError('not_found', 'Ad not found');
    const content = edited.trim() && edited.trim() !== ad.content.trim() ? edited : undefined;
    await decide(deps, req, res, uuid, { action: 'approve', ...(content !== undefined ? { content } : {}) }, 'review.approved');
  });

  router.post('/ads/:uuid/reject', async (req, res) => {
    const uuid = stringParam(req, 'uuid');
    const body = formBody(req);
    const t = translator(deps.pages.languageOf(req, res));
    const ad = await deps.db.ad.findUnique({ where: { id: uuid }, select: { language: true } });
    if (!ad) throw new AppError('not_found', 'Ad not found');
    const canned = text(body, 'canned');
    const typed = multiline(body, 'reason').trim().slice(0, 1000);
    const reason = typed || (isCannedReasonKey(canned) ? cannedReasonText(canned, isPanelLanguage(ad.language) ? ad.language : 'fa') : '');
    if (!reason) {
      setFlash(req, 'error', t('review.reasonRequired'));
      res.redirect(303, `/ads/${uuid}`);
      return;
    }
    await decide(deps, req, res, uuid, { action: 'reject', reason }, 'review.rejected');
  });

  router.post('/ads/:uuid/revision', async (req, res) => {
    const uuid = stringParam(req, 'uuid');
    const note = multiline(formBody(req), 'note').trim().slice(0, 1000);
    if (!note) {
      setFlash(req, 'error', translator(deps.pages.languageOf(req, res))('review.noteRequired'));
      res.redirect(303, `/ads/${uuid}`);
      return;
    }
    await decide(deps, req, res, uuid, { action: 'revision', note }, 'review.revisionSent');
  });

  return router;
}

async function decide(
  deps: PanelDeps,
  req: Request,
  res: Response,
  uuid: string,
  decision: Decision,
  doneKey: 'review.approved' | 'review.rejected' | 'review.revisionSent',
): Promise<void> {
  const t = translator(deps.pages.languageOf(req, res));
  try {
    await decideAd(deps.decide, uuid, decision, actorOf(req, res));
    setFlash(req, 'ok', t(doneKey));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'invalid_transition') {
      const current = await deps.db.ad.findUnique({ where: { id: uuid }, select: { status: true } });
      setFlash(req, 'error', t('review.alreadyDecided', { status: statusLabel(t, current?.status ?? '') }));
    } else if (error.code === 'validation_failed') setFlash(req, 'error', error.message);
    else throw error;
  }
  res.redirect(303, `/ads/${uuid}`);
}

function statusLabel(t: Translate, status: string): string {
  return translateKnown(t, `status.${status as AdStatus}`, status);
}

function deliveriesView(adId: string, deliveries: ReadonlyArray<{ status: string }>, back: string) {
  return {
    adId,
    back,
    deliveries: deliveries.map((d) => ({ ...d, actions: deliveryActionsFor(d.status) })),
    deliveriesLive: deliveries.some((d) => LIVE_DELIVERY_STATUSES.has(d.status)),
  };
}
