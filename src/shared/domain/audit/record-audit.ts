import type { DbTx } from '../../db/prisma-types.ts';

export interface AuditActor {
  readonly type: 'staff' | 'system' | 'cli' | 'partner' | 'telegram';
  readonly id?: string;
  readonly ip?: string;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system' };
export const CLI_ACTOR: AuditActor = { type: 'cli' };

/** One audit row: every decision, settings change, key created, login. */
export async function recordAudit(
  tx: DbTx,
  actor: AuditActor,
  action: string,
  target: { targetType?: string; targetId?: string; details?: unknown } = {},
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorType: actor.type,
      actorId: actor.id ?? null,
      action,
      targetType: target.targetType ?? null,
      targetId: target.targetId ?? null,
      detailsJson: target.details === undefined ? null : JSON.stringify(target.details),
      ip: actor.ip ?? null,
    },
  });
}
