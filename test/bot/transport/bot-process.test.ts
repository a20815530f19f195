import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../../helpers/test-runtime.ts';
import { collect, spawnTs } from '../../helpers/child-process.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../stand-ins/telegram/telegram-stand-in.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const provider of testProviders()) {
  describe(`npm run bot with BOT_TOKEN (${provider})`, () => {
    let tg: TelegramStandIn;
    let rt: TestRuntime;

    before(async () => {
      tg = await startTelegramStandIn();
      rt = await createTestRuntime(provider, { TELEGRAM_API_ROOT: tg.url });
    });

    after(async () => {
      await rt.close();
      await tg.close();
    });

    it('adds the BOT_TOKEN bot, polls it, and the conversation bot (create-bot.ts) answers through the inbox; SIGTERM exits 0', async () => {
      const standIn = tg.addBot();
      const child = spawnTs('src/bot/main.ts', [], {
        DATABASE_URL: rt.testDb.url,
        APP_SECRET: rt.config.appSecret.toString('hex'),
        TELEGRAM_API_ROOT: tg.url,
        CWD: rt.testDb.dir,
        BOT_TOKEN: standIn.token,
      });
      const exited = collect(child);
      try {
        for (let i = 0; i < 120 && tg.calls({ method: 'getUpdates', bot: standIn.id }).length === 0; i += 1) await sleep(250);
        assert.deepEqual(tg.calls({ bot: standIn.id }).map((c) => c.method).slice(0, 4), ['getMe', 'getMe', 'deleteWebhook', 'getUpdates']);
        const row = await rt.database.db.telegramBot.findFirstOrThrow({ where: { telegramId: String(standIn.id) } });
        assert.equal(row.mode, 'polling');
        const user = tg.user({ bot: standIn });
        user.send('/start');
        const reply = await user.waitForMessage(() => true, 15_000);
        assert.ok(reply.text, 'the bot answered');
        // The reply is sent inside the handler; the row is marked done right after it returns.
        for (let i = 0; i < 100 && (await rt.database.db.inboxUpdate.count({ where: { botId: row.id, status: 'done' } })) === 0; i += 1) await sleep(50);
        const inbox = await rt.database.db.inboxUpdate.findMany({ where: { botId: row.id } });
        assert.deepEqual(inbox.map((r) => [r.status, r.attempts]), [['done', 1]]);
      } finally {
        child.kill('SIGTERM');
      }
      const result = await exited;
      assert.equal(result.code, 0, result.stderr);
    });
  });
}
