import type { DbTx, Delivery } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { AppError } from '../../errors.ts';
import { DELIVER_JOB } from '../ads/delivery-channels.ts';
import { nextStateJson, parseDeliveryState } from '../delivery/delivery-state.ts';

/** Attempts of a deliver job (the same as an approval's). */
export const DELIVER_MAX_ATTEMPTS = 8;

/**
 * Moves a waiting (`pending`) delivery to a new planned time: a fresh deliver job at that time
 * becomes the row's `next` job (any older queued job for the row then steps aside when it runs,
 * see delivery-gate.ts), in the caller's transaction. A compare-and-set on the row: false when
 * the row changed meanwhile (a job began publishing it, another staff action), it throws
 * AppError `conflict` so the caller's transaction rolls back.
 */
export async function replanDelivery(
  tx: DbTx,
  jobs: JobQueue,
  row: Delivery,
  plan: { readonly notBefore: Date; readonly queueOrder?: number | null },
  now: Date,
  maxAttempts = DELIVER_MAX_ATTEMPTS,
): Promise<void> {
  if (row.status !== 'pending') throw replanConflict();
  const job = await jobs.enqueue(tx, {
    kind: DELIVER_JOB,
    payload: { adId: row.adId, channel: row.channel },
    runAt: plan.notBefore > now ? plan.notBefore : now,
    maxAttempts,
  });
  const stateJson = nextStateJson(parseDeliveryState(row.stateJson), { next: job?.id });
  const { count } = await tx.delivery.updateMany({
    where: { id: row.id, status: 'pending', stateJson: row.stateJson },
    data: { stateJson, notBefore: plan.notBefore, ...(plan.queueOrder !== undefined ? { queueOrder: plan.queueOrder } : {}) },
  });
  if (count !== 1) throw replanConflict();
}

function replanConflict(): AppError {
  return new AppError('conflict', 'The delivery changed at the same moment; try again');
}

export function isReplanConflict(error: unknown): boolean {
  return error instanceof AppError && error.code === 'conflict';
}
