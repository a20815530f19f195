import type { Response } from 'express';
import { AppError } from '../../shared/errors.ts';
import type { AuthenticatedPartner } from '../../shared/domain/partners/partner-key-lookup.ts';

/** The authenticated client of this request, as the auth middleware left it in `res.locals`. */
export function partnerOf(res: Response): AuthenticatedPartner {
  const partner = (res.locals as { partner?: AuthenticatedPartner }).partner;
  if (!partner) throw new AppError('unauthorized', 'Missing X-API-KEY header');
  return partner;
}

export function setPartner(res: Response, partner: AuthenticatedPartner): void {
  (res.locals as { partner?: AuthenticatedPartner }).partner = partner;
}
