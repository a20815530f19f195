import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { testProviders } from '../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../helpers/test-runtime.ts';
import { pendingMigrations } from '../../src/shared/db/migrate.ts';
import { readMigrations } from '../../src/shared/db/migration-files.ts';
import { createDatabase } from '../../src/shared/db/create-db.ts';

for (const provider of testProviders()) {
  describe(`fresh ${provider} database and /healthz`, () => {
    let runtime: TestRuntime;
    let server: TestServer;
    before(async () => {
      runtime = await createTestRuntime(provider);
      server = await startTestWebServer(runtime);
    });
    after(async () => {
      await server.close();
      await runtime.close();
    });

    it('is fully migrated, with Prisma-compatible migration records', async () => {
      assert.deepEqual(await pendingMigrations(runtime.config.databaseUrl), []);
      const rows = await runtime.database.db.$queryRawUnsafe<Array<{ migration_name: string; checksum: string }>>(
        'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
      );
      const files = readMigrations(provider);
      assert.deepEqual(rows.map((r) => [r.migration_name, r.checksum]), files.map((f) => [f.name, f.checksum]));
      assert.equal(await runtime.database.db.category.count(), 6);
    });

    it('answers /healthz as CONTRACT.md §3 says', async () => {
      const res = await fetch(`${server.url}/healthz`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(body.status, 'ok');
      assert.equal(body.db, 'ok');
      assert.equal(body.version, '0.0.0-test');
      assert.equal(body.journalMode, provider === 'sqlite' ? 'wal' : null);
    });

    if (provider === 'sqlite') {
      it('the database file itself reports WAL', () => {
        const conn = new BetterSqlite3(runtime.config.sqlitePath ?? '', { readonly: true });
        try {
          assert.equal(conn.pragma('journal_mode', { simple: true }), 'wal');
        } finally {
          conn.close();
        }
      });
    }

    it('answers unknown /api routes with 404 in the error shape', async () => {
      const res = await fetch(`${server.url}/api/nothing/here`);
      assert.equal(res.status, 404);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'not_found');
      assert.equal(typeof body.error.message, 'string');
    });
  });
}

describe('/healthz when the database is unreachable', () => {
  it('answers 503 degraded', async () => {
    const runtime = await createTestRuntime('sqlite');
    // Nothing listens on port 1: every query fails to connect.
    const unreachable = createDatabase({ url: 'postgresql://root@127.0.0.1:1/none' });
    const server = await startTestWebServer({ ...runtime, database: unreachable });
    try {
      const res = await fetch(`${server.url}/healthz`);
      assert.equal(res.status, 503);
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(body.status, 'degraded');
    } finally {
      await server.close();
      await unreachable.close().catch(() => undefined);
      await runtime.close();
    }
  });
});
