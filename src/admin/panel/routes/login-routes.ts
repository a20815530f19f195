import { Router, type Request } from 'express';
import { recordAudit } from '../../../shared/domain/audit/record-audit.ts';
import { normalizeEmail, verifyStaffLogin } from '../../../shared/domain/staff/staff-login.ts';
import { findCurrentStaff } from '../../auth/current-staff.ts';
import { loginThrottleKey } from '../../auth/login-throttle.ts';
import { SESSION_IDLE_MS } from '../../auth/session-middleware.ts';
import { formBody, safeLocalPath, text } from '../forms/form-values.ts';
import { translator } from '../i18n/translator.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { setFlash } from '../forms/flash.ts';

/** GET/POST /login and POST /logout (CONTRACT.md §3): every login, failure and logout is audited. */
export function createLoginRoutes(deps: PanelDeps): Router {
  const router = Router();
  const { db } = deps;

  router.get('/login', (req, res) => {
    const lang = text(req.query, 'lang');
    if (lang === 'fa' || lang === 'en') req.session.language = lang;
    if (findCurrentStaff(res)) {
      res.redirect(302, '/');
      return;
    }
    deps.pages.render(req, res, 'login', { title: 'auth.title', next: nextPath(text(req.query, 'next')), email: '', error: null });
  });

  router.post('/login', async (req, res) => {
    const body = formBody(req);
    const email = normalizeEmail(text(body, 'email')).slice(0, 200);
    const password = text(body, 'password').slice(0, 500);
    const next = nextPath(text(body, 'next'));
    const t = translator(deps.pages.languageOf(req, res));
    const key = loginThrottleKey(email, req.ip);
    const retryAfter = deps.throttle.retryAfter(key);
    const ip = req.ip ? { ip: req.ip } : {};
    if (retryAfter !== null) {
      await recordAudit(db, { type: 'staff', ...ip }, 'staff.login_failed', { targetType: 'staff', details: { email, reason: 'throttled' } });
      res.setHeader('Retry-After', String(retryAfter));
      deps.pages.render(req, res, 'login', { title: 'auth.title', next, email, error: t('auth.throttled', { minutes: Math.ceil(retryAfter / 60) }) }, 429);
      return;
    }
    const user = email && password ? await verifyStaffLogin(db, email, password) : null;
    if (!user) {
      deps.throttle.recordFailure(key);
      await recordAudit(db, { type: 'staff', ...ip }, 'staff.login_failed', { targetType: 'staff', details: { email, reason: 'bad_credentials' } });
      deps.pages.render(req, res, 'login', { title: 'auth.title', next, email, error: t('auth.failed') }, 401);
      return;
    }
    deps.throttle.reset(key);
    await regenerate(req);
    req.session.staffUserId = user.id;
    req.session.cookie.maxAge = SESSION_IDLE_MS;
    await db.$transaction(async (tx) => {
      await tx.staffUser.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
      await recordAudit(tx, { type: 'staff', id: String(user.id), ...ip }, 'staff.login', { targetType: 'staff', targetId: String(user.id) });
    });
    res.redirect(303, next);
  });

  router.post('/logout', async (req, res) => {
    const staff = findCurrentStaff(res);
    if (staff) {
      await recordAudit(db, { type: 'staff', id: String(staff.id), ...(req.ip ? { ip: req.ip } : {}) }, 'staff.logout', { targetType: 'staff', targetId: String(staff.id) });
    }
    const language = staff?.language;
    await regenerate(req);
    if (language) req.session.language = language;
    setFlash(req, 'ok', translator(language ?? 'fa')('auth.loggedOut'));
    res.redirect(303, '/login');
  });

  return router;
}

function nextPath(value: string): string {
  const path = safeLocalPath(value, '/');
  return path.startsWith('/login') || path.startsWith('/logout') ? '/' : path;
}

/** A new session id (and an empty session): login never keeps the anonymous session's id. */
function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()));
  });
}
