import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { migrateDatabase } from '../../src/shared/db/migrate.ts';
import { createDatabase, type Database, type DatabaseProvider } from '../../src/shared/db/create-db.ts';
import { seedCategories } from '../../src/shared/db/seed-categories.ts';

/**
 * Real databases for tests: a fresh SQLite file always, and a fresh PostgreSQL database
 * (created on the server in TEST_POSTGRES_URL, dropped afterwards) when that is set.
 */
export interface TestDatabase extends Database {
  readonly url: string;
  /** For SQLite, the directory holding the file (scratch space for the test too). */
  readonly dir: string;
  drop(): Promise<void>;
}

export function testProviders(): DatabaseProvider[] {
  return process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];
}

export async function createTestDatabaseUrl(provider: DatabaseProvider): Promise<{ url: string; dir: string; drop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agahi-test-'));
  if (provider === 'sqlite') {
    return { url: `file:${path.join(dir, 'app.db')}`, dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const name = `agahi_test_${crypto.randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    drop: async () => {
      await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A migrated, seeded database of the given provider, with an open client. `poolSize` bounds its
 * PostgreSQL connections (default 5): tests that open many databases at once take fewer each,
 * so that two test files together stay under the server's 100 connections.
 */
export async function createTestDatabase(provider: DatabaseProvider, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const target = await createTestDatabaseUrl(provider);
  await migrateDatabase(target.url);
  const database = createDatabase({ url: target.url, poolSize: options.poolSize ?? 5 });
  await seedCategories(database.db);
  return {
    ...database,
    url: target.url,
    dir: target.dir,
    drop: async () => {
      await database.close();
      await target.drop();
    },
  };
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
