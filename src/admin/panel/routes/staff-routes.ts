import { Router, type Request, type Response } from 'express';
import { createStaffUser } from '../../../shared/domain/staff/staff-accounts.ts';
import {
  isStaffLanguage,
  isStaffRole,
  issueStaffToken,
  listStaff,
  revokeStaffToken,
  setStaffLanguage,
  setStaffPassword,
  updateStaffAccess,
} from '../../../shared/domain/staff/staff-admin.ts';
import { AppError } from '../../../shared/errors.ts';
import { formBody, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { translator } from '../i18n/translator.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, flashingErrors, idParam } from './request-helpers.ts';

/**
 * /staff (admins): accounts (create, role, deactivate, set password) and staff API tokens
 * (issue: shown once in the answer to the POST; revoke).
 */
export function createStaffRoutes(deps: PanelDeps): Router {
  const router = Router();
  const t = (req: Request, res: Response) => translator(deps.pages.languageOf(req, res));

  const show = async (req: Request, res: Response, revealed: { label: string; secret: string } | null = null, status = 200) => {
    const users = await listStaff(deps.db);
    deps.pages.render(req, res, 'staff', { title: 'staff.title', users, revealed }, status);
  };

  router.get('/staff', (req, res) => show(req, res));

  router.post('/staff', async (req, res) => {
    const body = formBody(req);
    const role = text(body, 'role');
    const language = text(body, 'language');
    const created = await flashingErrors(req, async () => {
      if (!isStaffRole(role)) throw new AppError('validation_failed', 'Choose a role', { fields: { role: 'admin or moderator' } });
      const email = text(body, 'email').trim();
      if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 200) throw new AppError('validation_failed', 'Enter a valid email', { fields: { email: 'not an email' } });
      const user = await createStaffUser(deps.db, { email, password: text(body, 'password'), role, name: text(body, 'name').trim().slice(0, 100) }, actorOf(req, res));
      if (isStaffLanguage(language)) await setStaffLanguage(deps.db, user.id, language);
      return user;
    });
    if (created.ok) setFlash(req, 'ok', t(req, res)('staff.created', { email: created.value.email }));
    res.redirect(303, '/staff');
  });

  router.post('/staff/:id', async (req, res) => {
    const id = idParam(req, 'id');
    const body = formBody(req);
    const role = text(body, 'role');
    const active = text(body, 'active');
    const { ok } = await flashingErrors(req, async () => {
      if (id === actorId(req, res) && active === 'false') throw new AppError('conflict', 'You cannot deactivate your own account');
      await updateStaffAccess(
        deps.db,
        id,
        { ...(isStaffRole(role) ? { role } : {}), ...(active === 'true' || active === 'false' ? { active: active === 'true' } : {}) },
        actorOf(req, res),
      );
    });
    if (ok) setFlash(req, 'ok', t(req, res)('staff.updated'));
    res.redirect(303, '/staff');
  });

  router.post('/staff/:id/password', async (req, res) => {
    const id = idParam(req, 'id');
    const { ok } = await flashingErrors(req, () => setStaffPassword(deps.db, id, text(formBody(req), 'password'), actorOf(req, res)));
    if (ok) setFlash(req, 'ok', t(req, res)('staff.passwordSet'));
    res.redirect(303, '/staff');
  });

  router.post('/staff/:id/tokens', async (req, res) => {
    const id = idParam(req, 'id');
    const issued = await flashingErrors(req, async () => {
      const user = await deps.db.staffUser.findUnique({ where: { id }, select: { email: true } });
      const token = await issueStaffToken(deps.db, id, text(formBody(req), 'name'), actorOf(req, res));
      return { token, email: user?.email ?? '' };
    });
    if (!issued.ok) {
      res.redirect(303, '/staff');
      return;
    }
    await show(req, res, { label: t(req, res)('staff.tokenFor', { email: issued.value.email }), secret: issued.value.token }, 201);
  });

  router.post('/staff/tokens/:tokenId/revoke', async (req, res) => {
    const tokenId = idParam(req, 'tokenId');
    const { ok } = await flashingErrors(req, () => revokeStaffToken(deps.db, tokenId, actorOf(req, res)));
    if (ok) setFlash(req, 'ok', t(req, res)('staff.tokenRevoked'));
    res.redirect(303, '/staff');
  });

  return router;
}

function actorId(req: Request, res: Response): number {
  return Number(actorOf(req, res).id);
}
