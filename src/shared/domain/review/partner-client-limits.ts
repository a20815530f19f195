import type { Db } from '../../db/prisma-types.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { MAX_PARTNER_RATE_LIMIT_PER_MIN, toSummary, type PartnerClientSummary } from '../partners/partner-clients.ts';

/**
 * Changes a partner client's per-minute rate limit (creating, listing and revoking clients are
 * the partner domain's: src/shared/domain/partners/partner-clients.ts).
 */
export async function updatePartnerRateLimit(db: Db, clientId: number, rateLimitPerMin: number, actor: AuditActor): Promise<PartnerClientSummary> {
  if (!Number.isInteger(rateLimitPerMin) || rateLimitPerMin < 1 || rateLimitPerMin > MAX_PARTNER_RATE_LIMIT_PER_MIN) {
    throw new AppError('validation_failed', `Rate limit must be a whole number from 1 to ${MAX_PARTNER_RATE_LIMIT_PER_MIN} per minute`, {
      fields: { rateLimitPerMin: `must be a whole number from 1 to ${MAX_PARTNER_RATE_LIMIT_PER_MIN}` },
    });
  }
  const row = await db.$transaction(async (tx) => {
    const existing = await tx.partnerClient.findUnique({ where: { id: clientId } });
    if (!existing) throw new AppError('not_found', `No partner client ${clientId}`);
    if (existing.rateLimitPerMin === rateLimitPerMin) return existing;
    const updated = await tx.partnerClient.update({ where: { id: clientId }, data: { rateLimitPerMin } });
    await recordAudit(tx, actor, 'partner.update', {
      targetType: 'partner_client',
      targetId: String(clientId),
      details: { rateLimitPerMin: { from: existing.rateLimitPerMin, to: rateLimitPerMin } },
    });
    return updated;
  });
  return toSummary(row);
}
