import type { Db } from '../../db/prisma-types.ts';
import { parseTokenPrefix, tokenMatches } from '../../crypto/keyed-token.ts';

/** What a request authenticated with a partner key knows about its client. */
export interface AuthenticatedPartner {
  readonly id: number;
  readonly name: string;
  readonly rateLimitPerMin: number;
  readonly lastUsedAt: Date | null;
}

/** `lastUsedAt` is kept to this resolution: at most one write per client per interval. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The active client a key belongs to, or null. One lookup by the unique key prefix, then a
 * constant-time comparison of hashes: never a scan over all clients. Revoked or inactive
 * clients are refused.
 */
export async function findPartnerByKey(db: Db, key: string): Promise<AuthenticatedPartner | null> {
  const prefix = parseTokenPrefix('pk', key);
  if (!prefix) return null;
  const row = await db.partnerClient.findUnique({
    where: { keyPrefix: prefix },
    select: { id: true, name: true, keyHash: true, rateLimitPerMin: true, active: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || !tokenMatches(key, row.keyHash) || !row.active || row.revokedAt) return null;
  return { id: row.id, name: row.name, rateLimitPerMin: row.rateLimitPerMin, lastUsedAt: row.lastUsedAt };
}

/**
 * Records that the client was seen, unless it was recorded less than a minute ago. The condition
 * is in the UPDATE itself, so concurrent requests and several web processes write at most once
 * a minute per client. Returns whether a row was written.
 */
export async function touchPartnerLastUsed(db: Db, clientId: number, now: Date): Promise<boolean> {
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  const { count } = await db.partnerClient.updateMany({
    where: { id: clientId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
    data: { lastUsedAt: now },
  });
  return count === 1;
}

/** Whether `touchPartnerLastUsed` would have anything to do (saves a write on most requests). */
export function lastUsedIsStale(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}
