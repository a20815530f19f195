import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { createBroadcastWorld, peakPerSecond, type BroadcastWorld } from '../../../fixtures/broadcast-world.ts';
import { countAudience } from '../../../../src/shared/domain/broadcast/broadcast-audience.ts';
import { cancelBroadcast } from '../../../../src/shared/domain/broadcast/broadcast-actions.ts';
import { CLI_ACTOR } from '../../../../src/shared/domain/audit/record-audit.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Broadcasts against the Telegram stand-in with its flood limit on. The big run uses a rate and a
 * stand-in limit both scaled up 4x from the product's (25/s under Telegram's 30/s), so 1,000
 * users take seconds, not 40; a small run checks the product default against the real limits.
 */
const SCALE = 4;
const SCALED_LIMITS = { perChat: { perSecond: 1, burst: 3 }, global: { perSecond: 30 * SCALE, burst: 30 * SCALE } };
/** 1,000 on SQLite; PostgreSQL runs fewer (BROADCAST_PG_USERS, default 400) to stay within the per-file time limit. */
const usersFor = (provider: string) => Number(provider === 'postgresql' ? (process.env.BROADCAST_PG_USERS ?? 400) : (process.env.BROADCAST_TEST_USERS ?? 1000));

for (const provider of testProviders()) {
  const BIG = usersFor(provider);
  describe(`broadcast to ${BIG} users within the flood limit (${provider})`, () => {
    let tg: TelegramStandIn;
    let world: BroadcastWorld;

    before(async () => {
      tg = await startTelegramStandIn({ floodLimits: SCALED_LIMITS });
      world = await createBroadcastWorld(provider, tg, BIG);
      world.startWorker({ messagesPerSecond: 25 * SCALE });
    });
    after(async () => {
      await world?.close();
      await tg?.close();
    });

    it('reaches everyone exactly once, marks those who blocked the bot, and the next broadcast skips them', async (t) => {
      const blockers = world.users.filter((_, i) => i % 100 === 7);
      for (const user of blockers) user.blockBot();
      const since = tg.calls().at(-1)?.seq ?? 0;
      const started = await world.launch('سلام! پیام همگانی آزمایشی');
      assert.equal(started.total, BIG);
      const done = await world.waitForStatus(started.id, 'completed');

      const rows = await world.recipients(started.id);
      const sentRows = rows.filter((r) => r.status === 'sent');
      assert.equal(sentRows.length, BIG - blockers.length);
      assert.equal(rows.filter((r) => r.status === 'blocked').length, blockers.length);
      assert.equal(done.sent, BIG - blockers.length);
      assert.equal(done.blocked, blockers.length);
      assert.ok(sentRows.every((r) => r.messageId !== null));

      const delivered = world.deliveredPerChat('sendMessage', since);
      assert.equal(delivered.size, BIG - blockers.length);
      for (const [chat, calls] of delivered) assert.equal(calls.length, 1, `chat ${chat} got ${calls.length} messages`);
      for (const user of blockers) assert.equal(delivered.has(String(user.id)), false);

      const calls = tg.calls({ method: 'sendMessage', bot: world.bot.id }).filter((c) => c.seq > since);
      const limited = calls.filter((c) => c.response?.status === 429);
      // Any 429 was retried and still got exactly one delivery (checked above for every chat).
      const accepted = calls.filter((c) => c.response?.status !== 429);
      assert.ok(peakPerSecond(accepted) <= 30 * SCALE, `peak ${peakPerSecond(accepted)}/s`);
      t.diagnostic(`${calls.length} sendMessage calls, ${limited.length} answered 429, peak ${peakPerSecond(accepted)}/s`);

      const { db } = world.runtime.database;
      const marked = await db.telegramUser.count({ where: { botId: world.botRow.id, blockedBotAt: { not: null } } });
      assert.equal(marked, blockers.length);
      assert.equal(await countAudience(db, world.botRow.id), BIG - blockers.length);

      const again = await world.launch('second');
      assert.equal(again.total, BIG - blockers.length, 'users who blocked the bot are not recipients any more');
      const blockerIds = new Set(blockers.map((b) => String(b.id)));
      assert.ok((await world.recipients(again.id)).every((r) => !blockerIds.has(r.chatId)));
      await sleep(1_000);
      await cancelBroadcast({ db, jobs: world.runtime.jobs }, again.id, CLI_ACTOR);
      const blockedCalls = tg.calls({ method: 'sendMessage', bot: world.bot.id }).filter((c) => c.seq > since && blockers.some((b) => String(b.id) === String(c.params.chat_id)));
      assert.equal(blockedCalls.length, blockers.length, 'each blocker was tried once, in the first broadcast only');
      for (const user of blockers) user.unblockBot();
    });
  });
}

