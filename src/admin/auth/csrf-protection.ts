import crypto from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { CsrfError } from './csrf-error.ts';
import './session-data.ts';

/** Forms carry the token in this hidden field; fetch/htmx send it in the header. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sync = csrfSync({
  size: 32,
  getTokenFromRequest: (req) => tokenFromRequest(req),
});

function tokenFromRequest(req: Request): string | undefined {
  const header = req.headers[CSRF_HEADER];
  if (typeof header === 'string' && header) return header;
  const body: unknown = req.body;
  if (body && typeof body === 'object' && CSRF_FIELD in body) {
    const value = (body as Record<string, unknown>)[CSRF_FIELD];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/** The session's synchronizer token (created on first use; stored in the session). */
export function csrfTokenFor(req: Request): string {
  return sync.generateToken(req);
}

/**
 * Refuses a state-changing request whose token does not equal the session's (constant-time),
 * with 403 `forbidden` (CsrfError). Requests authenticated by a bearer token skip it (`skip`).
 */
export function requireCsrf(skip: (req: Request) => boolean = () => false): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || skip(req)) {
      next();
      return;
    }
    const sent = sync.getTokenFromRequest(req);
    const stored = sync.getTokenFromState(req);
    if (typeof sent === 'string' && typeof stored === 'string' && sameToken(sent, stored)) {
      next();
      return;
    }
    next(new CsrfError());
  };
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
