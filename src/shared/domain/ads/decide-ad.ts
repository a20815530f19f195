import type { Db, DbTx } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { PENDING_STATUSES, type AdStatus } from './ad-status.ts';
import { planChannels } from './configured-channels.ts';
import { DELIVER_JOB } from './delivery-channels.ts';
import { NOTIFY_SUBMITTER_JOB } from './job-kinds.ts';
import { checkPublishAt } from '../publishing/publish-at.ts';
import { MODERATORS_POSTED_EVENT, enqueueModeratorsMessageUpdate } from '../notifications/moderators-post.ts';

export interface DecideDeps {
  readonly db: Db;
  readonly jobs: JobQueue;
  readonly settings: SettingsService;
  readonly now?: () => Date;
}

export type Decision =
  | { readonly action: 'approve'; readonly content?: string; readonly publishAt?: Date }
  | { readonly action: 'reject'; readonly reason: string }
  | { readonly action: 'revision'; readonly note: string };

const TARGET_STATUS: Record<Decision['action'], AdStatus> = {
  approve: 'approved',
  reject: 'rejected',
  revision: 'needs_revision',
};

/**
 * A staff (or automatic) decision on a pending ad. Race-safe: the status change is a conditional
 * update inside one short transaction, so of two concurrent decisions exactly one wins and the
 * other gets 409 `invalid_transition` with nothing changed. Approval writes one delivery row per
 * channel (`skipped` when not configured) and one job per channel to publish, in the same
 * transaction; nothing is published inside it.
 */
export async function decideAd(deps: DecideDeps, adId: string, decision: Decision, actor: AuditActor): Promise<{ uuid: string; status: AdStatus }> {
  const settings = decision.action === 'approve' ? await deps.settings.getAll() : null;
  const maxLength = settings?.['ads.maxLength'];
  if (decision.action === 'approve' && decision.content !== undefined) {
    const content = decision.content.trim();
    if (!content) throw new AppError('validation_failed', 'Content cannot be empty', { fields: { content: 'must not be empty' } });
    if (maxLength && content.length > maxLength * 2) throw new AppError('validation_failed', 'Content is too long', { fields: { content: 'too long' } });
  }
  const now = deps.now?.() ?? new Date();
  if (decision.action === 'approve' && decision.publishAt !== undefined) checkPublishAt(decision.publishAt, now);
  const hasAnyBot = decision.action === 'approve' ? (await deps.db.telegramBot.count({ where: { enabled: true } })) > 0 : false;
  return deps.db.$transaction(async (tx) => {
    const ad = await tx.ad.findUnique({ where: { id: adId } });
    if (!ad) throw new AppError('not_found', 'Ad not found');
    // Submitted under a shadow ban: kept for the record, never decided (so never published).
    if (ad.shadowed) throw new AppError('invalid_transition', 'The ad was submitted under a shadow ban and cannot be decided');
    const status = TARGET_STATUS[decision.action];
    const editedContent = decision.action === 'approve' && decision.content !== undefined && decision.content.trim() !== ad.content ? decision.content.trim() : null;
    const { count } = await tx.ad.updateMany({
      where: { id: adId, status: { in: [...PENDING_STATUSES] }, shadowed: false },
      data: {
        status,
        decidedAt: now,
        decidedById: actor.type === 'staff' && actor.id ? Number(actor.id) : null,
        ...(decision.action === 'approve'
          ? {
              approvedAt: now,
              publishAt: decision.publishAt ?? null,
              expiresAt: new Date(now.getTime() + (settings?.['ads.lifetimeDays'] ?? 30) * 86_400_000),
              ...(editedContent ? { content: editedContent, contentVersion: { increment: 1 } } : {}),
            }
          : {}),
        ...(decision.action === 'reject' ? { rejectionReason: decision.reason } : {}),
        ...(decision.action === 'revision' ? { revisionNote: decision.note } : {}),
      },
    });
    if (count !== 1) {
      throw new AppError('invalid_transition', `The ad is ${ad.status}; only pending ads can be decided`);
    }
    const note = decision.action === 'reject' ? decision.reason : decision.action === 'revision' ? decision.note : editedContent ? 'content edited' : null;
    await tx.adEvent.create({
      data: { adId, type: decision.action === 'approve' ? 'approved' : decision.action === 'reject' ? 'rejected' : 'revision_requested', fromStatus: ad.status, toStatus: status, actorType: actor.type, actorId: actor.id ?? null, note },
    });
    await recordAudit(tx, actor, `ad.${decision.action}`, { targetType: 'ad', targetId: adId, ...(note ? { details: { note } } : {}) });
    // The ad's post in a moderators' chat (if any) is redrawn to show who decided.
    if (await tx.adEvent.findFirst({ where: { adId, type: MODERATORS_POSTED_EVENT }, select: { id: true } })) {
      await enqueueModeratorsMessageUpdate(tx, deps.jobs, adId);
    }
    if (decision.action === 'approve' && settings) {
      await createDeliveries(tx, deps.jobs, adId, planChannels(settings, ad, hasAnyBot), now, decision.publishAt ?? null);
    } else {
      await deps.jobs.enqueue(tx, { kind: NOTIFY_SUBMITTER_JOB, payload: { adId, status }, dedupeKey: `${NOTIFY_SUBMITTER_JOB}:${adId}:${status}`, maxAttempts: 5 });
    }
    return { uuid: adId, status };
  });
}

/**
 * A scheduled approval (publishAt) holds every channel until then, the submitter's DM included
 * (it tells them the ad is live); paced channels get their slot when they become due (delivery-gate.ts).
 */
async function createDeliveries(tx: DbTx, jobs: JobQueue, adId: string, plan: ReturnType<typeof planChannels>, now: Date, publishAt: Date | null): Promise<void> {
  for (const item of plan) {
    await tx.delivery.upsert({
      where: { adId_channel: { adId, channel: item.channel } },
      create: { adId, channel: item.channel, status: item.skipReason ? 'skipped' : 'pending', lastError: item.skipReason, notBefore: item.skipReason ? null : publishAt },
      update: {},
    });
    if (!item.skipReason) {
      await jobs.enqueue(tx, { kind: DELIVER_JOB, payload: { adId, channel: item.channel }, runAt: publishAt ?? now, maxAttempts: 8 });
    }
  }
}

export interface BulkResult {
  readonly done: string[];
  /** Ads that were not pending (or do not exist): nothing changed for them. */
  readonly skipped: string[];
}

/** Bulk approve/reject (≤100): each ad decided on its own; the ones not pending are skipped. */
export async function decideMany(deps: DecideDeps, uuids: readonly string[], decision: Decision, actor: AuditActor): Promise<BulkResult> {
  const done: string[] = [];
  const skipped: string[] = [];
  for (const uuid of new Set(uuids)) {
    try {
      await decideAd(deps, uuid, decision, actor);
      done.push(uuid);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'invalid_transition' || error.code === 'not_found')) {
        skipped.push(uuid);
      } else throw error;
    }
  }
  return { done, skipped };
}
