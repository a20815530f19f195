import type { Db } from './prisma-types.ts';

/**
 * Named leases in the database: one holder at a time until it expires or is released
 * (the bot process, cron-mode runs that must never overlap).
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now: Date = new Date()): Promise<boolean> {
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.lease.findUnique({ where: { name } });
      if (current && current.holder !== holder && current.expiresAt > now) return false;
      const expiresAt = new Date(now.getTime() + ttlMs);
      if (current) {
        const { count } = await tx.lease.updateMany({ where: { name, holder: current.holder, expiresAt: current.expiresAt }, data: { holder, expiresAt } });
        return count === 1;
      }
      await tx.lease.create({ data: { name, holder, expiresAt } });
      return true;
    });
  } catch {
    // A concurrent first acquisition (unique violation) means someone else holds it.
    return false;
  }
}

export async function renewLease(db: Db, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const { count } = await db.lease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(Date.now() + ttlMs) } });
  return count === 1;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.lease.deleteMany({ where: { name, holder } });
}
