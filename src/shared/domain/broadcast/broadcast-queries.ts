import type { Broadcast, Db } from '../../db/prisma-types.ts';
import { AppError } from '../../errors.ts';
import { countAudience } from './broadcast-audience.ts';
import { countRecipients, type RecipientCounts } from './broadcast-progress.ts';
import { RECIPIENT_STATUSES, type RecipientStatus } from './broadcast-status.ts';

/** What the panel shows of broadcasts. */
export interface BroadcastListItem extends Broadcast {
  readonly botName: string;
}

export async function listBroadcasts(db: Db, limit = 50): Promise<BroadcastListItem[]> {
  const rows = await db.broadcast.findMany({ orderBy: { id: 'desc' }, take: limit, include: { bot: { select: { name: true, username: true } } } });
  return rows.map(({ bot, ...b }) => ({ ...b, botName: bot.username ? `${bot.name} (@${bot.username})` : bot.name }));
}

export interface BroadcastProgress {
  readonly broadcast: Broadcast;
  readonly counts: RecipientCounts;
  /** Recipients still to go (pending + in flight). */
  readonly remaining: number;
  /** For a draft: how many users it would reach if started now. */
  readonly audience: number | null;
  /** The most recent recipient error (why a broadcast paused itself, for example). */
  readonly lastError: string | null;
}

export async function loadBroadcastProgress(db: Db, id: number): Promise<BroadcastProgress> {
  const broadcast = await db.broadcast.findUnique({ where: { id } });
  if (!broadcast) throw new AppError('not_found', `No broadcast ${id}`);
  const [counts, audience, errored] = await Promise.all([
    countRecipients(db, id),
    broadcast.status === 'draft' ? countAudience(db, broadcast.botId) : Promise.resolve(null),
    db.broadcastRecipient.findFirst({ where: { broadcastId: id, error: { not: null }, status: 'pending' }, orderBy: { attemptedAt: 'desc' }, select: { error: true } }),
  ]);
  return { broadcast, counts, remaining: counts.pending + counts.sending, audience, lastError: errored?.error ?? null };
}

export const RECIPIENT_PAGE_SIZE = 50;

export interface RecipientPage {
  readonly rows: ReadonlyArray<{ id: number; chatId: string; status: string; messageId: string | null; error: string | null; sentAt: Date | null; attemptedAt: Date | null; name: string }>;
  readonly page: number;
  readonly pages: number;
  readonly status: RecipientStatus | null;
}

/** One page of a broadcast's per-user results, optionally of one status. */
export async function loadRecipientPage(db: Db, broadcastId: number, page: number, status: string | null): Promise<RecipientPage> {
  const only = status && (RECIPIENT_STATUSES as readonly string[]).includes(status) ? (status as RecipientStatus) : null;
  const where = { broadcastId, ...(only ? { status: only } : {}) };
  const total = await db.broadcastRecipient.count({ where });
  const pages = Math.max(1, Math.ceil(total / RECIPIENT_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await db.broadcastRecipient.findMany({
    where,
    orderBy: { id: 'asc' },
    skip: (current - 1) * RECIPIENT_PAGE_SIZE,
    take: RECIPIENT_PAGE_SIZE,
    include: { telegramUser: { select: { firstName: true, lastName: true, username: true } } },
  });
  return {
    rows: rows.map((r) => ({
      id: r.id,
      chatId: r.chatId,
      status: r.status,
      messageId: r.messageId,
      error: r.error,
      sentAt: r.sentAt,
      attemptedAt: r.attemptedAt,
      name: [r.telegramUser.firstName, r.telegramUser.lastName].filter(Boolean).join(' ') + (r.telegramUser.username ? ` @${r.telegramUser.username}` : ''),
    })),
    page: current,
    pages,
    status: only,
  };
}
