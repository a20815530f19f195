import type { Db, StaffUser } from '../../db/prisma-types.ts';
import { parseTokenPrefix, tokenMatches } from '../../crypto/keyed-token.ts';

/** `lastUsedAt` of a staff token is kept to this resolution (at most one write per interval). */
export const TOKEN_LAST_USED_RESOLUTION_MS = 5 * 60_000;

/**
 * Like `findStaffByToken`, and also records when the token was last used (a conditional
 * update, so concurrent requests write at most once per interval).
 */
export async function authenticateStaffToken(db: Db, token: string, now: Date = new Date()): Promise<StaffUser | null> {
  const prefix = parseTokenPrefix('st', token);
  if (!prefix) return null;
  const row = await db.staffToken.findUnique({ where: { prefix }, include: { staffUser: true } });
  if (!row || row.revokedAt || !row.staffUser.active || !tokenMatches(token, row.hash)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOKEN_LAST_USED_RESOLUTION_MS) {
    const staleBefore = new Date(now.getTime() - TOKEN_LAST_USED_RESOLUTION_MS);
    await db.staffToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return row.staffUser;
}
