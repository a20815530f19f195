import { Router, type Request, type Response } from 'express';
import { AppError } from '../../../shared/errors.ts';
import { banSubmitter, liftBan } from '../../../shared/domain/submitters/ban-submitter.ts';
import { BAN_DURATIONS, banUntil, isBanDuration, isBanKind } from '../../../shared/domain/submitters/ban-state.ts';
import { loadSubmitterHistory } from '../../../shared/domain/submitters/submitter-history.ts';
import { formBody, multiline, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { translator } from '../i18n/translator.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, flashingErrors, idParam, redirectBack } from './request-helpers.ts';

/** How many of a submitter's ads their page lists (newest first). */
const PAGE_ADS = 100;

/**
 * A submitter (TelegramUser): GET /submitters/:id (who they are, their ban, every ad of theirs
 * by status and the newest 100, shadowed ones marked), and the ban form's two actions, also
 * shown on the review page of each of their ads. Any staff member may ban; every ban and lift
 * is audited (ban-submitter.ts).
 */
export function createSubmitterRoutes(deps: PanelDeps): Router {
  const router = Router();

  router.get('/submitters/:id', async (req, res) => {
    const history = await loadSubmitterHistory(deps.db, idParam(req, 'id'), { limit: PAGE_ADS });
    if (!history) throw new AppError('not_found', 'Submitter not found');
    const { t } = deps.pages.context(req, res);
    const name = [history.user.firstName, history.user.lastName].filter(Boolean).join(' ') || `#${history.user.telegramId}`;
    deps.pages.render(req, res, 'submitter', { title: t('submitter.pageTitle', { name }), submitter: submitterView(history, req.originalUrl) });
  });

  router.post('/submitters/:id/ban', async (req, res) => {
    const id = idParam(req, 'id');
    const body = formBody(req);
    const t = translator(deps.pages.languageOf(req, res));
    const kind = text(body, 'kind');
    const duration = text(body, 'duration');
    const reason = multiline(body, 'reason').trim();
    if (!isBanKind(kind) || !isBanDuration(duration)) throw new AppError('validation_failed', 'Choose a kind and a duration');
    if (!reason) {
      setFlash(req, 'error', t('submitter.reasonRequired'));
      redirectBack(req, res, `/submitters/${id}`);
      return;
    }
    const done = await flashingErrors(req, () =>
      banSubmitter({ db: deps.db, jobs: deps.runtime.jobs }, { telegramUserId: id, kind, reason, until: banUntil(duration) }, actorOf(req, res)),
    );
    if (done.ok) setFlash(req, 'ok', kind === 'shadow' ? t('submitter.shadowDone', { count: done.value.shadowedAds }) : t('submitter.bannedDone'));
    redirectBack(req, res, `/submitters/${id}`);
  });

  router.post('/submitters/:id/unban', async (req: Request, res: Response) => {
    const id = idParam(req, 'id');
    const t = translator(deps.pages.languageOf(req, res));
    const done = await flashingErrors(req, () => liftBan({ db: deps.db, jobs: deps.runtime.jobs }, id, actorOf(req, res), multiline(formBody(req), 'reason')));
    if (done.ok) setFlash(req, 'ok', t('submitter.liftedDone'));
    redirectBack(req, res, `/submitters/${id}`);
  });

  return router;
}

/** What the submitter card and page show (the `back` path returns the ban form to that page). */
export function submitterView(history: NonNullable<Awaited<ReturnType<typeof loadSubmitterHistory>>>, back: string) {
  return { ...history, back, durations: BAN_DURATIONS };
}
