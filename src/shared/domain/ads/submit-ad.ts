import crypto from 'node:crypto';
import type { Ad, Db, DbTx } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { AppError } from '../../errors.ts';
import { MODERATE_JOB } from './job-kinds.ts';
import { RESUBMITTABLE_STATUSES, trackingCodeOf, type AdSource } from './ad-status.ts';
import { NO_LIMITS, admitSubmitterInTransaction, type SubmitterLimits } from '../submitters/submitter-quotas.ts';

export interface SubmitAdInput {
  readonly source: AdSource;
  readonly content: string;
  readonly categoryId?: number | null;
  readonly language?: 'fa' | 'en';
  readonly contactPhone?: string | null;
  readonly contactEmail?: string | null;
  readonly botId?: number | null;
  readonly telegramUserId?: number | null;
  readonly partnerClientId?: number | null;
  readonly externalId?: string | null;
  readonly photos?: ReadonlyArray<{ fileId: string; fileUniqueId?: string | null }>;
  /** Edit & Resubmit: the ad this one replaces (must be the same submitter's, rejected or needs_revision). */
  readonly resubmitOf?: string | null;
}

export interface SubmitAdDeps {
  readonly db: Db;
  readonly jobs: JobQueue;
  /** Per-user limits checked for Telegram submitters (bans are checked whatever this is). */
  readonly limits?: SubmitterLimits;
  readonly now?: () => Date;
}

export interface SubmitAdResult {
  readonly ad: Ad;
  /** False when an earlier submission with the same partner externalId was returned instead. */
  readonly created: boolean;
}

/**
 * The one path every submission takes (bot and partner API): the ad (`pending_ai`), its history
 * row and its moderation job in ONE short transaction, so an acknowledged submission is durable
 * and will be moderated. No network call happens here.
 *
 * A Telegram submitter is admitted inside the same transaction (SubmissionRefused for a ban or a
 * limit; see submitter-quotas.ts). A shadow-banned submitter's ad is stored `shadowed` with no
 * moderation job: it never reaches review, while the bot answers as usual.
 */
export async function submitAd(deps: SubmitAdDeps, input: SubmitAdInput): Promise<SubmitAdResult> {
  const existing = await findByExternalId(deps.db, input);
  if (existing) return { ad: existing, created: false };
  try {
    return await deps.db.$transaction(async (tx) => {
      const again = await findByExternalId(tx, input);
      if (again) return { ad: again, created: false };
      const now = deps.now?.() ?? new Date();
      const { shadowed } = input.telegramUserId ? await admitSubmitterInTransaction(tx, input.telegramUserId, deps.limits ?? NO_LIMITS, now) : { shadowed: false };
      if (input.resubmitOf) await markResubmitted(tx, input);
      const id = crypto.randomUUID();
      const ad = await tx.ad.create({
        data: {
          id,
          code: trackingCodeOf(id),
          status: 'pending_ai',
          createdAt: now,
          source: input.source,
          content: input.content,
          language: input.language ?? 'fa',
          categoryId: input.categoryId ?? null,
          contactPhone: input.contactPhone ?? null,
          contactEmail: input.contactEmail ?? null,
          botId: input.botId ?? null,
          telegramUserId: input.telegramUserId ?? null,
          partnerClientId: input.partnerClientId ?? null,
          externalId: input.externalId ?? null,
          resubmittedFromId: input.resubmitOf ?? null,
          shadowed,
          photos: input.photos?.length
            ? { create: input.photos.map((p, position) => ({ position, fileId: p.fileId, fileUniqueId: p.fileUniqueId ?? null })) }
            : undefined,
          events: { create: { type: 'submitted', toStatus: 'pending_ai', actorType: input.source === 'bot' ? 'telegram' : 'partner', actorId: String(input.telegramUserId ?? input.partnerClientId ?? '') || null } },
        },
      });
      if (!shadowed) await deps.jobs.enqueue(tx, { kind: MODERATE_JOB, payload: { adId: id }, dedupeKey: `${MODERATE_JOB}:${id}`, maxAttempts: 3 });
      return { ad, created: true };
    });
  } catch (error) {
    // Two concurrent submissions with one externalId: the loser returns the winner's ad.
    const winner = await findByExternalId(deps.db, input).catch(() => null);
    if (winner) return { ad: winner, created: false };
    throw error;
  }
}

async function findByExternalId(db: DbTx, input: SubmitAdInput): Promise<Ad | null> {
  if (!input.partnerClientId || !input.externalId) return null;
  return db.ad.findUnique({ where: { partnerClientId_externalId: { partnerClientId: input.partnerClientId, externalId: input.externalId } } });
}

async function markResubmitted(tx: DbTx, input: SubmitAdInput): Promise<void> {
  const old = await tx.ad.findUnique({ where: { id: input.resubmitOf ?? '' } });
  if (!old || old.telegramUserId === null || old.telegramUserId !== input.telegramUserId) {
    throw new AppError('not_found', 'Ad not found');
  }
  const { count } = await tx.ad.updateMany({
    where: { id: old.id, status: { in: [...RESUBMITTABLE_STATUSES] } },
    data: { status: 'resubmitted' },
  });
  if (count !== 1) throw new AppError('invalid_transition', 'Only a rejected ad or one that needs revision can be resubmitted');
  await tx.adEvent.create({
    data: { adId: old.id, type: 'resubmitted', fromStatus: old.status, toStatus: 'resubmitted', actorType: 'telegram', actorId: String(input.telegramUserId) },
  });
}
