import type { Db } from '../../db/prisma-types.ts';
import { isBotOnline } from './bot-presence.ts';
import { startOfLocalDay } from './local-day.ts';

/**
 * The live numbers of the dashboard (`GET /api/staff/pulse`, CONTRACT.md §3, plus a few more).
 * Every count is an index range: statuses on (status, createdAt) and (status, updatedAt),
 * today's decisions on the audit log's (action, createdAt) — each decision writes exactly one
 * `ad.approve` / `ad.reject` / `ad.revision` row in its own transaction. Ads submitted under a
 * shadow ban (`shadowed`) are never counted: they are not in anyone's queue.
 */
export interface Pulse {
  readonly pendingAi: number;
  readonly pendingManual: number;
  readonly needsRevision: number;
  readonly approvedToday: number;
  readonly rejectedToday: number;
  readonly revisionsToday: number;
  readonly decidedToday: number;
  readonly deliveriesFailed: number;
  readonly deliveriesUncertain: number;
  /** ISO time of the oldest ad waiting for staff (pending_ai or pending_manual), or null. */
  readonly oldestPendingAt: string | null;
  /** Bot id → online (heartbeat within 90 s). */
  readonly botOnline: Record<string, boolean>;
  readonly generatedAt: string;
}

export const DECISION_ACTIONS = { approve: 'ad.approve', reject: 'ad.reject', revision: 'ad.revision' } as const;

export async function loadPulse(db: Db, now: Date = new Date()): Promise<Pulse> {
  const today = startOfLocalDay(now);
  const decidedSince = (action: string) => db.auditLog.count({ where: { action, createdAt: { gte: today } } });
  const oldestOf = (status: string) =>
    db.ad.findFirst({ where: { status, shadowed: false }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { createdAt: true } });
  const [pendingAi, pendingManual, needsRevision, approvedToday, rejectedToday, revisionsToday, deliveriesFailed, deliveriesUncertain, oldestAi, oldestManual, bots] =
    await Promise.all([
      db.ad.count({ where: { status: 'pending_ai', shadowed: false } }),
      db.ad.count({ where: { status: 'pending_manual', shadowed: false } }),
      db.ad.count({ where: { status: 'needs_revision', shadowed: false } }),
      decidedSince(DECISION_ACTIONS.approve),
      decidedSince(DECISION_ACTIONS.reject),
      decidedSince(DECISION_ACTIONS.revision),
      db.delivery.count({ where: { status: 'failed' } }),
      db.delivery.count({ where: { status: 'uncertain' } }),
      oldestOf('pending_ai'),
      oldestOf('pending_manual'),
      db.telegramBot.findMany({ select: { id: true, heartbeatAt: true }, orderBy: { id: 'asc' } }),
    ]);
  const oldest = [oldestAi?.createdAt, oldestManual?.createdAt].filter((d): d is Date => d instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    pendingAi,
    pendingManual,
    needsRevision,
    approvedToday,
    rejectedToday,
    revisionsToday,
    decidedToday: approvedToday + rejectedToday + revisionsToday,
    deliveriesFailed,
    deliveriesUncertain,
    oldestPendingAt: oldest ? oldest.toISOString() : null,
    botOnline: Object.fromEntries(bots.map((bot) => [String(bot.id), isBotOnline(bot.heartbeatAt, now)])),
    generatedAt: now.toISOString(),
  };
}
