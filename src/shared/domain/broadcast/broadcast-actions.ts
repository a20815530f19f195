import crypto from 'node:crypto';
import type { Broadcast, Db, DbTx } from '../../db/prisma-types.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { audienceWhere } from './broadcast-audience.ts';
import { BROADCAST_JOB, type BroadcastStatus } from './broadcast-status.ts';

/**
 * Start, pause, resume and cancel: each one short transaction that moves the status only from
 * the states it allows (compare-and-set, so two clicks or two admins cannot both act), writes the
 * audit row, and (start, resume) queues the sending job. The job re-reads the status between
 * batches, so pause and cancel take effect within one batch.
 */
export interface BroadcastActionDeps {
  readonly db: Db;
  readonly jobs: JobQueue;
  readonly now?: () => Date;
}

const JOB_MAX_ATTEMPTS = 10;
const INSERT_CHUNK = 500;

export async function startBroadcast(deps: BroadcastActionDeps, id: number, actor: AuditActor): Promise<Broadcast> {
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    const broadcast = await moveStatus(tx, id, ['draft'], 'running', { startedAt: now });
    const users = await tx.telegramUser.findMany({ where: audienceWhere(broadcast.botId, now), select: { id: true, chatId: true }, orderBy: { id: 'asc' } });
    for (let i = 0; i < users.length; i += INSERT_CHUNK) {
      await tx.broadcastRecipient.createMany({
        data: users.slice(i, i + INSERT_CHUNK).map((u) => ({ broadcastId: id, telegramUserId: u.id, chatId: u.chatId ?? '' })),
      });
    }
    const started = await tx.broadcast.update({
      where: { id },
      data: users.length === 0 ? { total: 0, status: 'completed', finishedAt: now } : { total: users.length },
    });
    if (users.length > 0) await enqueueSender(deps.jobs, tx, id, 'start');
    await recordAudit(tx, actor, 'broadcast.start', { targetType: 'broadcast', targetId: String(id), details: { recipients: users.length } });
    return started;
  });
}

export async function pauseBroadcast(deps: BroadcastActionDeps, id: number, actor: AuditActor): Promise<Broadcast> {
  return deps.db.$transaction(async (tx) => {
    const broadcast = await moveStatus(tx, id, ['running'], 'paused', {});
    await recordAudit(tx, actor, 'broadcast.pause', { targetType: 'broadcast', targetId: String(id) });
    return broadcast;
  });
}

export async function resumeBroadcast(deps: BroadcastActionDeps, id: number, actor: AuditActor): Promise<Broadcast> {
  return deps.db.$transaction(async (tx) => {
    const broadcast = await moveStatus(tx, id, ['paused'], 'running', {});
    // A fresh job each time: if the previous slice is still finishing, the broadcast's lease
    // keeps the two from sending at once (broadcast-job.ts).
    await enqueueSender(deps.jobs, tx, id, `resume:${crypto.randomUUID()}`);
    await recordAudit(tx, actor, 'broadcast.resume', { targetType: 'broadcast', targetId: String(id) });
    return broadcast;
  });
}

export async function cancelBroadcast(deps: BroadcastActionDeps, id: number, actor: AuditActor): Promise<Broadcast> {
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    const broadcast = await moveStatus(tx, id, ['draft', 'running', 'paused'], 'cancelled', { finishedAt: now });
    // Only rows not yet taken: a message already in flight finishes and is recorded as it ends.
    const { count } = await tx.broadcastRecipient.updateMany({ where: { broadcastId: id, status: 'pending' }, data: { status: 'skipped', error: 'broadcast cancelled' } });
    await recordAudit(tx, actor, 'broadcast.cancel', { targetType: 'broadcast', targetId: String(id), details: { skipped: count } });
    return broadcast;
  });
}

/** Queues a sending job for a running broadcast (also used by the job to hand over to the next slice). */
export async function enqueueSender(jobs: JobQueue, tx: DbTx, broadcastId: number, key: string, runAt?: Date): Promise<void> {
  await jobs.enqueue(tx, {
    kind: BROADCAST_JOB,
    payload: { broadcastId },
    dedupeKey: `broadcast:${broadcastId}:${key}`,
    maxAttempts: JOB_MAX_ATTEMPTS,
    ...(runAt ? { runAt } : {}),
  });
}

async function moveStatus(tx: DbTx, id: number, from: readonly BroadcastStatus[], to: BroadcastStatus, extra: { startedAt?: Date; finishedAt?: Date }): Promise<Broadcast> {
  const { count } = await tx.broadcast.updateMany({ where: { id, status: { in: [...from] } }, data: { status: to, ...extra } });
  if (count === 1) return tx.broadcast.findUniqueOrThrow({ where: { id } });
  const current = await tx.broadcast.findUnique({ where: { id }, select: { status: true } });
  if (!current) throw new AppError('not_found', `No broadcast ${id}`);
  throw new AppError('invalid_transition', `The broadcast is ${current.status}; it cannot become ${to}`);
}
