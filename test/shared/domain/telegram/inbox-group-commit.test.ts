import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders, createTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { createInboxRecorder, type InboxRecorder } from '../../../../src/shared/domain/telegram/inbox-recorder.ts';
import { createInboxGroupCommit } from '../../../../src/shared/domain/telegram/inbox-group-commit.ts';
import { insertBotRow, textUpdate } from '../../../fixtures/bot-updates.ts';

/** The real recorder, with each call's batch size noted (and an optional failure for one bot). */
function observed(inner: InboxRecorder, failFor?: number): { recorder: InboxRecorder; batches: number[] } {
  const batches: number[] = [];
  return {
    batches,
    recorder: {
      async record(db, botId, updates, source) {
        batches.push(updates.length);
        if (botId === failFor) throw new Error('disk full');
        return inner.record(db, botId, updates, source);
      },
    },
  };
}

for (const provider of testProviders()) {
  describe(`inbox group commit (${provider})`, () => {
    let database: TestDatabase;
    let botId: number;
    let otherBotId: number;

    before(async () => {
      database = await createTestDatabase(provider);
      botId = await insertBotRow(database.db);
      otherBotId = await insertBotRow(database.db);
    });

    after(async () => {
      await database.drop();
    });

    it('writes updates that arrive together in one INSERT, each request resolving only once its row is there', async () => {
      const { recorder, batches } = observed(createInboxRecorder({ provider }));
      const inbox = createInboxGroupCommit(database.db, recorder);
      const ids = Array.from({ length: 300 }, (_, i) => 5_000 + i);
      await Promise.all(
        ids.map(async (id) => {
          await inbox.record(botId, textUpdate(id, 1_000 + (id % 7)));
          const row = await database.db.inboxUpdate.findUnique({ where: { botId_updateId: { botId, updateId: id } } });
          assert.ok(row, `update ${id} is stored when its request resolves`);
        }),
      );
      assert.equal(await database.db.inboxUpdate.count({ where: { botId, updateId: { gte: 5_000, lt: 5_300 } } }), 300);
      assert.ok(batches.length < 300 / 10, `300 updates in ${batches.length} INSERTs (${batches.join(',')})`);
      // One alone is written on the next turn, without waiting for company.
      await inbox.record(botId, textUpdate(5_300, 1));
      assert.equal(batches.at(-1), 1);
    });

    it('an update delivered twice while the first is queued is written once; both requests succeed', async () => {
      const { recorder, batches } = observed(createInboxRecorder({ provider }));
      const inbox = createInboxGroupCommit(database.db, recorder);
      const before = batches.length;
      await Promise.all([inbox.record(botId, textUpdate(6_000, 3)), inbox.record(botId, textUpdate(6_000, 3)), inbox.record(botId, textUpdate(6_001, 3))]);
      assert.deepEqual(batches.slice(before), [2]);
      assert.equal(await database.db.inboxUpdate.count({ where: { botId, updateId: { in: [6_000, 6_001] } } }), 2);
      // Delivered again later: recorded already, answered as success.
      await inbox.record(botId, textUpdate(6_000, 3));
      assert.equal(await database.db.inboxUpdate.count({ where: { botId, updateId: 6_000 } }), 1);
    });

    it('a failed INSERT fails the requests of that bot only; the next batch is written', async () => {
      const { recorder } = observed(createInboxRecorder({ provider }), otherBotId);
      const inbox = createInboxGroupCommit(database.db, recorder);
      const results = await Promise.allSettled([
        inbox.record(otherBotId, textUpdate(7_000, 4)),
        inbox.record(botId, textUpdate(7_001, 4)),
        inbox.record(otherBotId, textUpdate(7_002, 4)),
      ]);
      assert.deepEqual(results.map((r) => r.status), ['rejected', 'fulfilled', 'rejected']);
      assert.match(String((results[0] as PromiseRejectedResult).reason), /disk full/);
      assert.equal(await database.db.inboxUpdate.count({ where: { updateId: { in: [7_000, 7_002] } } }), 0);
      await inbox.record(botId, textUpdate(7_003, 4));
      assert.equal(await database.db.inboxUpdate.count({ where: { botId, updateId: { in: [7_001, 7_003] } } }), 2);
    });
  });
}
