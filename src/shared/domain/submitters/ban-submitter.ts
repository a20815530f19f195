import type { Db, TelegramUser } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { AppError } from '../../errors.ts';
import { PENDING_STATUSES } from '../ads/ad-status.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { MODERATORS_POSTED_EVENT, enqueueModeratorsMessageUpdate } from '../notifications/moderators-post.ts';
import { activeBan, type BanKind } from './ban-state.ts';

export interface BanDeps {
  readonly db: Db;
  readonly jobs: JobQueue;
  readonly now?: () => Date;
}

export interface BanInput {
  readonly telegramUserId: number;
  readonly kind: BanKind;
  readonly reason: string;
  /** Null: until lifted. Must be in the future. */
  readonly until: Date | null;
}

export interface BanResult {
  readonly user: TelegramUser;
  /** Shadow ban: how many of the user's pending ads left the review queue with it. */
  readonly shadowedAds: number;
}

export const BAN_AUDIT_ACTIONS = { ban: 'submitter.ban', shadow: 'submitter.shadow_ban', lift: 'submitter.unban' } as const;
const REASON_MAX = 500;

/**
 * Bans (refused with a message) or shadow-bans (the bot behaves normally, nothing reaches review)
 * a submitter, replacing any ban they had; audited with the actor and reason. A shadow ban also
 * takes the user's ads that are still pending out of the review queue (they become `shadowed`,
 * their moderators' chat posts are redrawn without buttons), so the spam a moderator just saw
 * goes with its author. Shadowed ads stay shadowed when the ban is lifted.
 */
export async function banSubmitter(deps: BanDeps, input: BanInput, actor: AuditActor): Promise<BanResult> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('validation_failed', 'A reason is required', { fields: { reason: 'must not be empty' } });
  if (reason.length > REASON_MAX) throw new AppError('validation_failed', 'The reason is too long', { fields: { reason: `at most ${REASON_MAX} characters` } });
  const now = deps.now?.() ?? new Date();
  if (input.until && input.until.getTime() <= now.getTime()) {
    throw new AppError('validation_failed', 'The ban must end in the future', { fields: { until: 'must be in the future' } });
  }
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.telegramUser.findUnique({ where: { id: input.telegramUserId }, select: { id: true } });
    if (!existing) throw new AppError('not_found', 'Submitter not found');
    const bannedById = actor.type === 'staff' && actor.id && /^\d+$/.test(actor.id) ? Number(actor.id) : null;
    const user = await tx.telegramUser.update({
      where: { id: input.telegramUserId },
      data: { banKind: input.kind, banReason: reason, bannedAt: now, bannedUntil: input.until, bannedById },
    });
    let shadowedAds = 0;
    if (input.kind === 'shadow') {
      const pending = await tx.ad.findMany({
        where: { telegramUserId: user.id, status: { in: [...PENDING_STATUSES] }, shadowed: false },
        select: { id: true },
      });
      if (pending.length > 0) {
        const ids = pending.map((ad) => ad.id);
        shadowedAds = (await tx.ad.updateMany({ where: { id: { in: ids }, shadowed: false }, data: { shadowed: true } })).count;
        const posted = await tx.adEvent.findMany({ where: { adId: { in: ids }, type: MODERATORS_POSTED_EVENT }, select: { adId: true }, distinct: ['adId'] });
        for (const { adId } of posted) await enqueueModeratorsMessageUpdate(tx, deps.jobs, adId);
      }
    }
    await recordAudit(tx, actor, input.kind === 'shadow' ? BAN_AUDIT_ACTIONS.shadow : BAN_AUDIT_ACTIONS.ban, {
      targetType: 'telegram_user',
      targetId: String(user.id),
      details: { kind: input.kind, reason, until: input.until?.toISOString() ?? null, ...(input.kind === 'shadow' ? { shadowedAds } : {}) },
    });
    return { user, shadowedAds };
  });
}

/** Lifts a ban (also one that has expired, which clears it). 409 when the user has none. */
export async function liftBan(deps: BanDeps, telegramUserId: number, actor: AuditActor, reason = ''): Promise<TelegramUser> {
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    const user = await tx.telegramUser.findUnique({ where: { id: telegramUserId } });
    if (!user) throw new AppError('not_found', 'Submitter not found');
    if (user.banKind === null) throw new AppError('invalid_transition', 'The submitter is not banned');
    const wasActive = activeBan(user, now) !== null;
    const { count } = await tx.telegramUser.updateMany({
      where: { id: telegramUserId, banKind: user.banKind, bannedAt: user.bannedAt },
      data: { banKind: null, banReason: null, bannedAt: null, bannedUntil: null, bannedById: null },
    });
    if (count !== 1) throw new AppError('invalid_transition', 'The ban changed meanwhile; reload and try again');
    await recordAudit(tx, actor, BAN_AUDIT_ACTIONS.lift, {
      targetType: 'telegram_user',
      targetId: String(telegramUserId),
      details: { kind: user.banKind, reason: reason.trim().slice(0, REASON_MAX) || null, expired: !wasActive },
    });
    return tx.telegramUser.findUniqueOrThrow({ where: { id: telegramUserId } });
  });
}
