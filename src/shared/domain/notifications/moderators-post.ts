import type { Db, DbTx } from '../../db/prisma-types.ts';
import { loadApprovalTally } from '../ads/approval-tally.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import type { ModeratorsAdView } from './moderators-message.ts';
import { activeBan } from '../submitters/ban-state.ts';

/** Re-render an ad's message in the moderators' chat after its status changed (payload `{adId}`). */
export const UPDATE_MODERATORS_MESSAGE_JOB = 'update_moderators_message';

/**
 * The AdEvent that remembers where an ad was posted in a moderators' chat:
 * `type = moderators_posted`, `note = <chatId>:<messageId>`, `actorType = bot`, `actorId = <botId>`.
 */
export const MODERATORS_POSTED_EVENT = 'moderators_posted';

export interface ModeratorsPost {
  readonly botId: number;
  readonly chatId: string;
  readonly messageId: number;
}

/** For the decision path (panel, API, expiry): call inside the decision's transaction. */
export async function enqueueModeratorsMessageUpdate(tx: DbTx, jobs: JobQueue, adId: string): Promise<void> {
  await jobs.enqueue(tx, { kind: UPDATE_MODERATORS_MESSAGE_JOB, payload: { adId }, maxAttempts: 5 });
}

export async function recordModeratorsPost(db: Db, adId: string, post: ModeratorsPost): Promise<void> {
  await db.adEvent.create({
    data: { adId, type: MODERATORS_POSTED_EVENT, actorType: 'bot', actorId: String(post.botId), note: `${post.chatId}:${post.messageId}` },
  });
}

export async function findModeratorsPost(db: Db, adId: string): Promise<ModeratorsPost | null> {
  const event = await db.adEvent.findFirst({ where: { adId, type: MODERATORS_POSTED_EVENT }, orderBy: { id: 'desc' } });
  const match = event?.note ? /^(-?\d+):(\d+)$/.exec(event.note) : null;
  const botId = Number(event?.actorId);
  if (!match || !Number.isSafeInteger(botId)) return null;
  return { botId, chatId: match[1] ?? '', messageId: Number(match[2]) };
}

/** What the moderators' message shows about an ad, or null when the ad does not exist. */
export async function loadModeratorsAdView(db: Db, adId: string): Promise<ModeratorsAdView | null> {
  const ad = await db.ad.findUnique({
    where: { id: adId },
    include: {
      category: { select: { nameFa: true, nameEn: true } },
      decidedBy: { select: { name: true, email: true } },
      telegramUser: { select: { id: true, banKind: true, banReason: true, bannedUntil: true } },
      _count: { select: { photos: true } },
    },
  });
  if (!ad) return null;
  const approvals = await loadApprovalTally(db, adId);
  return {
    approvals,
    id: ad.id,
    status: ad.status,
    source: ad.source,
    language: ad.language,
    content: ad.content,
    contactPhone: ad.contactPhone,
    aiVerdict: ad.aiVerdict,
    aiReason: ad.aiReason,
    rejectionReason: ad.rejectionReason,
    revisionNote: ad.revisionNote,
    category: ad.category,
    photoCount: ad._count.photos,
    decidedBy: ad.decidedBy ? ad.decidedBy.name || ad.decidedBy.email : null,
    submitterId: ad.telegramUser?.id ?? null,
    submitterBan: ad.telegramUser ? (activeBan(ad.telegramUser)?.kind ?? null) : null,
    shadowed: ad.shadowed,
  };
}
