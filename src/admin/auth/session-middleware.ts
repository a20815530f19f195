import session from 'express-session';
import type { RequestHandler } from 'express';
import { deriveKey } from '../../shared/crypto/derive-key.ts';
import type { PrismaSessionStore } from './prisma-session-store.ts';

export const SESSION_COOKIE = 'agahi.sid';
/** A logged-in session ends after this long without a request. */
export const SESSION_IDLE_MS = 12 * 3_600_000;
/** The anonymous session of the login page (it only holds the CSRF token). */
export const ANONYMOUS_SESSION_MS = 3_600_000;

/**
 * Staff sessions: stored in the database, cookie HttpOnly + SameSite=Lax + Secure when the
 * request came over HTTPS (express's `trust proxy` is loopback, so a local reverse proxy's
 * X-Forwarded-Proto counts), signed with a key derived from APP_SECRET.
 */
export function createSessionMiddleware(deps: { appSecret: Buffer; store: PrismaSessionStore }): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: deriveKey(deps.appSecret, 'staff-sessions').toString('hex'),
    store: deps.store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: ANONYMOUS_SESSION_MS },
  });
}
