import { Router, type Request, type Response } from 'express';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../../../shared/domain/ads/delivery-channels.ts';
import { listDeliveries } from '../../../shared/domain/review/delivery-log-query.ts';
import { deliveryActionsFor, markDeliveryPosted, postDeliveryAgain, retryDelivery, type DeliveryAction } from '../../../shared/domain/review/delivery-actions.ts';
import { AppError } from '../../../shared/errors.ts';
import { requireAdmin } from '../../auth/staff-access.ts';
import { formBody, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { translateKnown, translator } from '../i18n/translator.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, idParam, redirectBack } from './request-helpers.ts';

const PAGE_SIZE = 50;

/** GET /deliveries (everyone) and the retry / post again / mark as posted actions (admins). */
export function createDeliveryRoutes(deps: PanelDeps): Router {
  const router = Router();
  const actionDeps = { db: deps.db, jobs: deps.runtime.jobs };

  router.get('/deliveries', async (req, res) => {
    const status = text(req.query, 'status');
    const channel = text(req.query, 'channel');
    const filters = {
      ...((DELIVERY_STATUSES as readonly string[]).includes(status) ? { status } : {}),
      ...((DELIVERY_CHANNELS as readonly string[]).includes(channel) ? { channel } : {}),
    };
    const cursor = text(req.query, 'cursor') || null;
    const page = await listDeliveries(deps.db, filters, { limit: PAGE_SIZE, cursor }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'validation_failed') return listDeliveries(deps.db, filters, { limit: PAGE_SIZE });
      throw error;
    });
    const query = (extra: Record<string, string>) => {
      const params = new URLSearchParams({ ...filters, ...extra });
      return params.size ? `?${params.toString()}` : '';
    };
    deps.pages.render(req, res, 'deliveries', {
      title: 'deliveries.title',
      filters: { status: filters.status ?? '', channel: filters.channel ?? '' },
      options: { statuses: DELIVERY_STATUSES, channels: DELIVERY_CHANNELS },
      rows: page.items.map((row) => ({ ...row, actions: deliveryActionsFor(row.status) })),
      isFirstPage: !cursor,
      firstUrl: `/deliveries${query({})}`,
      nextUrl: page.nextCursor ? `/deliveries${query({ cursor: page.nextCursor })}` : null,
      selfUrl: req.originalUrl,
    });
  });

  const act = (action: DeliveryAction) => async (req: Request, res: Response) => {
    const id = idParam(req, 'id');
    const actor = actorOf(req, res);
    const t = translator(deps.pages.languageOf(req, res));
    try {
      if (action === 'retry') await retryDelivery(actionDeps, id, actor);
      else if (action === 'post_again') await postDeliveryAgain(actionDeps, id, actor);
      else await markDeliveryPosted(actionDeps, id, text(formBody(req), 'note'), actor);
      setFlash(req, 'ok', t(`deliveries.done.${action}`));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'invalid_transition')) throw error;
      const row = await deps.db.delivery.findUnique({ where: { id }, select: { status: true } });
      setFlash(req, 'error', t('deliveries.notAllowed', { status: translateKnown(t, `deliveryStatus.${row?.status ?? ''}`, row?.status ?? '') }));
    }
    redirectBack(req, res, '/deliveries');
  };

  router.post('/deliveries/:id/retry', requireAdmin(), act('retry'));
  router.post('/deliveries/:id/post-again', requireAdmin(), act('post_again'));
  router.post('/deliveries/:id/mark-posted', requireAdmin(), act('mark_posted'));
  return router;
}
