import type { Request, Response } from 'express';
import { AppError } from '../../../shared/errors.ts';
import type { AuditActor } from '../../../shared/domain/audit/record-audit.ts';
import { staffActor } from '../../auth/current-staff.ts';
import { setFlash } from '../forms/flash.ts';
import { formBody, safeLocalPath, text } from '../forms/form-values.ts';

/** The acting staff member as an audit actor, with the client's IP. */
export function actorOf(req: Request, res: Response): AuditActor {
  return staffActor(res, req.ip);
}

/** A numeric route parameter, or 404. */
export function idParam(req: Request, name: string): number {
  const raw = req.params[name];
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw new AppError('not_found', 'Not found');
  return Number(raw);
}

export function stringParam(req: Request, name: string): string {
  const raw = req.params[name];
  if (typeof raw !== 'string' || raw.length > 64) throw new AppError('not_found', 'Not found');
  return raw;
}

/** After a form: back to the page it came from (a local path from the `back` field) or `fallback`. */
export function redirectBack(req: Request, res: Response, fallback: string): void {
  res.redirect(303, safeLocalPath(text(formBody(req), 'back'), fallback));
}

/**
 * Runs a form action: on an AppError that the person can act on (validation, state, conflict,
 * not found), the message becomes an error flash instead of an error page.
 */
export async function flashingErrors<T>(req: Request, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AppError && ['validation_failed', 'invalid_transition', 'conflict', 'not_found'].includes(error.code)) {
      const fields = error.fields ? ` (${Object.entries(error.fields).map(([k, v]) => `${k}: ${v}`).join('; ')})` : '';
      setFlash(req, 'error', `${error.message}${fields}`);
      return { ok: false };
    }
    throw error;
  }
}
