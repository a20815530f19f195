import type { Db, DbTx, Delivery } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { DELIVER_JOB, type DeliveryStatus } from '../ads/delivery-channels.ts';

/**
 * What staff can do with one delivery row (CONTRACT.md §4):
 * - retry a `failed` delivery, and
 * - "post again" an `uncertain` one (staff checked the channel and the post is not there):
 *   both set the row back to `pending` and enqueue a deliver job in ONE transaction;
 * - "mark as posted" an `uncertain` one (staff saw the post): `success`, no job.
 * Each is a conditional update, so two clicks (or two staff) act once; the loser gets 409.
 */
export interface DeliveryActionDeps {
  readonly db: Db;
  readonly jobs: JobQueue;
  readonly now?: () => Date;
}

export type DeliveryAction = 'retry' | 'post_again' | 'mark_posted';

const ALLOWED_FROM: Record<DeliveryAction, readonly DeliveryStatus[]> = {
  retry: ['failed'],
  post_again: ['uncertain'],
  mark_posted: ['uncertain'],
};

export function deliveryActionsFor(status: string): DeliveryAction[] {
  return (Object.keys(ALLOWED_FROM) as DeliveryAction[]).filter((action) => (ALLOWED_FROM[action] as readonly string[]).includes(status));
}

export function retryDelivery(deps: DeliveryActionDeps, deliveryId: number, actor: AuditActor): Promise<Delivery> {
  return requeue(deps, deliveryId, 'retry', actor);
}

export function postDeliveryAgain(deps: DeliveryActionDeps, deliveryId: number, actor: AuditActor): Promise<Delivery> {
  return requeue(deps, deliveryId, 'post_again', actor);
}

export async function markDeliveryPosted(deps: DeliveryActionDeps, deliveryId: number, note: string, actor: AuditActor): Promise<Delivery> {
  const now = deps.now?.() ?? new Date();
  const text = note.trim().slice(0, 500) || 'marked as posted by staff';
  return deps.db.$transaction(async (tx) => {
    const row = await findOrThrow(tx, deliveryId);
    const { count } = await tx.delivery.updateMany({
      where: { id: deliveryId, status: { in: [...ALLOWED_FROM.mark_posted] } },
      data: { status: 'success', completedAt: now, attemptStartedAt: null, lastError: null },
    });
    if (count !== 1) throw notAllowed('mark_posted', row.status);
    await tx.adEvent.create({
      data: { adId: row.adId, type: 'delivery_marked_posted', actorType: actor.type, actorId: actor.id ?? null, note: `${row.channel}: ${text}` },
    });
    await recordAudit(tx, actor, 'delivery.mark_posted', { targetType: 'delivery', targetId: String(deliveryId), details: { adId: row.adId, channel: row.channel, from: row.status, note: text } });
    return tx.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
  });
}

async function requeue(deps: DeliveryActionDeps, deliveryId: number, action: 'retry' | 'post_again', actor: AuditActor): Promise<Delivery> {
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    const row = await findOrThrow(tx, deliveryId);
    const { count } = await tx.delivery.updateMany({
      where: { id: deliveryId, status: { in: [...ALLOWED_FROM[action]] } },
      data: { status: 'pending', attemptStartedAt: null, completedAt: null },
    });
    if (count !== 1) throw notAllowed(action, row.status);
    await deps.jobs.enqueue(tx, { kind: DELIVER_JOB, payload: { adId: row.adId, channel: row.channel }, runAt: now, maxAttempts: 8 });
    await tx.adEvent.create({
      data: { adId: row.adId, type: action === 'retry' ? 'delivery_retry' : 'delivery_post_again', actorType: actor.type, actorId: actor.id ?? null, note: row.channel },
    });
    await recordAudit(tx, actor, `delivery.${action}`, { targetType: 'delivery', targetId: String(deliveryId), details: { adId: row.adId, channel: row.channel, from: row.status } });
    return tx.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
  });
}

async function findOrThrow(tx: DbTx, id: number): Promise<Delivery> {
  const row = await tx.delivery.findUnique({ where: { id } });
  if (!row) throw new AppError('not_found', 'Delivery not found');
  return row;
}

function notAllowed(action: DeliveryAction, status: string): AppError {
  const from = ALLOWED_FROM[action].join(' or ');
  return new AppError('invalid_transition', `The delivery is ${status}; ${action.replace('_', ' ')} is only possible when it is ${from}`);
}
