import type { Db, ModerationResult } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { NOTIFY_MODERATORS_JOB } from '../ads/job-kinds.ts';
import type { ScreeningOutcome } from './screen-ad.ts';

/**
 * Stores the one outcome of pre-screening (ModerationResult is unique per ad) and moves the ad
 * from `pending_ai` to `pending_manual`, in one short transaction. Returns the stored result —
 * the earlier one if the ad was already screened (a job re-run after a crash stores nothing new).
 */
export async function recordScreening(
  deps: { db: Db; jobs: JobQueue },
  adId: string,
  outcome: ScreeningOutcome,
  options: { holdForAutoReject: boolean },
): Promise<ModerationResult> {
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.moderationResult.findUnique({ where: { adId } });
    if (existing) return existing;
    const result = await tx.moderationResult.create({
      data: {
        adId,
        verdict: outcome.verdict,
        reason: outcome.reason || null,
        flagged: outcome.flagged,
        categoriesJson: outcome.categories ? JSON.stringify(outcome.categories) : null,
        scoresJson: outcome.scores ? JSON.stringify(outcome.scores) : null,
        suggestedCategory: outcome.suggestedCategory,
        model: outcome.model,
        latencyMs: outcome.latencyMs,
      },
    });
    await tx.ad.update({
      where: { id: adId },
      data: { aiVerdict: outcome.verdict, aiReason: outcome.reason || null, aiSuggestedCategory: outcome.suggestedCategory },
    });
    if (!options.holdForAutoReject) await moveToManualReview(tx, deps.jobs, adId);
    return result;
  });
}

/** pending_ai → pending_manual (only from pending_ai), and tell the moderators' chat. */
export async function moveToManualReview(tx: Parameters<Parameters<Db['$transaction']>[0]>[0], jobs: JobQueue, adId: string): Promise<boolean> {
  const { count } = await tx.ad.updateMany({ where: { id: adId, status: 'pending_ai' }, data: { status: 'pending_manual' } });
  if (count !== 1) return false;
  await tx.adEvent.create({ data: { adId, type: 'screened', fromStatus: 'pending_ai', toStatus: 'pending_manual', actorType: 'system' } });
  const ad = await tx.ad.findUnique({ where: { id: adId }, select: { bot: { select: { moderatorChatId: true } } } });
  const hasModeratorsChat = Boolean(ad?.bot?.moderatorChatId) || (await tx.telegramBot.count({ where: { moderatorChatId: { not: null }, isDefault: true } })) > 0;
  if (hasModeratorsChat) {
    await jobs.enqueue(tx, { kind: NOTIFY_MODERATORS_JOB, payload: { adId }, dedupeKey: `${NOTIFY_MODERATORS_JOB}:${adId}`, maxAttempts: 5 });
  }
  return true;
}
