import { Router, type Request, type Response } from 'express';
import { decideAd, type Decision } from '../../../shared/domain/ads/decide-ad.ts';
import { approveWithVotes } from '../../../shared/domain/ads/approval-votes.ts';
import { votersOf } from '../../../shared/domain/ads/approval-tally.ts';
import { formatLocalDateTime, parseLocalDateTime } from '../../../shared/domain/publishing/publish-at.ts';
import { formattersFor } from '../i18n/formatters.ts';
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
import { loadSubmitterHistory } from '../../../shared/domain/submitters/submitter-history.ts';
import { submitterView } from './submitter-routes.ts';

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
    const [names, history] = await Promise.all([
      loadSourceNames(deps.db),
      ad.telegramUserId !== null ? loadSubmitterHistory(deps.db, ad.telegramUserId, { limit: 10 }) : Promise.resolve(null),
    ]);
    const adLanguage = isPanelLanguage(ad.language) ? ad.language : 'fa';
    deps.pages.render(req, res, 'ad-detail', {
      title: `${t('review.title')} ${ad.code}`,
      useHtmx: true,
      ad,
      pending: !ad.shadowed && (PENDING_STATUSES as readonly string[]).includes(ad.status),
      approvals: await approvalsView(deps, ad.id, lang),
      publishAtMin: formatLocalDateTime(new Date()),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
      submitter: history ? submitterView(history, req.originalUrl) : null,
      showPageLink: true,
      currentAdId: ad.id,
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
    const when = text(formBody(req), 'publishAt');
    const publishAt = when ? parseLocalDateTime(when) : null;
    if (when && !publishAt) {
      setFlash(req, 'error', translator(deps.pages.languageOf(req, res))('review.publishAtInvalid'));
      res.redirect(303, `/ads/${uuid}`);
      return;
    }
    await approveAndTell(deps, req, res, uuid, { action: 'approve', ...(content !== undefined ? { content } : {}), ...(publishAt ? { publishAt } : {}) });
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

/** Approve (or, under the two-person rule, vote): the flash says which, with the votes so far. */
async function approveAndTell(deps: PanelDeps, req: Request, res: Response, uuid: string, decision: Extract<Decision, { action: 'approve' }>): Promise<void> {
  const lang = deps.pages.languageOf(req, res);
  const t = translator(lang);
  try {
    const outcome = await approveWithVotes(deps.decide, uuid, decision, actorOf(req, res));
    if (outcome.status === 'approved') {
      setFlash(req, 'ok', decision.publishAt ? t('review.scheduled', { time: formattersFor(lang).dateTime(decision.publishAt) }) : t('review.approved'));
    } else {
      setFlash(req, 'ok', t(outcome.alreadyVoted ? 'review.alreadyVoted' : 'review.voted', { votes: outcome.votes, required: outcome.votesRequired }));
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'invalid_transition') {
      const current = await deps.db.ad.findUnique({ where: { id: uuid }, select: { status: true } });
      setFlash(req, 'error', t('review.alreadyDecided', { status: statusLabel(t, current?.status ?? '') }));
    } else if (error.code === 'validation_failed') setFlash(req, 'error', error.fields?.publishAt ? t('review.publishAtInvalid') : error.message);
    else throw error;
  }
  res.redirect(303, `/ads/${uuid}`);
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

/** The two-person rule's state for the review page (null when one approval decides). */
async function approvalsView(deps: PanelDeps, adId: string, lang: string): Promise<{ votes: number; required: number; names: string } | null> {
  const required = await deps.runtime.settings.get('review.approvalsRequired');
  if (required <= 1) return null;
  const voters = await votersOf(deps.db, adId);
  return { votes: voters.length, required, names: voters.join(lang === 'fa' ? '، ' : ', ') };
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
