import type { DbTx } from '../../db/prisma-types.ts';
import type { DatabaseProvider } from '../../db/create-db.ts';

/**
 * Serialises slot assignment and queue changes of one paced unit inside the caller's
 * transaction. SQLite: every transaction already holds the write lock from its start (see
 * serialized-sqlite-adapter.ts), so nothing to do. PostgreSQL: a transaction-scoped advisory
 * lock keyed by the unit's name, released at commit or rollback (no table or column needed).
 */
export async function lockPacingUnit(tx: DbTx, provider: DatabaseProvider, unit: string): Promise<void> {
  if (provider !== 'postgresql') return;
  await tx.$queryRawUnsafe('SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS l', `agahi:pacing:${unit}`);
}
