import type { Request } from 'express';
import '../../auth/session-data.ts';

export interface Flash {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

/** A message for the next page after a redirect (kept in the session, shown once). */
export function setFlash(req: Request, kind: Flash['kind'], text: string): void {
  req.session.flash = { kind, text };
}

export function takeFlash(req: Request): Flash | null {
  const flash = req.session.flash;
  if (!flash) return null;
  delete req.session.flash;
  return flash;
}
