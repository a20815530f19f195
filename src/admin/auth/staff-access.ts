import type { Request, RequestHandler } from 'express';
import type { Db } from '../../shared/db/prisma-types.ts';
import { AppError } from '../../shared/errors.ts';
import { authenticateStaffToken } from '../../shared/domain/staff/staff-token-auth.ts';
import { findCurrentStaff, setCurrentStaff, toCurrentStaff } from './current-staff.ts';
import './session-data.ts';

/**
 * Who is asking: a bearer staff token (`Authorization: Bearer st_…`, API only) or the
 * session's staff account, re-read on every request so a deactivated account or a changed
 * role applies at once. Sets the current staff; never refuses by itself.
 */
export function identifyStaff(db: Db, options: { allowBearer: boolean }): RequestHandler {
  return async (req, res, next) => {
    try {
      const bearer = bearerToken(req);
      if (bearer !== null) {
        if (!options.allowBearer) throw new AppError('unauthorized', 'Bearer tokens are for /api/staff only');
        const user = bearer ? await authenticateStaffToken(db, bearer) : null;
        if (!user) throw new AppError('unauthorized', 'The staff token is missing, invalid or revoked');
        setCurrentStaff(res, toCurrentStaff(user, 'token'));
        next();
        return;
      }
      const userId = req.session?.staffUserId;
      if (userId !== undefined) {
        const user = await db.staffUser.findUnique({ where: { id: userId } });
        if (user?.active) setCurrentStaff(res, toCurrentStaff(user, 'session'));
        else delete req.session.staffUserId;
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** The token after `Bearer `, '' for a malformed header, null when there is no Authorization header. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

export function isBearerRequest(req: Request): boolean {
  return req.headers.authorization !== undefined;
}

/** Pages: anonymous → 302 /login (remembering where to come back to for a GET). */
export function requirePanelLogin(): RequestHandler {
  return (req, res, next) => {
    if (findCurrentStaff(res)) {
      next();
      return;
    }
    if (req.headers['hx-request'] === 'true') {
      // An htmx refresh of a page whose session ended: send the whole page to the login form.
      res.status(401).setHeader('HX-Redirect', '/login').end();
      return;
    }
    const back = req.method === 'GET' && req.originalUrl !== '/' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    res.redirect(302, `/login${back}`);
  };
}

/** JSON API: anonymous → 401. */
export function requireApiLogin(): RequestHandler {
  return (_req, res, next) => {
    next(findCurrentStaff(res) ? undefined : new AppError('unauthorized', 'Log in, or send Authorization: Bearer <staff token>'));
  };
}

/** Admin-only routes: a moderator gets 403. */
export function requireAdmin(): RequestHandler {
  return (_req, res, next) => {
    const staff = findCurrentStaff(res);
    if (!staff) next(new AppError('unauthorized', 'Not logged in'));
    else if (staff.role !== 'admin') next(new AppError('forbidden', 'Only admins can do this'));
    else next();
  };
}
