import type { DbTx, Delivery } from '../../db/prisma-types.ts';
import type { Runtime } from '../../runtime/create-runtime.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { DELIVER_JOB, isDeliveryChannel, type DeliveryChannel } from '../ads/delivery-channels.ts';
import { compareAndSet } from './delivery-row.ts';

/**
 * Staff actions on one channel of an approved ad, each one transaction (row change, job, history
 * and audit together), each a compare-and-set so repeated clicks act once (the rest get 409):
 * - retry a `failed` channel: back to `pending` with a new `deliver` job;
 * - resolve an `uncertain` one: `mark_posted` (staff saw the post: `success`) or `post_again`
 *   (staff checked, it is not there: `pending` and a new job).
 * A `success` channel can never be sent again from here.
 */
export type UncertainResolution = 'mark_posted' | 'post_again';

export async function retryDelivery(runtime: Runtime, adId: string, channel: string, actor: AuditActor): Promise<Delivery> {
  return requeue(runtime, adId, channel, actor, 'failed', 'delivery.retry', 'delivery_retry');
}

export async function resolveUncertain(runtime: Runtime, adId: string, channel: string, resolution: UncertainResolution, actor: AuditActor): Promise<Delivery> {
  if (resolution === 'post_again') return requeue(runtime, adId, channel, actor, 'uncertain', 'delivery.post_again', 'delivery_post_again');
  const { db } = runtime.database;
  return db.$transaction(async (tx) => {
    const row = await findRow(tx, adId, channel);
    if (row.status !== 'uncertain') throw notAllowed(row, 'mark as posted', 'uncertain');
    const next = await compareAndSet(tx, row, { status: 'success', lastError: null, attemptStartedAt: null, completedAt: new Date(), state: { owner: undefined } });
    if (!next) throw concurrent();
    await tx.adEvent.create({ data: { adId, type: 'delivery_marked_posted', actorType: actor.type, actorId: actor.id ?? null, note: channel } });
    await recordAudit(tx, actor, 'delivery.mark_posted', { targetType: 'delivery', targetId: String(row.id), details: { adId, channel } });
    return next;
  });
}

async function requeue(
  runtime: Runtime,
  adId: string,
  channel: string,
  actor: AuditActor,
  from: 'failed' | 'uncertain',
  action: string,
  eventType: string,
): Promise<Delivery> {
  const { db } = runtime.database;
  return db.$transaction(async (tx) => {
    const row = await findRow(tx, adId, channel);
    if (row.status !== from) throw notAllowed(row, from === 'failed' ? 'retry' : 'post again', from);
    const ad = await tx.ad.findUnique({ where: { id: adId }, select: { status: true } });
    if (ad?.status !== 'approved') throw new AppError('invalid_transition', `The ad is ${ad?.status ?? 'gone'}; only an approved ad's channels can be sent`);
    const next = await compareAndSet(tx, row, {
      status: 'pending',
      attemptStartedAt: null,
      completedAt: null,
      // Progress (Instagram container, webhook body) is kept: the channel resumes from it and
      // checks the remote state first, so a retry can never publish a second time.
      state: { owner: undefined, waiting: undefined },
    });
    if (!next) throw concurrent();
    await runtime.jobs.enqueue(tx, { kind: DELIVER_JOB, payload: { adId, channel }, maxAttempts: 8 });
    await tx.adEvent.create({ data: { adId, type: eventType, actorType: actor.type, actorId: actor.id ?? null, note: channel } });
    await recordAudit(tx, actor, action, { targetType: 'delivery', targetId: String(row.id), details: { adId, channel, from } });
    return next;
  });
}

async function findRow(tx: DbTx, adId: string, channel: string): Promise<Delivery> {
  if (!isDeliveryChannel(channel)) throw new AppError('validation_failed', `Unknown channel ${channel}`, { fields: { channel: 'unknown channel' } });
  const row = await tx.delivery.findUnique({ where: { adId_channel: { adId, channel: channel satisfies DeliveryChannel } } });
  if (!row) throw new AppError('not_found', 'Delivery not found');
  return row;
}

function notAllowed(row: Delivery, what: string, from: string): AppError {
  return new AppError('invalid_transition', `The ${row.channel} delivery is ${row.status}; ${what} is only possible when it is ${from}`);
}

function concurrent(): AppError {
  return new AppError('invalid_transition', 'The delivery was changed at the same moment; reload and try again');
}
