import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { runTs } from '../../helpers/child-process.ts';

describe('SQLite under concurrent writers and readers from two processes', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase('sqlite');
  });
  after(async () => {
    await database.drop();
  });

  it('has no SQLITE_BUSY / BUSY_SNAPSHOT / "database is locked" and loses no write', async () => {
    const runs = await Promise.all(
      ['a', 'b'].map((label) => runTs('test/fixtures/sqlite-hammer.ts', [database.url, label, '4', '8', '8'])),
    );
    const reports = runs.map((run) => {
      assert.equal(run.code, 0, run.stderr);
      return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { written: string[]; errors: string[] };
    });
    const errors = reports.flatMap((r) => r.errors);
    assert.deepEqual(errors, [], `errors: ${errors.slice(0, 5).join(' | ')}`);
    const written = reports.flatMap((r) => r.written);
    // Enough contention to matter even on a loaded machine: both processes wrote, many times.
    for (const report of reports) assert.ok(report.written.length > 20, `a process wrote only ${report.written.length} rows`);
    const present = await database.db.ad.count({ where: { id: { in: written } } });
    assert.equal(present, written.length);
    const jobs = await database.db.job.count();
    assert.ok(jobs > 0);
    const journal = await database.journalMode();
    assert.equal(journal, 'wal');
  });
});
