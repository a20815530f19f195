import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../../../helpers/test-runtime.ts';
import { createBroadcast } from '../../../../src/shared/domain/broadcast/create-broadcast.ts';
import { startBroadcast } from '../../../../src/shared/domain/broadcast/broadcast-actions.ts';
import { restartStalledBroadcasts } from '../../../../src/shared/domain/broadcast/broadcast-recovery.ts';
import { CLI_ACTOR } from '../../../../src/shared/domain/audit/record-audit.ts';

for (const provider of testProviders()) {
  describe(`broadcast recovery (${provider})`, () => {
    let rt: TestRuntime;
    before(async () => {
      rt = await createTestRuntime(provider);
    });
    after(async () => {
      await rt?.close();
    });

    it('a running broadcast whose sending chain ended gets one new sender; a live chain is left alone', async () => {
      const { db } = rt.database;
      const bot = await db.telegramBot.create({ data: { name: 'b', tokenEncrypted: 'x', tokenHash: `recovery-${provider}` } });
      await db.telegramUser.createMany({ data: [1, 2, 3].map((n) => ({ botId: bot.id, telegramId: String(n), chatId: String(n) })) });
      const broadcast = await createBroadcast(db, { botId: bot.id, text: 'hello' }, CLI_ACTOR);
      await startBroadcast({ db, jobs: rt.jobs }, broadcast.id, CLI_ACTOR);
      const deps = { db, jobs: rt.jobs };
      assert.deepEqual(await restartStalledBroadcasts(deps), [], 'the start job is queued: nothing to do');

      // The chain dies: its last job used up its attempts.
      await db.job.updateMany({ where: { kind: 'broadcast' }, data: { status: 'failed' } });
      assert.deepEqual(await restartStalledBroadcasts(deps), [broadcast.id]);
      assert.equal(await db.job.count({ where: { kind: 'broadcast', status: 'queued' } }), 1);
      assert.deepEqual(await restartStalledBroadcasts(deps), [], 'restarted once, not on every pass');

      await db.broadcast.update({ where: { id: broadcast.id }, data: { status: 'paused' } });
      await db.job.updateMany({ where: { kind: 'broadcast' }, data: { status: 'failed' } });
      assert.deepEqual(await restartStalledBroadcasts(deps), [], 'a paused broadcast stays paused');
    });
  });
}
