import type { Db } from '../../db/prisma-types.ts';
import { activeBan, type BanKind } from './ban-state.ts';

export interface SubmitterBanView {
  readonly kind: BanKind;
  readonly reason: string | null;
  readonly bannedAt: Date | null;
  /** Null: until lifted. */
  readonly until: Date | null;
  readonly bannedBy: string | null;
  /** False once bannedUntil has passed (the row still remembers it until the next ban or lift). */
  readonly active: boolean;
}

export interface SubmitterAdRow {
  readonly id: string;
  readonly code: string;
  readonly status: string;
  readonly shadowed: boolean;
  readonly content: string;
  readonly createdAt: Date;
}

export interface SubmitterHistory {
  readonly user: {
    readonly id: number;
    readonly telegramId: string;
    readonly username: string | null;
    readonly firstName: string | null;
    readonly lastName: string | null;
    readonly phone: string | null;
    readonly language: string | null;
    readonly createdAt: Date;
    readonly blockedBotAt: Date | null;
    readonly bot: { readonly id: number; readonly name: string; readonly username: string | null };
  };
  readonly ban: SubmitterBanView | null;
  /** Ads by status (every ad of the user, shadowed ones included), most frequent first. */
  readonly counts: ReadonlyArray<{ readonly status: string; readonly count: number }>;
  readonly total: number;
  readonly shadowedCount: number;
  /** The newest ads, shadowed ones included (marked). */
  readonly recent: readonly SubmitterAdRow[];
}

/**
 * Everything staff see about a submitter (the review page's submitter card and the submitter
 * page): who they are, their ban, their ads by status and the newest `limit` of them. Two index
 * reads on Ad(telegramUserId, createdAt).
 */
export async function loadSubmitterHistory(db: Db, telegramUserId: number, options: { limit?: number; now?: Date } = {}): Promise<SubmitterHistory | null> {
  const user = await db.telegramUser.findUnique({
    where: { id: telegramUserId },
    include: { bot: { select: { id: true, name: true, username: true } } },
  });
  if (!user) return null;
  const [groups, shadowedCount, recent, bannedBy] = await Promise.all([
    db.ad.groupBy({ by: ['status'], where: { telegramUserId }, _count: { _all: true } }),
    db.ad.count({ where: { telegramUserId, shadowed: true } }),
    db.ad.findMany({
      where: { telegramUserId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit ?? 10,
      select: { id: true, code: true, status: true, shadowed: true, content: true, createdAt: true },
    }),
    user.bannedById ? db.staffUser.findUnique({ where: { id: user.bannedById }, select: { name: true, email: true } }) : Promise.resolve(null),
  ]);
  const counts = groups.map((g) => ({ status: g.status, count: g._count._all })).sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));
  const kind = user.banKind === 'ban' || user.banKind === 'shadow' ? user.banKind : null;
  return {
    user: {
      id: user.id,
      telegramId: user.telegramId,
      username: user.username,
      firstName: user.firstName,
      lastName: user.lastName,
      phone: user.phone,
      language: user.language,
      createdAt: user.createdAt,
      blockedBotAt: user.blockedBotAt,
      bot: user.bot,
    },
    ban: kind
      ? {
          kind,
          reason: user.banReason,
          bannedAt: user.bannedAt,
          until: user.bannedUntil,
          bannedBy: bannedBy ? bannedBy.name || bannedBy.email : null,
          active: activeBan(user, options.now ?? new Date()) !== null,
        }
      : null,
    counts,
    total: counts.reduce((sum, c) => sum + c.count, 0),
    shadowedCount,
    recent,
  };
}
