import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabaseUrl, testProviders } from '../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.ts';
import { runTs } from '../helpers/child-process.ts';
import { submitAd } from '../../src/shared/domain/ads/submit-ad.ts';
import { decideAd } from '../../src/shared/domain/ads/decide-ad.ts';
import { createDatabase } from '../../src/shared/db/create-db.ts';
import { createSettingsService } from '../../src/shared/domain/settings/settings-service.ts';
import { createJobQueue } from '../../src/shared/db/job-queue.ts';

describe('db:copy', () => {
  let source: TestRuntime;
  before(async () => {
    source = await createTestRuntime('sqlite');
    const deps = { db: source.database.db, jobs: source.jobs, settings: source.settings };
    await source.settings.set({ 'webhook.url': 'https://partner.example/hook', 'webhook.secret': 'shh-its-a-secret' }, { type: 'cli' });
    const staff = await source.database.db.staffUser.create({ data: { email: 'm@example.test', passwordHash: 'x', role: 'moderator' } });
    for (let i = 0; i < 30; i += 1) {
      const { ad } = await submitAd(deps, { source: 'partner', content: `ad ${i} — آگهی` });
      if (i % 3 === 0) await decideAd(deps, ad.id, { action: 'approve' }, { type: 'staff', id: String(staff.id) });
      if (i % 3 === 1) await decideAd(deps, ad.id, { action: 'reject', reason: 'no' }, { type: 'staff', id: String(staff.id) });
    }
  });
  after(async () => {
    await source.close();
  });

  for (const provider of testProviders()) {
    it(`copies a populated SQLite database into a fresh ${provider} one, and the product works on the copy`, async () => {
      const target = await createTestDatabaseUrl(provider);
      try {
        const env = { CWD: source.testDb.dir, DATABASE_URL: source.config.databaseUrl, APP_SECRET: source.config.appSecret.toString('hex') };
        const run = await runTs('src/cli/main.ts', ['db:copy', '--to', target.url], env);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /row counts verified/);

        const copy = createDatabase({ url: target.url });
        try {
          for (const model of ['ad', 'adEvent', 'job', 'delivery', 'auditLog', 'setting', 'category', 'staffUser'] as const) {
            const counter = (db: typeof copy.db) => (db[model] as unknown as { count(): Promise<number> }).count();
            assert.equal(await counter(copy.db), await counter(source.database.db), `${model} counts differ`);
          }
          // New rows get fresh ids (sequences moved past the copied ones) and secrets still decrypt.
          const settings = createSettingsService({ db: copy.db, secretBox: source.secretBox });
          assert.equal(await settings.get('webhook.secret'), 'shh-its-a-secret');
          const { ad } = await submitAd({ db: copy.db, jobs: createJobQueue({ db: copy.db, provider: copy.provider }) }, { source: 'partner', content: 'after the move' });
          assert.equal(ad.status, 'pending_ai');
        } finally {
          await copy.close();
        }

        const again = await runTs('src/cli/main.ts', ['db:copy', '--to', target.url], env);
        assert.equal(again.code, 1);
        assert.match(again.stderr, /not empty/);
        assert.equal(again.stderr.trim().split('\n').length, 1);
      } finally {
        await target.drop();
      }
    });
  }
});
