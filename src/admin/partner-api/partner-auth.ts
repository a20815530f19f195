import type { RequestHandler } from 'express';
import type { Db } from '../../shared/db/prisma-types.ts';
import type { Logger } from '../../shared/logger.ts';
import { AppError } from '../../shared/errors.ts';
import {
  findPartnerByKey,
  lastUsedIsStale,
  LAST_USED_RESOLUTION_MS,
  touchPartnerLastUsed,
} from '../../shared/domain/partners/partner-key-lookup.ts';
import { setPartner } from './partner-locals.ts';

export interface PartnerAuthDeps {
  readonly db: Db;
  readonly logger: Logger;
  readonly now?: () => Date;
}

/**
 * `X-API-KEY` → the active client (one lookup by key prefix, constant-time hash comparison).
 * Missing, malformed, unknown, revoked or inactive keys all get the same 401. `lastUsedAt` is
 * written at most once a minute per client: skipped when the row or this process saw a recent
 * use, and conditional in the database for the other processes.
 */
export function createPartnerAuth(deps: PartnerAuthDeps): RequestHandler {
  const now = deps.now ?? (() => new Date());
  const touchedHere = new Map<number, number>();
  return async (req, res, next) => {
    const key = req.get('x-api-key')?.trim();
    if (!key) throw new AppError('unauthorized', 'Missing X-API-KEY header');
    const partner = await findPartnerByKey(deps.db, key);
    if (!partner) throw new AppError('unauthorized', 'Invalid, revoked or inactive API key');
    setPartner(res, partner);
    const at = now();
    const lastHere = touchedHere.get(partner.id);
    if (lastUsedIsStale(partner.lastUsedAt, at) && (lastHere === undefined || at.getTime() - lastHere >= LAST_USED_RESOLUTION_MS)) {
      touchedHere.set(partner.id, at.getTime());
      await touchPartnerLastUsed(deps.db, partner.id, at).catch((error: unknown) => {
        deps.logger.warn({ msg: 'could not record partner key use', partnerClientId: partner.id, err: error });
      });
    }
    next();
  };
}
