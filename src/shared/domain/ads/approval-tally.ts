import type { Db, DbTx } from '../../db/prisma-types.ts';
import { validateSetting } from '../settings/setting-definitions.ts';

/** The counted votes of an ad (active staff accounts only), oldest first, as display names. */
export async function votersOf(db: Pick<DbTx, 'adVote'>, adId: string): Promise<string[]> {
  const votes = await db.adVote.findMany({
    where: { adId, staffUser: { active: true } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { staffUser: { select: { name: true, email: true } } },
  });
  return votes.map((vote) => vote.staffUser.name || vote.staffUser.email);
}

export interface ApprovalTally {
  readonly voters: readonly string[];
  readonly required: number;
}

/**
 * The two-person rule's state of an ad for the moderators' chat message (null when one approval
 * decides). Reads the setting row itself: the message is drawn where no settings service is at hand.
 */
export async function loadApprovalTally(db: Db, adId: string): Promise<ApprovalTally | null> {
  const row = await db.setting.findUnique({ where: { key: 'review.approvalsRequired' } });
  let required = 1;
  try {
    if (row && !row.encrypted) required = Number(validateSetting('review.approvalsRequired', JSON.parse(row.value) as unknown));
  } catch {
    required = 1;
  }
  if (required <= 1) return null;
  return { voters: await votersOf(db, adId), required };
}
