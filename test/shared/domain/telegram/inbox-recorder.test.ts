import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Update } from 'grammy/types';
import { testProviders, createTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { createInboxRecorder, isRecordableUpdate } from '../../../../src/shared/domain/telegram/inbox-recorder.ts';
import { chatKeyOf, senderIdOf } from '../../../../src/shared/domain/telegram/inbox-chat-key.ts';
import { createUpdateFloodLimiter } from '../../../../src/shared/domain/telegram/update-flood-limiter.ts';
import { createInboxMetrics } from '../../../../src/shared/domain/telegram/inbox-metrics.ts';
import { pruneInbox } from '../../../../src/shared/domain/telegram/inbox-retention.ts';
import { callbackUpdate, insertBotRow, textUpdate } from '../../../fixtures/bot-updates.ts';

describe('inbox chat keys', () => {
  it('orders messages by chat, callback queries by user, and updates with neither under _', () => {
    assert.equal(chatKeyOf(textUpdate(1, 42)), '42');
    assert.equal(chatKeyOf(callbackUpdate(2, 7, -100)), '7');
    assert.equal(senderIdOf(callbackUpdate(2, 7, -100)), '7');
    const member = { update_id: 3, my_chat_member: { chat: { id: -5, type: 'group', title: 'g' }, from: { id: 9, is_bot: false, first_name: 'a' }, date: 0 } } as unknown as Update;
    assert.equal(chatKeyOf(member), '-5');
    assert.equal(chatKeyOf({ update_id: 4, poll: { id: 'p' } } as unknown as Update), '_');
    assert.equal(senderIdOf({ update_id: 4, poll: { id: 'p' } } as unknown as Update), null);
    assert.equal(chatKeyOf({ update_id: 5 } as Update), '_');
  });

  it('accepts only objects with an integer update_id that fits the column', () => {
    assert.equal(isRecordableUpdate(textUpdate(1, 1)), true);
    for (const bad of [null, [], 'x', {}, { update_id: '1' }, { update_id: 1.5 }, { update_id: -1 }, { update_id: 2 ** 31 }]) {
      assert.equal(isRecordableUpdate(bad), false, JSON.stringify(bad));
    }
  });
});

for (const provider of testProviders()) {
  describe(`inbox recorder (${provider})`, () => {
    let database: TestDatabase;
    let botId: number;

    before(async () => {
      database = await createTestDatabase(provider);
      botId = await insertBotRow(database.db);
    });

    after(async () => {
      await database.drop();
    });

    it('records each (bot, update_id) once with its chat key and payload; a redelivery is counted as a duplicate', async () => {
      const metrics = createInboxMetrics();
      const recorder = createInboxRecorder({ provider, metrics });
      const first = await recorder.record(database.db, botId, [textUpdate(1001, 11), textUpdate(1002, 12), callbackUpdate(1003, 13, -77)], 'polling');
      assert.deepEqual(first, { inserted: 3, duplicates: 0, flooded: 0 });
      const again = await recorder.record(database.db, botId, [textUpdate(1002, 12), textUpdate(1004, 11)], 'webhook');
      assert.deepEqual(again, { inserted: 1, duplicates: 1, flooded: 0 });
      const rows = await database.db.inboxUpdate.findMany({ where: { botId }, orderBy: { id: 'asc' } });
      assert.deepEqual(rows.map((r) => [r.updateId, r.chatKey, r.status]), [
        [1001, '11', 'pending'],
        [1002, '12', 'pending'],
        [1003, '13', 'pending'],
        [1004, '11', 'pending'],
      ]);
      assert.deepEqual(JSON.parse(rows[1]?.payload ?? '{}'), textUpdate(1002, 12));
      assert.deepEqual(metrics.snapshot(), { received: 5, deduped: 1, flooded: 0, processed: 0, retried: 0, failed: 0 });
      const otherBot = await insertBotRow(database.db);
      assert.equal((await recorder.record(database.db, otherBot, [textUpdate(1001, 11)], 'polling')).inserted, 1, 'update ids are per bot');
    });

    it('a duplicate inside a transaction does not abort it', async () => {
      const recorder = createInboxRecorder({ provider });
      await recorder.record(database.db, botId, [textUpdate(2001, 21)], 'webhook');
      await database.db.$transaction(async (tx) => {
        const result = await recorder.record(tx, botId, [textUpdate(2001, 21), textUpdate(2002, 21)], 'webhook');
        assert.deepEqual(result, { inserted: 1, duplicates: 1, flooded: 0 });
        await tx.auditLog.create({ data: { actorType: 'system', action: 'after.duplicate' } });
      });
      assert.equal(await database.db.auditLog.count({ where: { action: 'after.duplicate' } }), 1);
      assert.equal(await database.db.inboxUpdate.count({ where: { botId, updateId: { in: [2001, 2002] } } }), 2);
    });

    it('more than 20 updates in 10 s from one user: the rest are recorded done with lastError flood; others are not affected', async () => {
      let clock = 1_000_000;
      const recorder = createInboxRecorder({ provider, flood: createUpdateFloodLimiter({ limit: 20, windowMs: 10_000 }, () => clock) });
      const burst = Array.from({ length: 25 }, (_, i) => textUpdate(3000 + i, 31));
      const result = await recorder.record(database.db, botId, burst, 'polling');
      assert.deepEqual(result, { inserted: 20, duplicates: 0, flooded: 5 });
      assert.equal((await recorder.record(database.db, botId, [textUpdate(3100, 32)], 'polling')).inserted, 1, 'another user is not limited');
      assert.equal((await recorder.record(database.db, botId, [textUpdate(3001, 31)], 'polling')).duplicates, 1, 'a duplicate is not a flooded update');
      const flooded = await database.db.inboxUpdate.findMany({ where: { botId, status: 'done', lastError: 'flood' }, orderBy: { updateId: 'asc' } });
      assert.deepEqual(flooded.map((r) => r.updateId), [3020, 3021, 3022, 3023, 3024]);
      assert.ok(flooded.every((r) => r.handledAt !== null));
      clock += 10_001;
      assert.equal((await recorder.record(database.db, botId, [textUpdate(3200, 31)], 'polling')).inserted, 1, 'the window moves on');
    });

    it('pruning removes done rows after a week and failed rows after a month, never unfinished ones', async () => {
      const bot = await insertBotRow(database.db);
      const day = 24 * 3600_000;
      const now = new Date();
      const rows: Array<[number, string, number]> = [
        [1, 'done', 8],
        [2, 'done', 6],
        [3, 'failed', 8],
        [4, 'failed', 31],
        [5, 'pending', 40],
      ];
      for (const [updateId, status, age] of rows) {
        await database.db.inboxUpdate.create({ data: { botId: bot, updateId, chatKey: '1', payload: '{}', status, receivedAt: new Date(now.getTime() - age * day) } });
      }
      assert.equal(await pruneInbox(database.db, now), 2);
      const left = await database.db.inboxUpdate.findMany({ where: { botId: bot }, orderBy: { updateId: 'asc' } });
      assert.deepEqual(left.map((r) => r.updateId), [2, 3, 5]);
    });
  });
}
