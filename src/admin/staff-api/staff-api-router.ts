import express, { Router, type Request, type Response } from 'express';
import { decideAd, decideMany, type Decision } from '../../shared/domain/ads/decide-ad.ts';
import { approveManyWithVotes, approveWithVotes } from '../../shared/domain/ads/approval-votes.ts';
import { listAds } from '../../shared/domain/review/ad-list-query.ts';
import { loadAdDetail } from '../../shared/domain/review/ad-detail-query.ts';
import { loadPulse } from '../../shared/domain/review/pulse.ts';
import { markDeliveryPosted, postDeliveryAgain, retryDelivery } from '../../shared/domain/review/delivery-actions.ts';
import { AppError } from '../../shared/errors.ts';
import type { AuditActor } from '../../shared/domain/audit/record-audit.ts';
import { staffActor } from '../auth/current-staff.ts';
import { requireCsrf } from '../auth/csrf-protection.ts';
import { identifyStaff, isBearerRequest, requireAdmin, requireApiLogin } from '../auth/staff-access.ts';
import type { PanelDeps } from '../panel/panel-deps.ts';
import { adDetailJson, adListItemJson, deliveryJson } from './staff-ad-json.ts';
import { adListQuery, approveBody, bulkBody, markPostedBody, parseOrThrow, rejectBody, revisionBody } from './staff-api-schemas.ts';
import { jsonErrors, jsonNotFound } from './json-errors.ts';
import { addSubmitterBanRoutes } from './submitter-ban-api.ts';

/**
 * The staff JSON API under /api/staff (CONTRACT.md §3). Auth: `Authorization: Bearer <staff
 * token>` (no CSRF), or the panel session plus the CSRF token in `X-CSRF-Token` for changes.
 * 401 without either; 403 for a moderator on admin-only routes (the delivery actions).
 */
export function createStaffApiRouter(deps: PanelDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(identifyStaff(deps.db, { allowBearer: true }));
  router.use(requireApiLogin());
  router.use(express.json({ limit: '64kb', strict: true }));
  router.use(requireCsrf(isBearerRequest));

  const actor = (req: Request, res: Response): AuditActor => staffActor(res, req.ip);
  const uuidOf = (req: Request) => {
    const uuid = req.params.uuid;
    if (typeof uuid !== 'string' || uuid.length > 64) throw new AppError('not_found', 'Ad not found');
    return uuid;
  };
  const decide = async (req: Request, res: Response, decision: Decision) => {
    const result = await decideAd(deps.decide, uuidOf(req), decision, actor(req, res));
    res.status(200).json(result);
  };

  router.get('/pulse', async (_req, res) => {
    res.json(await loadPulse(deps.db));
  });

  router.get('/ads', async (req, res) => {
    const query = parseOrThrow(adListQuery, req.query, 'query');
    const page = await listAds(
      { db: deps.db, provider: deps.runtime.database.provider },
      {
        ...(query.status ? { statuses: query.status === 'pending' ? ['pending_ai', 'pending_manual'] : [query.status] } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...(query.code ? { code: query.code } : {}),
        sort: 'newest',
      },
      { limit: query.limit, cursor: query.cursor ?? null },
    );
    res.json({ items: page.items.map(adListItemJson), nextCursor: page.nextCursor });
  });

  router.get('/ads/:uuid', async (req, res) => {
    const ad = await loadAdDetail(deps.db, uuidOf(req));
    if (!ad) throw new AppError('not_found', 'Ad not found');
    res.json(adDetailJson(ad));
  });

  router.post('/ads/bulk', async (req, res) => {
    const body = parseOrThrow(bulkBody, req.body, 'body');
    if (body.action === 'approve') {
      // Under the two-person rule an approval is a vote: `voted` lists the ads still waiting for more.
      res.json(await approveManyWithVotes(deps.decide, body.uuids, actor(req, res)));
      return;
    }
    const decision: Decision = { action: 'reject', reason: body.reason ?? '' };
    res.json(await decideMany(deps.decide, body.uuids, decision, actor(req, res)));
  });

  router.post('/ads/:uuid/approve', async (req, res) => {
    const body = parseOrThrow(approveBody, req.body, 'body');
    const decision = {
      action: 'approve' as const,
      ...(body.content !== undefined ? { content: body.content.replace(/\r\n?/g, '\n') } : {}),
      ...(body.publishAt !== undefined ? { publishAt: new Date(body.publishAt) } : {}),
    };
    // 200 {"uuid","status":"approved"}, or under the two-person rule {"uuid","status","votes","votesRequired",…}.
    res.status(200).json(await approveWithVotes(deps.decide, uuidOf(req), decision, actor(req, res)));
  });

  router.post('/ads/:uuid/reject', async (req, res) => {
    await decide(req, res, { action: 'reject', reason: parseOrThrow(rejectBody, req.body, 'body').reason });
  });

  router.post('/ads/:uuid/revision', async (req, res) => {
    await decide(req, res, { action: 'revision', note: parseOrThrow(revisionBody, req.body, 'body').note });
  });

  const deliveryId = (req: Request) => {
    const raw = req.params.id;
    if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw new AppError('not_found', 'Delivery not found');
    return Number(raw);
  };
  const actionDeps = { db: deps.db, jobs: deps.runtime.jobs };
  router.post('/deliveries/:id/retry', requireAdmin(), async (req, res) => {
    res.json({ id: deliveryId(req), ...deliveryJson(await retryDelivery(actionDeps, deliveryId(req), actor(req, res))) });
  });
  router.post('/deliveries/:id/post-again', requireAdmin(), async (req, res) => {
    res.json({ id: deliveryId(req), ...deliveryJson(await postDeliveryAgain(actionDeps, deliveryId(req), actor(req, res))) });
  });
  router.post('/deliveries/:id/mark-posted', requireAdmin(), async (req, res) => {
    const body = parseOrThrow(markPostedBody, req.body, 'body');
    res.json({ id: deliveryId(req), ...deliveryJson(await markDeliveryPosted(actionDeps, deliveryId(req), body.note ?? '', actor(req, res))) });
  });

  addSubmitterBanRoutes(router, deps, actor);

  router.use(jsonNotFound());
  router.use(jsonErrors(deps.runtime.logger));
  return router;
}
