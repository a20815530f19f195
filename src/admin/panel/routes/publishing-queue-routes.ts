import { Router } from 'express';
import { loadPublishingQueue, moveInQueue, publishNow } from '../../../shared/domain/publishing/publishing-queue.ts';
import { PACING_UNITS, isPacingUnit } from '../../../shared/domain/publishing/pacing-units.ts';
import { requireAdmin } from '../../auth/staff-access.ts';
import { formBody, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { translator } from '../i18n/translator.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, flashingErrors, stringParam } from './request-helpers.ts';

/**
 * GET /queue: the publishing queue (paced channels in order with planned times, and scheduled
 * approvals). Staff move ads up and down (swapping planned slots); admins publish one now.
 */
export function createPublishingQueueRoutes(deps: PanelDeps): Router {
  const router = Router();
  const queueDeps = { db: deps.db, provider: deps.runtime.database.provider, jobs: deps.runtime.jobs };

  router.get('/queue', async (req, res) => {
    const now = new Date();
    const [queue, settings] = await Promise.all([loadPublishingQueue(deps.db, now), deps.runtime.settings.getAll()]);
    deps.pages.render(req, res, 'queue', {
      title: 'queue.title',
      units: queue.units.map((entry) => ({ ...entry, perDay: settings[PACING_UNITS[entry.unit].setting] })),
      scheduled: queue.scheduled,
    });
  });

  router.post('/queue/:uuid/move', async (req, res) => {
    const body = formBody(req);
    const unit = text(body, 'unit');
    const direction = text(body, 'direction') === 'down' ? 'down' : 'up';
    const t = translator(deps.pages.languageOf(req, res));
    if (isPacingUnit(unit)) {
      const result = await flashingErrors(req, () => moveInQueue(queueDeps, stringParam(req, 'uuid'), unit, direction, actorOf(req, res)));
      if (result.ok) setFlash(req, 'ok', t(result.value.moved ? 'queue.moved' : 'queue.notMoved'));
    }
    res.redirect(303, '/queue');
  });

  router.post('/queue/:uuid/publish-now', requireAdmin(), async (req, res) => {
    const t = translator(deps.pages.languageOf(req, res));
    const result = await flashingErrors(req, () => publishNow(queueDeps, stringParam(req, 'uuid'), actorOf(req, res)));
    if (result.ok) setFlash(req, 'ok', t('queue.publishedNow'));
    res.redirect(303, '/queue');
  });

  return router;
}
