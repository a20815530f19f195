import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../../../helpers/test-runtime.ts';
import { pruneFinishedRows } from '../../../../src/shared/domain/housekeeping/prune-finished-rows.ts';
import { HOUSEKEEPING } from '../../../../src/shared/domain/housekeeping/housekeeping-job.ts';
import { enqueuePeriodicJob } from '../../../../src/shared/worker/periodic-job.ts';

const DAY = 86_400_000;

for (const provider of testProviders()) {
  describe(`housekeeping: pruning finished rows (${provider})`, () => {
    let rt: TestRuntime;
    before(async () => {
      rt = await createTestRuntime(provider);
    });
    after(async () => {
      await rt?.close();
    });

    it('deletes done jobs and handled updates older than a week, in batches; keeps failed, queued and recent ones', async () => {
      const { db } = rt.database;
      const now = new Date('2030-06-10T12:00:00Z');
      const old = new Date(now.getTime() - 8 * DAY);
      const recent = new Date(now.getTime() - 2 * DAY);
      await db.job.createMany({ data: Array.from({ length: 1_200 }, (_, i) => ({ kind: 'moderate', status: 'done', payload: `{"i":${i}}` })) });
      await db.job.updateMany({ data: { updatedAt: old } });
      await db.job.create({ data: { kind: 'deliver', status: 'failed', lastError: 'boom' } }).then((job) => db.job.update({ where: { id: job.id }, data: { updatedAt: old } }));
      await db.job.create({ data: { kind: 'deliver', status: 'queued' } }).then((job) => db.job.update({ where: { id: job.id }, data: { updatedAt: old } }));
      await db.job.create({ data: { kind: 'moderate', status: 'done' } }).then((job) => db.job.update({ where: { id: job.id }, data: { updatedAt: recent } }));
      const bot = await db.telegramBot.create({ data: { name: 'prune', tokenEncrypted: 'x', tokenHash: `prune-${provider}` } });
      const update = (updateId: number, status: string, handledAt: Date | null) => ({ botId: bot.id, updateId, chatKey: 'c', payload: '{}', status, handledAt });
      await db.inboxUpdate.createMany({ data: [update(1, 'done', old), update(2, 'done', recent), update(3, 'failed', old), update(4, 'pending', null)] });

      const result = await pruneFinishedRows(db, now);
      assert.deepEqual(result, { jobs: 1_200, inboxUpdates: 1 });
      assert.deepEqual((await db.job.findMany({ orderBy: { id: 'asc' }, select: { status: true } })).map((j) => j.status), ['failed', 'queued', 'done']);
      assert.deepEqual((await db.inboxUpdate.findMany({ orderBy: { updateId: 'asc' }, select: { updateId: true } })).map((u) => u.updateId), [2, 3, 4]);
      assert.deepEqual(await pruneFinishedRows(db, now), { jobs: 0, inboxUpdates: 0 }, 'a second run finds nothing');
    });

    it('one housekeeping job per hour, however many processes ask at once', async () => {
      const deps = { db: rt.database.db, jobs: rt.jobs, now: () => new Date('2030-06-10T12:30:00Z') };
      const asked = await Promise.all([enqueuePeriodicJob(deps, HOUSEKEEPING), enqueuePeriodicJob(deps, HOUSEKEEPING), enqueuePeriodicJob(deps, HOUSEKEEPING)]);
      assert.equal(asked.filter(Boolean).length, 1);
      assert.equal(await enqueuePeriodicJob({ ...deps, now: () => new Date('2030-06-10T13:00:00Z') }, HOUSEKEEPING), true, 'the next hour');
      assert.equal(await rt.database.db.job.count({ where: { kind: HOUSEKEEPING.kind } }), 2);
    });
  });
}
