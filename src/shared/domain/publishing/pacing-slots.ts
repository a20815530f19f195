import type { Db } from '../../db/prisma-types.ts';
import type { DatabaseProvider } from '../../db/create-db.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { lockPacingUnit } from './pacing-lock.ts';
import { isReplanConflict, replanDelivery } from './replan-delivery.ts';
import { leadOf, membersOf, type PacingUnit } from './pacing-units.ts';

const DAY_MS = 86_400_000;

export interface SlotInput {
  /** When the delivery became due (now, or the scheduled publishAt if later). */
  readonly dueAt: Date;
  /** The latest slot already planned for the unit (published or queued), if any. */
  readonly lastPlanned: Date | null;
  readonly perDay: number;
  readonly jitterMinutes: number;
  readonly random: () => number;
}

/**
 * The next free slot: at least 24h/N after the previous slot (so any rolling 24 hours holds at
 * most N publishes), never before it is due, plus a random delay of up to the jitter. Jitter only
 * ever delays, so it can never squeeze two slots closer than 24h/N.
 */
export function nextSlot(input: SlotInput): Date {
  const spacing = DAY_MS / input.perDay;
  const due = input.dueAt.getTime();
  const base = input.lastPlanned ? Math.max(due, input.lastPlanned.getTime() + spacing) : due;
  const jitterMs = Math.round(Math.max(0, Math.min(1, input.random())) * input.jitterMinutes * 60_000);
  return new Date(base + jitterMs);
}

export interface AssignSlotDeps {
  readonly db: Db;
  readonly provider: DatabaseProvider;
  readonly jobs: JobQueue;
  readonly now: () => Date;
  readonly random?: () => number;
}

export interface AssignedSlot {
  readonly at: Date;
  readonly queueOrder: number;
}

/**
 * Gives the ad's rows of a paced unit their slot (Delivery.notBefore) and queue position
 * (queueOrder), once, each with a fresh deliver job planned for the slot (the row's `next`: any
 * job that was looking at the row before steps aside). Runs in one short transaction under the
 * unit's lock, so two approvals at the same moment never take the same slot. Does nothing (null)
 * when the unit's lead row is not waiting to publish (skipped, already begun) or has its slot.
 */
export async function assignPacedSlot(deps: AssignSlotDeps, adId: string, unit: PacingUnit, rule: { perDay: number; jitterMinutes: number }): Promise<AssignedSlot | null> {
  if (rule.perDay <= 0) return null;
  for (let tries = 0; ; tries += 1) {
    try {
      return await assignOnce(deps, adId, unit, rule);
    } catch (error) {
      // A job began one of the rows at this very moment: look again (it is then not ours to pace).
      if (!isReplanConflict(error) || tries >= 2) throw error;
    }
  }
}

async function assignOnce(deps: AssignSlotDeps, adId: string, unit: PacingUnit, rule: { perDay: number; jitterMinutes: number }): Promise<AssignedSlot | null> {
  const lead = leadOf(unit);
  return deps.db.$transaction(async (tx) => {
    await lockPacingUnit(tx, deps.provider, unit);
    const rows = await tx.delivery.findMany({ where: { adId, channel: { in: [...membersOf(unit)] } } });
    const leadRow = rows.find((row) => row.channel === lead);
    if (!leadRow || leadRow.status !== 'pending' || leadRow.attempts > 0 || leadRow.queueOrder !== null) return null;
    const last = await tx.delivery.findFirst({
      where: { channel: lead, queueOrder: { not: null }, notBefore: { not: null }, status: { not: 'skipped' } },
      orderBy: { notBefore: 'desc' },
      select: { notBefore: true },
    });
    const highest = await tx.delivery.aggregate({ where: { channel: lead }, _max: { queueOrder: true } });
    const now = deps.now();
    const dueAt = leadRow.notBefore && leadRow.notBefore > now ? leadRow.notBefore : now;
    const at = nextSlot({ dueAt, lastPlanned: last?.notBefore ?? null, perDay: rule.perDay, jitterMinutes: rule.jitterMinutes, random: deps.random ?? Math.random });
    const queueOrder = (highest._max.queueOrder ?? 0) + 1;
    for (const row of rows) {
      if (row.status !== 'pending' || row.attempts > 0 || row.queueOrder !== null) continue;
      await replanDelivery(tx, deps.jobs, row, { notBefore: at, queueOrder }, now);
    }
    return { at, queueOrder };
  });
}
