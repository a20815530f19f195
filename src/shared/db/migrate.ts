import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { readMigrations, type MigrationFile } from './migration-files.ts';
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_CONNECTION_PRAGMAS } from './sqlite-pragmas.ts';

/**
 * Applies the committed migrations (prisma/migrations, prisma/postgres/migrations) and records
 * them in `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, names and
 * sha256 checksums), so Prisma's own tooling sees them as applied. Prisma's CLI cannot read the
 * PostgreSQL catalog offline (prisma/orm#27403) and is slow to spawn; this runs in-process on
 * both databases. Safe when several processes start at once (SQLite write lock / advisory lock).
 */
export interface MigrationReport {
  readonly applied: string[];
  readonly total: number;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** An arbitrary, fixed key for pg_advisory_lock: one migrator at a time per database. */
const POSTGRES_MIGRATION_LOCK = 7_311_930_261;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
}

export async function migrateDatabase(url: string, cwd: string = process.cwd()): Promise<MigrationReport> {
  if (url.startsWith('file:')) return migrateSqlite(path.resolve(cwd, url.replace(/^file:/, '').split('?')[0] ?? ''));
  return migratePostgres(url);
}

/** Names of committed migrations not yet applied (for `doctor`). */
export async function pendingMigrations(url: string, cwd: string = process.cwd()): Promise<string[]> {
  if (url.startsWith('file:')) {
    const file = path.resolve(cwd, url.replace(/^file:/, '').split('?')[0] ?? '');
    if (!fs.existsSync(file)) return readMigrations('sqlite').map((m) => m.name);
    const conn = new BetterSqlite3(file, { readonly: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
    try {
      const hasTable = conn.prepare(`SELECT 1 FROM sqlite_master WHERE name = '_prisma_migrations'`).get();
      const rows = hasTable ? (conn.prepare(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`).all() as AppliedRow[]) : [];
      return notApplied(readMigrations('sqlite'), rows).map((m) => m.name);
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
    const rows = exists.rows[0]?.t
      ? (await client.query<AppliedRow>(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`)).rows
      : [];
    return notApplied(readMigrations('postgresql'), rows).map((m) => m.name);
  } finally {
    await client.end();
  }
}

function notApplied(files: MigrationFile[], rows: AppliedRow[]): MigrationFile[] {
  const failed = rows.find((row) => row.finished_at === null || row.finished_at === undefined);
  if (failed) {
    throw new MigrationError(
      `migration ${failed.migration_name} started but never finished: repair the database, then remove its row from _prisma_migrations`,
    );
  }
  const done = new Set(rows.map((row) => row.migration_name));
  return files.filter((file) => !done.has(file.name));
}

function migrateSqlite(file: string): MigrationReport {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const conn = new BetterSqlite3(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    conn.exec(SQLITE_CONNECTION_PRAGMAS);
    conn.exec(SQLITE_TABLE);
    const files = readMigrations('sqlite');
    const applied: string[] = [];
    for (const migration of files) {
      conn.exec('BEGIN IMMEDIATE');
      try {
        const rows = conn.prepare(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`).all() as AppliedRow[];
        if (!notApplied([migration], rows).length) {
          conn.exec('COMMIT');
          continue;
        }
        const startedAt = isoWithOffset(new Date());
        conn.exec(migration.sql);
        conn
          .prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          )
          .run(crypto.randomUUID(), migration.checksum, isoWithOffset(new Date()), migration.name, startedAt);
        conn.exec('COMMIT');
        applied.push(migration.name);
      } catch (error) {
        if (conn.inTransaction) conn.exec('ROLLBACK');
        throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
    }
    return { applied, total: files.length };
  } finally {
    conn.close();
  }
}

async function migratePostgres(url: string): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [POSTGRES_MIGRATION_LOCK]);
    await client.query(POSTGRES_TABLE);
    const rows = (await client.query<AppliedRow>(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`)).rows;
    const files = readMigrations('postgresql');
    const applied: string[] = [];
    for (const migration of notApplied(files, rows)) {
      const startedAt = new Date();
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [crypto.randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query('COMMIT');
        applied.push(migration.name);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
    }
    return { applied, total: files.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [POSTGRES_MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

function isoWithOffset(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}
