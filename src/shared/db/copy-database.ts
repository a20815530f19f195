import type { Db } from './prisma-types.ts';
import type { Prisma } from '../../generated/sqlite/client.ts';
import { createDatabase, type Database } from './create-db.ts';
import { migrateDatabase } from './migrate.ts';

/**
 * Copies every row of every model from one database into another, freshly migrated one (the way
 * from SQLite to PostgreSQL), keeping ids, in foreign-key order and in batches; then moves the
 * PostgreSQL id sequences past the copied ids and verifies the row counts.
 */
const MODELS_IN_ORDER = [
  'category', 'telegramBot', 'staffUser', 'partnerClient', 'setting', 'lease', 'metricsSnapshot',
  'telegramUser', 'conversation', 'inboxUpdate', 'ad', 'adEvent', 'adPhoto', 'moderationResult',
  'delivery', 'media', 'job', 'staffSession', 'staffToken', 'auditLog', 'adVote', 'broadcast',
  'broadcastRecipient',
] as const;

type ModelName = (typeof MODELS_IN_ORDER)[number];

// Compile-time guard: a model added to the schema but not to MODELS_IN_ORDER fails type-checking
// here (the empty object then lacks a required key), so db:copy can never silently skip a table.
const everyModelIsCopied: Record<Exclude<Uncapitalize<Prisma.ModelName>, ModelName>, never> = {};
void everyModelIsCopied;

/** Tables whose integer id comes from a sequence on PostgreSQL. */
const SERIAL_TABLES: Partial<Record<ModelName, string>> = {
  category: 'Category', telegramBot: 'TelegramBot', staffUser: 'StaffUser', partnerClient: 'PartnerClient',
  telegramUser: 'TelegramUser', conversation: 'Conversation', inboxUpdate: 'InboxUpdate', adEvent: 'AdEvent',
  adPhoto: 'AdPhoto', moderationResult: 'ModerationResult', delivery: 'Delivery', media: 'Media', job: 'Job',
  staffToken: 'StaffToken', auditLog: 'AuditLog', adVote: 'AdVote', broadcast: 'Broadcast',
  broadcastRecipient: 'BroadcastRecipient',
};

/** The primary key column each model is ordered and paged by. */
const KEY: Partial<Record<ModelName, string>> = { setting: 'key', lease: 'name', metricsSnapshot: 'process', staffSession: 'sid' };

export interface CopyReport {
  readonly counts: Record<string, { source: number; target: number }>;
}

// Prisma's per-model delegates share a shape but not a TypeScript type; the copy is generic over
// models, so it talks to them through this minimal structural view.
interface Delegate {
  count(): Promise<number>;
  findMany(args: { take: number; skip?: number; cursor?: Record<string, unknown>; orderBy: Record<string, 'asc'> }): Promise<Array<Record<string, unknown>>>;
  createMany(args: { data: Array<Record<string, unknown>> }): Promise<{ count: number }>;
}

function delegate(db: Db, model: ModelName): Delegate {
  return (db as unknown as Record<ModelName, Delegate>)[model];
}

export async function copyDatabase(source: Db, targetUrl: string, options: { batchSize?: number; onProgress?: (line: string) => void } = {}): Promise<CopyReport> {
  await migrateDatabase(targetUrl);
  const target: Database = createDatabase({ url: targetUrl, poolSize: 2 });
  const batchSize = options.batchSize ?? 500;
  try {
    for (const model of MODELS_IN_ORDER) {
      if ((await delegate(target.db, model).count()) > 0) {
        throw new Error(`the target database is not empty (${model} has rows): copy into a fresh database`);
      }
    }
    const counts: CopyReport['counts'] = {};
    for (const model of MODELS_IN_ORDER) {
      const key = KEY[model] ?? 'id';
      let cursor: unknown = undefined;
      let copied = 0;
      for (;;) {
        const rows = await delegate(source, model).findMany({
          take: batchSize,
          orderBy: { [key]: 'asc' },
          ...(cursor === undefined ? {} : { skip: 1, cursor: { [key]: cursor } }),
        });
        if (!rows.length) break;
        await delegate(target.db, model).createMany({ data: rows });
        copied += rows.length;
        cursor = rows[rows.length - 1]?.[key];
      }
      const table = SERIAL_TABLES[model];
      if (table && target.provider === 'postgresql') {
        await target.db.$executeRawUnsafe(
          `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), COALESCE((SELECT MAX(id) FROM "${table}"), 0) + 1, false)`,
        );
      }
      counts[model] = { source: await delegate(source, model).count(), target: await delegate(target.db, model).count() };
      options.onProgress?.(`${model}: ${copied} rows`);
    }
    const mismatched = Object.entries(counts).filter(([, c]) => c.source !== c.target);
    if (mismatched.length) {
      throw new Error(`row counts differ after the copy: ${mismatched.map(([m, c]) => `${m} ${c.source}→${c.target}`).join(', ')}`);
    }
    return { counts };
  } finally {
    await target.close();
  }
}
