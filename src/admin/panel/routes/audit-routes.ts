import { Router } from 'express';
import { listAuditLog } from '../../../shared/domain/review/audit-log-query.ts';
import { addLocalDays, parseLocalDay } from '../../../shared/domain/review/local-day.ts';
import { AppError } from '../../../shared/errors.ts';
import { text } from '../forms/form-values.ts';
import type { PanelDeps } from '../panel-deps.ts';

const PAGE_SIZE = 50;

/** The actions the filter offers (a prefix ending in "." matches a whole group). */
export const AUDIT_ACTIONS = [
  'ad.',
  'ad.approve',
  'ad.reject',
  'ad.revision',
  'delivery.',
  'settings.update',
  'staff.',
  'staff.login',
  'staff.login_failed',
  'staff.logout',
  'staff.create',
  'staff.update',
  'staff.token_create',
  'staff.token_revoke',
  'partner.',
  'bot.',
  'category.',
] as const;

/** GET /audit (admins): every decision, settings change, key created, login; newest first, keyset pages. */
export function createAuditRoutes(deps: PanelDeps): Router {
  const router = Router();

  router.get('/audit', async (req, res) => {
    const action = text(req.query, 'action').slice(0, 60);
    const actor = /^\d{1,9}$/.test(text(req.query, 'actor')) ? text(req.query, 'actor') : '';
    const target = text(req.query, 'target').trim().slice(0, 64);
    const from = parseLocalDay(text(req.query, 'from'));
    const to = parseLocalDay(text(req.query, 'to'));
    const cursor = text(req.query, 'cursor') || null;
    const filters = {
      ...(/^[a-z_.]+$/.test(action) ? { action } : {}),
      ...(actor ? { actorType: 'staff', actorId: actor } : {}),
      ...(target ? { targetId: target } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to: addLocalDays(to, 1) } : {}),
    };
    const page = await listAuditLog(deps.db, filters, { limit: PAGE_SIZE, cursor }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'validation_failed') return listAuditLog(deps.db, filters, { limit: PAGE_SIZE });
      throw error;
    });
    const staff = await deps.db.staffUser.findMany({ select: { id: true, email: true }, orderBy: { id: 'asc' } });
    const { t } = deps.pages.context(req, res);
    const form = { action: filters.action ?? '', actor, target, from: from ? text(req.query, 'from') : '', to: to ? text(req.query, 'to') : '' };
    const query = (extra: Record<string, string>) => {
      const params = new URLSearchParams(Object.entries({ ...form, ...extra }).filter(([, v]) => v));
      return params.size ? `?${params.toString()}` : '';
    };
    deps.pages.render(req, res, 'audit', {
      title: 'audit.title',
      filters: form,
      options: { actions: AUDIT_ACTIONS, staff },
      rows: page.items.map((row) => ({
        ...row,
        actor:
          row.actorType === 'staff'
            ? row.actorId
              ? (page.actorNames.get(row.actorId) ?? t('actor.staff', { id: row.actorId }))
              : t('actor.staff', { id: '?' })
            : `${row.actorType}${row.actorId ? ` #${row.actorId}` : ''}`,
        target: row.targetType ? `${row.targetType}${row.targetId ? `:${row.targetId}` : ''}` : '',
        targetHref: row.targetType === 'ad' && row.targetId ? `/ads/${row.targetId}` : row.targetType === 'telegram_user' && row.targetId ? `/submitters/${row.targetId}` : null,
        details: row.detailsJson && row.detailsJson.length > 300 ? `${row.detailsJson.slice(0, 300)}…` : (row.detailsJson ?? ''),
      })),
      isFirstPage: !cursor,
      firstUrl: `/audit${query({})}`,
      nextUrl: page.nextCursor ? `/audit${query({ cursor: page.nextCursor })}` : null,
    });
  });

  return router;
}
