import type { Db, DbTx, Delivery } from '../../db/prisma-types.ts';
import type { DatabaseProvider } from '../../db/create-db.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { lockPacingUnit } from './pacing-lock.ts';
import { PACING_UNIT_NAMES, leadOf, membersOf, pacingUnitOf, type PacingUnit } from './pacing-units.ts';
import { replanDelivery } from './replan-delivery.ts';

/**
 * The publishing queue the panel shows and edits: per paced unit, the ads waiting for their slot
 * in queue order with their planned time, and the scheduled approvals not yet due. Reordering
 * swaps two neighbours' planned slots (time and queueOrder); "publish now" makes an ad due at
 * once. Every change runs under the unit's lock and moves the rows by compare-and-set with a
 * fresh deliver job for the new time (see replan-delivery.ts).
 */
export interface QueueDeps {
  readonly db: Db;
  readonly provider: DatabaseProvider;
  readonly jobs: JobQueue;
  readonly now?: () => Date;
}

export interface QueueEntry {
  readonly adId: string;
  readonly code: string;
  readonly excerpt: string;
  readonly plannedAt: Date | null;
  readonly queueOrder: number;
  readonly due: boolean;
}

export interface ScheduledEntry {
  readonly adId: string;
  readonly code: string;
  readonly excerpt: string;
  readonly publishAt: Date;
  readonly channels: string[];
}

export interface PublishingQueue {
  readonly units: ReadonlyArray<{ readonly unit: PacingUnit; readonly entries: QueueEntry[] }>;
  readonly scheduled: ScheduledEntry[];
}

const LIST_LIMIT = 200;
const excerptOf = (content: string) => (content.length > 80 ? `${content.slice(0, 79)}…` : content);

export async function loadPublishingQueue(db: Db, now: Date): Promise<PublishingQueue> {
  const units = [];
  for (const unit of PACING_UNIT_NAMES) {
    const rows = await db.delivery.findMany({
      where: { channel: leadOf(unit), status: 'pending', queueOrder: { not: null } },
      orderBy: [{ queueOrder: 'asc' }, { id: 'asc' }],
      take: LIST_LIMIT,
      include: { ad: { select: { code: true, content: true } } },
    });
    units.push({
      unit,
      entries: rows.map((row) => ({
        adId: row.adId,
        code: row.ad.code,
        excerpt: excerptOf(row.ad.content),
        plannedAt: row.notBefore,
        queueOrder: row.queueOrder ?? 0,
        due: !row.notBefore || row.notBefore <= now,
      })),
    });
  }
  const waiting = await db.delivery.findMany({
    where: { status: 'pending', queueOrder: null, notBefore: { gt: now } },
    orderBy: [{ notBefore: 'asc' }, { id: 'asc' }],
    take: LIST_LIMIT,
    include: { ad: { select: { code: true, content: true } } },
  });
  const scheduled = new Map<string, ScheduledEntry>();
  for (const row of waiting) {
    const entry = scheduled.get(row.adId) ?? { adId: row.adId, code: row.ad.code, excerpt: excerptOf(row.ad.content), publishAt: row.notBefore ?? now, channels: [] };
    entry.channels.push(row.channel);
    scheduled.set(row.adId, entry);
  }
  return { units, scheduled: [...scheduled.values()] };
}

/** Swaps the ad's slot with its neighbour's (up: the one planned before it). No neighbour: unchanged. */
export async function moveInQueue(deps: QueueDeps, adId: string, unit: PacingUnit, direction: 'up' | 'down', actor: AuditActor): Promise<{ moved: boolean }> {
  const now = deps.now?.() ?? new Date();
  const lead = leadOf(unit);
  return deps.db.$transaction(async (tx) => {
    await lockPacingUnit(tx, deps.provider, unit);
    const mine = await tx.delivery.findUnique({ where: { adId_channel: { adId, channel: lead } } });
    if (!mine || mine.status !== 'pending' || mine.queueOrder === null || !mine.notBefore) {
      throw new AppError('invalid_transition', 'This ad is not waiting in the publishing queue');
    }
    const other = await tx.delivery.findFirst({
      where: { channel: lead, status: 'pending', queueOrder: direction === 'up' ? { lt: mine.queueOrder } : { gt: mine.queueOrder }, notBefore: { not: null } },
      orderBy: [{ queueOrder: direction === 'up' ? 'desc' : 'asc' }, { id: direction === 'up' ? 'desc' : 'asc' }],
    });
    if (!other?.notBefore || other.queueOrder === null) return { moved: false };
    const mySlot = { notBefore: mine.notBefore, queueOrder: mine.queueOrder };
    const theirSlot = { notBefore: other.notBefore, queueOrder: other.queueOrder };
    for (const row of await unitRows(tx, adId, unit, mine.queueOrder)) await replanDelivery(tx, deps.jobs, row, theirSlot, now);
    for (const row of await unitRows(tx, other.adId, unit, other.queueOrder)) await replanDelivery(tx, deps.jobs, row, mySlot, now);
    await recordAudit(tx, actor, 'delivery.queue_move', { targetType: 'ad', targetId: adId, details: { unit, direction, swappedWith: other.adId } });
    return { moved: true };
  });
}

/** Every waiting, never-attempted row of the ad is due now; paced rows keep their queue position (no new slot). */
export async function publishNow(deps: QueueDeps, adId: string, actor: AuditActor): Promise<{ rows: number }> {
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    for (const unit of PACING_UNIT_NAMES) await lockPacingUnit(tx, deps.provider, unit);
    const rows = await tx.delivery.findMany({ where: { adId, status: 'pending', attempts: 0 } });
    const waiting = rows.filter((row) => row.notBefore === null || row.notBefore > now || row.queueOrder === null);
    if (!waiting.length) throw new AppError('invalid_transition', 'Nothing of this ad is waiting to be published');
    for (const row of waiting) {
      const paced = pacingUnitOf(row.channel) !== null;
      await replanDelivery(tx, deps.jobs, row, { notBefore: now, queueOrder: row.queueOrder ?? (paced ? 0 : null) }, now);
    }
    await recordAudit(tx, actor, 'delivery.publish_now', { targetType: 'ad', targetId: adId, details: { channels: waiting.map((row) => row.channel) } });
    return { rows: waiting.length };
  });
}

async function unitRows(tx: DbTx, adId: string, unit: PacingUnit, queueOrder: number): Promise<Delivery[]> {
  return tx.delivery.findMany({ where: { adId, channel: { in: [...membersOf(unit)] }, status: 'pending', queueOrder } });
}
