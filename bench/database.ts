import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseProvider } from '../src/shared/db/create-db.ts';

/**
 * A fresh, empty database per provider and run: a SQLite file in the run's scratch directory,
 * or a new PostgreSQL database on the server of BENCH_POSTGRES_URL / TEST_POSTGRES_URL,
 * dropped afterwards.
 */
export interface BenchDatabase {
  readonly provider: DatabaseProvider;
  readonly url: string;
  drop(): Promise<void>;
}

export function postgresAdminUrl(): string | undefined {
  return process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL || undefined;
}

export async function createBenchDatabase(provider: DatabaseProvider, dir: string): Promise<BenchDatabase> {
  if (provider === 'sqlite') {
    const file = path.join(dir, 'app.db');
    return {
      provider,
      url: `file:${file}`,
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  const adminUrl = postgresAdminUrl();
  if (!adminUrl) throw new Error('BENCH_POSTGRES_URL / TEST_POSTGRES_URL is not set');
  const name = `agahi_bench_${crypto.randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
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
