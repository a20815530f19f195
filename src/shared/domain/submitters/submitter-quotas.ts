import type { Db, DbTx, Prisma, TelegramUser } from '../../db/prisma-types.ts';
import { AppError } from '../../errors.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import { activeBan } from './ban-state.ts';

/** Per-user limits (settings `quota.maxActiveAds`, `quota.maxPerDay`); 0 = unlimited. */
export interface SubmitterLimits {
  readonly maxActiveAds: number;
  readonly maxPerDay: number;
}

export const NO_LIMITS: SubmitterLimits = { maxActiveAds: 0, maxPerDay: 0 };
const DAY_MS = 86_400_000;

export async function loadSubmitterLimits(settings: SettingsService): Promise<SubmitterLimits> {
  const all = await settings.getAll();
  return { maxActiveAds: all['quota.maxActiveAds'], maxPerDay: all['quota.maxPerDay'] };
}

/** Why a submitter may not submit now. */
export type SubmissionRefusal =
  | { readonly kind: 'banned'; readonly until: Date | null }
  | { readonly kind: 'max_active'; readonly limit: number }
  | { readonly kind: 'max_per_day'; readonly limit: number; readonly retryAt: Date };

export class SubmissionRefused extends AppError {
  readonly refusal: SubmissionRefusal;
  constructor(refusal: SubmissionRefusal) {
    super(refusal.kind === 'banned' ? 'forbidden' : 'rate_limited', describe(refusal));
    this.name = 'SubmissionRefused';
    this.refusal = refusal;
  }
}

function describe(refusal: SubmissionRefusal): string {
  switch (refusal.kind) {
    case 'banned':
      return refusal.until ? `The submitter is banned until ${refusal.until.toISOString()}` : 'The submitter is banned';
    case 'max_active':
      return `The submitter already has ${refusal.limit} active ads`;
    case 'max_per_day':
      return `The submitter sent ${refusal.limit} ads in the last 24 hours`;
  }
}

export interface Admission {
  /** Shadow-banned: store the ad as `shadowed`, never review it. The user is not told. */
  readonly shadowed: boolean;
}

/**
 * May this submitter send an ad now? Throws SubmissionRefused (ban, then the active-ads limit,
 * then the rolling 24-hour limit); otherwise says whether the ad is to be shadowed. A shadow-
 * banned user meets the same limits as anyone (their shadowed ads count, as they look pending to
 * them); once the shadow ban ends, shadowed ads count no more.
 */
export async function checkSubmitter(db: DbTx, user: TelegramUser, limits: SubmitterLimits, now: Date): Promise<Admission> {
  const ban = activeBan(user, now);
  if (ban?.kind === 'ban') throw new SubmissionRefused({ kind: 'banned', until: ban.until });
  const shadowed = ban?.kind === 'shadow';
  const own: Prisma.AdWhereInput = { telegramUserId: user.id, ...(shadowed ? {} : { shadowed: false }) };
  if (limits.maxActiveAds > 0) {
    const active = await db.ad.count({
      where: {
        ...own,
        OR: [{ status: { in: ['pending_ai', 'pending_manual'] } }, { status: 'approved', OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }],
      },
    });
    if (active >= limits.maxActiveAds) throw new SubmissionRefused({ kind: 'max_active', limit: limits.maxActiveAds });
  }
  if (limits.maxPerDay > 0) {
    const since = new Date(now.getTime() - DAY_MS);
    const recent = await db.ad.findMany({
      where: { ...own, createdAt: { gt: since } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limits.maxPerDay,
      select: { createdAt: true },
    });
    if (recent.length >= limits.maxPerDay) {
      // The oldest of the last `maxPerDay` submissions leaving the window frees one slot.
      const oldest = recent[recent.length - 1]?.createdAt ?? now;
      throw new SubmissionRefused({ kind: 'max_per_day', limit: limits.maxPerDay, retryAt: new Date(oldest.getTime() + DAY_MS) });
    }
  }
  return { shadowed };
}

/** The read-only check when the user starts a new ad (the binding one runs again at Confirm). */
export async function precheckSubmitter(db: Db, telegramUserId: number, limits: SubmitterLimits, now: Date = new Date()): Promise<Admission> {
  const user = await db.telegramUser.findUnique({ where: { id: telegramUserId } });
  if (!user) throw new AppError('not_found', 'Submitter not found');
  return checkSubmitter(db, user, limits, now);
}

/**
 * The binding check inside the submitting transaction. It first writes the user's row, which
 * takes that row's lock on PostgreSQL (SQLite transactions hold the database's write lock from
 * their start): two Confirms of one user run this one after the other, and the second counts
 * the first's ad, so both cannot slip past a limit.
 */
export async function admitSubmitterInTransaction(tx: DbTx, telegramUserId: number, limits: SubmitterLimits, now: Date): Promise<Admission> {
  const user = await tx.telegramUser.update({ where: { id: telegramUserId }, data: { updatedAt: new Date() } }).catch((error: unknown) => {
    if ((error as { code?: unknown } | null)?.code === 'P2025') throw new AppError('not_found', 'Submitter not found');
    throw error;
  });
  return checkSubmitter(tx, user, limits, now);
}
