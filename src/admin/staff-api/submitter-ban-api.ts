import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import type { AuditActor } from '../../shared/domain/audit/record-audit.ts';
import type { TelegramUser } from '../../shared/db/prisma-types.ts';
import { banSubmitter, liftBan } from '../../shared/domain/submitters/ban-submitter.ts';
import { BAN_DURATIONS, BAN_KINDS, banUntil } from '../../shared/domain/submitters/ban-state.ts';
import type { PanelDeps } from '../panel/panel-deps.ts';
import { parseOrThrow } from './staff-api-schemas.ts';

/** `duration` (1d, 7d, 30d, permanent) or an explicit `until` (ISO time); neither = until lifted. */
const banBody = z
  .object({
    kind: z.enum(BAN_KINDS),
    reason: z.string().trim().min(1).max(500),
    duration: z.enum(BAN_DURATIONS).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((body) => !(body.duration && body.until), { error: 'give duration or until, not both', path: ['until'] });
const unbanBody = z.object({ reason: z.string().max(500).optional() });

/**
 * POST /api/staff/users/:id/ban and /unban (`:id` is the TelegramUser id shown in the panel),
 * with the same auth as the rest of /api/staff. Audited like the panel's ban form.
 */
export function addSubmitterBanRoutes(router: Router, deps: PanelDeps, actor: (req: Request, res: Response) => AuditActor): void {
  const userId = (req: Request) => {
    const raw = req.params.id;
    if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw new AppError('not_found', 'Submitter not found');
    return Number(raw);
  };
  const banDeps = { db: deps.db, jobs: deps.runtime.jobs };

  router.post('/users/:id/ban', async (req, res) => {
    const body = parseOrThrow(banBody, req.body, 'body');
    const until = body.until ? new Date(body.until) : banUntil(body.duration ?? 'permanent');
    const result = await banSubmitter(banDeps, { telegramUserId: userId(req), kind: body.kind, reason: body.reason, until }, actor(req, res));
    res.json({ ...banJson(result.user), shadowedAds: result.shadowedAds });
  });

  router.post('/users/:id/unban', async (req, res) => {
    const body = parseOrThrow(unbanBody, req.body, 'body');
    res.json(banJson(await liftBan(banDeps, userId(req), actor(req, res), body.reason ?? '')));
  });
}

function banJson(user: TelegramUser) {
  return {
    id: user.id,
    banKind: user.banKind,
    banReason: user.banReason,
    bannedAt: user.bannedAt?.toISOString() ?? null,
    bannedUntil: user.bannedUntil?.toISOString() ?? null,
  };
}
