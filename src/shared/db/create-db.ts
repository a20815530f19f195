import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../../generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from '../../generated/postgresql/client.ts';
import { serializeSqliteAdapter } from './serialized-sqlite-adapter.ts';
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_CONNECTION_PRAGMAS } from './sqlite-pragmas.ts';
import type { Db } from './prisma-types.ts';

export type DatabaseProvider = 'sqlite' | 'postgresql';

export interface Database {
  readonly db: Db;
  readonly provider: DatabaseProvider;
  /** `wal` (or another mode) on SQLite, null on PostgreSQL. */
  journalMode(): Promise<string | null>;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  readonly url: string;
  /** Resolve relative SQLite paths against this directory. */
  readonly cwd?: string;
  /** PostgreSQL pool size (per process). */
  readonly poolSize?: number;
  /** Told how long each query waited for SQLite's one connection (metrics). */
  readonly onLockWait?: (seconds: number) => void;
}

/** Interactive transactions wait their turn on SQLite's single connection: allow for it. */
const TRANSACTION_OPTIONS = { maxWait: SQLITE_BUSY_TIMEOUT_MS, timeout: SQLITE_BUSY_TIMEOUT_MS };

export function createDatabase(options: CreateDatabaseOptions): Database {
  if (options.url.startsWith('file:')) return createSqlite(options);
  return createPostgres(options);
}

function createSqlite(options: CreateDatabaseOptions): Database {
  const file = path.resolve(options.cwd ?? process.cwd(), options.url.replace(/^file:/, '').split('?')[0] ?? '');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const factory = serializeSqliteAdapter(
    new PrismaBetterSQLite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }),
    SQLITE_CONNECTION_PRAGMAS,
    options.onLockWait,
  );
  const db = new SqliteClient({ adapter: factory, transactionOptions: TRANSACTION_OPTIONS });
  return {
    db,
    provider: 'sqlite',
    async journalMode() {
      const rows = await db.$queryRawUnsafe<Array<{ journal_mode: string }>>('PRAGMA journal_mode');
      return rows[0]?.journal_mode ?? null;
    },
    close: () => db.$disconnect(),
  };
}

function createPostgres(options: CreateDatabaseOptions): Database {
  const adapter = new PrismaPg({ connectionString: options.url, max: options.poolSize ?? 10 });
  const client = new PostgresClient({ adapter, transactionOptions: { maxWait: 5_000, timeout: 10_000 } });
  // Both clients are generated from the same models (prisma/schema.prisma), so their query APIs
  // are the same; the SQLite client's type stands for both.
  const db = client as unknown as Db;
  return {
    db,
    provider: 'postgresql',
    journalMode: () => Promise.resolve(null),
    close: () => db.$disconnect(),
  };
}
