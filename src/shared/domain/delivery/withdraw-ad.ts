import type { Runtime } from '../../runtime/create-runtime.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { compareAndSet } from './delivery-row.ts';
import { WITHDRAW_JOB } from './withdraw-job-kind.ts';

/**
 * Staff take an approved ad down: the ad becomes `withdrawn` (with its history row and audit) and
 * every channel that was meant to publish gets a `withdraw` job, all in one transaction. The jobs
 * remove what can be removed (the channel post, Instagram media, a partner notification) and
 * record the result per channel in the row's stateJson (`withdrawal`) for the panel.
 */
export async function withdrawAd(runtime: Runtime, adId: string, actor: AuditActor, note?: string): Promise<{ uuid: string; status: 'withdrawn' }> {
  const { db } = runtime.database;
  return db.$transaction(async (tx) => {
    const ad = await tx.ad.findUnique({ where: { id: adId }, select: { status: true } });
    if (!ad) throw new AppError('not_found', 'Ad not found');
    const { count } = await tx.ad.updateMany({ where: { id: adId, status: 'approved' }, data: { status: 'withdrawn' } });
    if (count !== 1) throw new AppError('invalid_transition', `The ad is ${ad.status}; only an approved ad can be withdrawn`);
    await tx.adEvent.create({
      data: { adId, type: 'withdrawn', fromStatus: 'approved', toStatus: 'withdrawn', actorType: actor.type, actorId: actor.id ?? null, note: note?.trim() || null },
    });
    await recordAudit(tx, actor, 'ad.withdraw', { targetType: 'ad', targetId: adId, ...(note?.trim() ? { details: { note: note.trim() } } : {}) });
    const rows = await tx.delivery.findMany({ where: { adId } });
    for (const row of rows) {
      if (row.status === 'skipped' && row.attempts === 0) continue;
      let current = row;
      let settled = false;
      for (let tries = 0; ; tries += 1) {
        // Never attempted (queued for a pacing slot or a scheduled time): it is simply never published.
        if (current.status === 'pending' && current.attempts === 0) {
          const at = new Date().toISOString();
          const detail = 'withdrawn before it was published';
          const withdrawal = { status: 'nothing_to_remove', detail, at, finishedAt: at };
          if (await compareAndSet(tx, current, { status: 'skipped', lastError: detail, completedAt: new Date(), state: { next: undefined, withdrawal } })) {
            settled = true;
            break;
          }
        } else if (await compareAndSet(tx, current, { state: { withdrawal: { status: 'pending', at: new Date().toISOString() } } })) break;
        const fresh = await tx.delivery.findUnique({ where: { id: row.id } });
        // A publishing job moved the row at this very moment: read it again.
        if (!fresh || tries >= 5) throw new AppError('conflict', 'A delivery of this ad changed at the same moment; try again');
        current = fresh;
      }
      if (settled) continue;
      await runtime.jobs.enqueue(tx, { kind: WITHDRAW_JOB, payload: { adId, channel: row.channel }, maxAttempts: 40 });
    }
    return { uuid: adId, status: 'withdrawn' as const };
  });
}
