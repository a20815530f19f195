import type { Runtime } from '../../runtime/create-runtime.ts';
import type { Delivery } from '../../db/prisma-types.ts';
import type { ClaimedJob } from '../../db/job-queue.ts';
import { compareAndSet, isJobPending } from './delivery-row.ts';
import { parseDeliveryState } from './delivery-state.ts';
import { assignPacedSlot } from '../publishing/pacing-slots.ts';
import { pacingUnitOf, perDayOf } from '../publishing/pacing-units.ts';
import { isReplanConflict, replanDelivery } from '../publishing/replan-delivery.ts';

/**
 * What a deliver job checks before it may publish a waiting (`pending`) row:
 * - another queued job was made responsible for the row (a reorder, "publish now", a deferral):
 *   this one steps aside;
 * - the ad is no longer approved (withdrawn, expired) and nothing was attempted yet: `skipped`,
 *   so a queued or scheduled ad that was taken down never publishes later;
 * - the channel is paced and the row has no slot yet: it gets the next free one now;
 * - the row's notBefore (scheduled approval or slot) is still ahead: a fresh job is planned for
 *   that moment and this one ends (it never publishes early, whatever woke it).
 * `go`: publish now; `done`: this job has nothing more to do; `again`: the row changed, read it again.
 */
export type GateVerdict = 'go' | 'done' | 'again';

export interface GateDeps {
  readonly runtime: Runtime;
  readonly now: () => Date;
  readonly random: () => number;
}

export async function gateDelivery(deps: GateDeps, row: Delivery, job: ClaimedJob): Promise<GateVerdict> {
  if (row.status !== 'pending') return 'go';
  const { db } = deps.runtime.database;
  const state = parseDeliveryState(row.stateJson);
  if (state.next !== undefined && state.next !== job.id && (await isJobPending(db, state.next, deps.now()))) return 'done';

  if (row.attempts === 0) {
    const ad = await db.ad.findUnique({ where: { id: row.adId }, select: { status: true } });
    if (!ad) return 'done';
    if (ad.status !== 'approved') {
      const skipped = await compareAndSet(db, row, { status: 'skipped', lastError: `the ad was ${ad.status} before it was published`, completedAt: deps.now(), state: { next: undefined } });
      return skipped ? 'done' : 'again';
    }
    const unit = pacingUnitOf(row.channel);
    if (unit && row.queueOrder === null) {
      const settings = await deps.runtime.settings.getAll();
      const rule = { perDay: perDayOf(settings, unit), jitterMinutes: settings['pacing.jitterMinutes'] };
      const slot = await assignPacedSlot({ db, provider: deps.runtime.database.provider, jobs: deps.runtime.jobs, now: deps.now, random: deps.random }, row.adId, unit, rule);
      // Assigned (here or by a job of another member of the unit): the slot's own job takes over.
      const fresh = slot ? null : await db.delivery.findUnique({ where: { id: row.id }, select: { stateJson: true, status: true } });
      if (slot || fresh?.stateJson !== row.stateJson || fresh.status !== row.status) return 'again';
    }
  }

  const now = deps.now();
  if (row.notBefore && row.notBefore > now) {
    const notBefore = row.notBefore;
    try {
      await db.$transaction(async (tx) => replanDelivery(tx, deps.runtime.jobs, row, { notBefore }, now, job.maxAttempts));
      return 'done';
    } catch (error) {
      if (isReplanConflict(error)) return 'again';
      throw error;
    }
  }
  return 'go';
}
