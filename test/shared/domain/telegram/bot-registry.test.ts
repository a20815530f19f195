import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testProviders } from '../../../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../../../helpers/test-runtime.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { addBot, ensureBootstrapBot, listBots, reRegisterWebhook, updateBot, webhookInfo } from '../../../../src/shared/domain/telegram/bot-registry.ts';
import { AppError } from '../../../../src/shared/errors.ts';
import { CLI_ACTOR } from '../../../../src/shared/domain/audit/record-audit.ts';

const PUBLIC = 'https://ads.example.com';

for (const provider of testProviders()) {
  describe(`bot registry against the Telegram stand-in (${provider})`, () => {
    let tg: TelegramStandIn;
    let rt: TestRuntime;

    before(async () => {
      tg = await startTelegramStandIn();
      rt = await createTestRuntime(provider, { TELEGRAM_API_ROOT: tg.url, PUBLIC_BASE_URL: PUBLIC });
    });

    after(async () => {
      await rt.close();
      await tg.close();
    });

    it('adds a polling bot: token checked with getMe, stored encrypted with its sha256, username and id kept, first bot is default', async () => {
      const standIn = tg.addBot({ username: 'first_ads_bot', firstName: 'First Ads' });
      const added = await addBot(rt, standIn.token, 'polling', { actor: CLI_ACTOR });
      assert.equal(added.mode, 'polling');
      assert.equal(added.isDefault, true);
      assert.equal(added.username, 'first_ads_bot');
      assert.equal(added.name, 'First Ads');
      assert.equal(added.configVersion, 1);
      assert.ok(!JSON.stringify(added).includes(standIn.token), 'the summary never carries the token');
      const row = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: added.id } });
      assert.notEqual(row.tokenEncrypted, standIn.token);
      assert.ok(!row.tokenEncrypted.includes(standIn.token.split(':')[1] ?? '-'));
      assert.equal(rt.secretBox.decrypt(row.tokenEncrypted), standIn.token);
      assert.equal(row.tokenHash, crypto.createHash('sha256').update(standIn.token).digest('hex'));
      assert.equal(row.telegramId, String(standIn.id));
      assert.equal(row.webhookSecretEncrypted, null);
      assert.deepEqual(tg.calls({ bot: standIn.id }).map((c) => c.method), ['getMe'], 'polling mode: no webhook call at add time');
      const audit = await rt.database.db.auditLog.findFirst({ where: { action: 'bot.add', targetId: String(added.id) } });
      assert.equal(audit?.actorType, 'cli');
    });

    it('adds a webhook bot: setWebhook at PUBLIC_BASE_URL/telegram/webhook/<id> with a random secret stored encrypted; not default', async () => {
      const standIn = tg.addBot({ username: 'hook_ads_bot' });
      const added = await addBot(rt, standIn.token, 'webhook');
      assert.equal(added.isDefault, false);
      assert.equal(added.hasWebhookSecret, true);
      const call = tg.calls({ method: 'setWebhook', bot: standIn.id })[0];
      const row = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: added.id } });
      const secret = rt.secretBox.decrypt(row.webhookSecretEncrypted ?? '');
      assert.match(secret, /^[A-Za-z0-9_-]{32,256}$/);
      assert.equal(call?.params.url, `${PUBLIC}/telegram/webhook/${added.id}`);
      assert.equal(call?.params.secret_token, secret);
      assert.deepEqual(call?.params.allowed_updates, ['message', 'edited_message', 'callback_query', 'my_chat_member']);
      assert.equal(call?.params.drop_pending_updates, false);
      assert.equal(tg.webhookInfo(standIn).url, `${PUBLIC}/telegram/webhook/${added.id}`);
      const other = tg.addBot();
      await addBot(rt, other.token, 'webhook');
      const otherSecret = tg.calls({ method: 'setWebhook', bot: other.id })[0]?.params.secret_token;
      assert.notEqual(otherSecret, secret, 'each bot gets its own secret');
    });

    it('refuses a token twice, a malformed token without calling Telegram, and a token Telegram rejects — never echoing it', async () => {
      const standIn = tg.addBot();
      await addBot(rt, standIn.token);
      await assert.rejects(addBot(rt, standIn.token), (error: unknown) => error instanceof AppError && error.code === 'conflict');

      const callsBefore = tg.calls().length;
      await assert.rejects(addBot(rt, 'not-a-token'), (error: unknown) => error instanceof AppError && error.code === 'validation_failed' && !error.message.includes('not-a-token'));
      assert.equal(tg.calls().length, callsBefore);

      const unknown = `${standIn.id + 1}:AAunknownunknownunknownunknown12345`;
      await assert.rejects(addBot(rt, unknown), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'validation_failed');
        assert.match(error.message, /rejected the bot token/);
        assert.ok(!error.message.includes(unknown) && !error.message.includes('AAunknown'));
        return true;
      });
      assert.equal(await rt.database.db.telegramBot.count({ where: { telegramId: String(standIn.id + 1) } }), 0);
    });

    it('a webhook bot whose setWebhook Telegram refuses is not added', async () => {
      const standIn = tg.addBot();
      const fault = tg.inject({ method: 'setWebhook', bot: standIn, fault: { kind: 'status', status: 400, message: 'Bad Request: bad webhook: HTTPS url must be provided for webhook' }, times: 1 });
      await assert.rejects(addBot(rt, standIn.token, 'webhook'), (error: unknown) => error instanceof AppError && /setWebhook failed/.test(error.message));
      assert.equal(fault.applied(), 1);
      assert.equal(await rt.database.db.telegramBot.count({ where: { telegramId: String(standIn.id) } }), 0);
    });

    it('updateBot: rename, switch mode (setWebhook / deleteWebhook), disable, make default — each bumps configVersion', async () => {
      const standIn = tg.addBot();
      const bot = await addBot(rt, standIn.token);
      const renamed = await updateBot(rt, bot.id, { name: '  Renamed  ' });
      assert.equal(renamed.name, 'Renamed');
      assert.equal(renamed.configVersion, 2);
      assert.equal((await updateBot(rt, bot.id, { name: 'Renamed' })).configVersion, 2, 'no change, no bump');

      const hooked = await updateBot(rt, bot.id, { mode: 'webhook' });
      assert.equal(hooked.mode, 'webhook');
      assert.equal(hooked.configVersion, 3);
      const row = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: bot.id } });
      const set = tg.calls({ method: 'setWebhook', bot: standIn.id }).at(-1);
      assert.equal(set?.params.url, `${PUBLIC}/telegram/webhook/${bot.id}`);
      assert.equal(set?.params.secret_token, rt.secretBox.decrypt(row.webhookSecretEncrypted ?? ''));

      const polled = await updateBot(rt, bot.id, { mode: 'polling' });
      assert.equal(polled.configVersion, 4);
      assert.equal(tg.calls({ method: 'deleteWebhook', bot: standIn.id }).at(-1)?.params.drop_pending_updates, false);
      assert.equal(tg.webhookInfo(standIn).url, '');

      const disabled = await updateBot(rt, bot.id, { enabled: false });
      assert.equal(disabled.enabled, false);
      assert.equal(disabled.configVersion, 5);
      const madeDefault = await updateBot(rt, bot.id, { isDefault: true });
      assert.equal(madeDefault.isDefault, true);
      assert.equal(await rt.database.db.telegramBot.count({ where: { isDefault: true } }), 1);

      tg.inject({ method: 'setWebhook', bot: standIn, fault: { kind: 'status', status: 400, message: 'Bad Request: bad webhook' }, times: 1 });
      await assert.rejects(updateBot(rt, bot.id, { mode: 'webhook' }), (error: unknown) => error instanceof AppError && error.code === 'external');
      const unchanged = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: bot.id } });
      assert.equal(unchanged.mode, 'polling', 'a refused switch leaves the bot as it was');
      assert.equal(unchanged.configVersion, 6);
      await assert.rejects(updateBot(rt, bot.id, { name: '' }), (error: unknown) => error instanceof AppError && error.code === 'validation_failed');
      await assert.rejects(updateBot(rt, 999_999, { name: 'x' }), (error: unknown) => error instanceof AppError && error.code === 'not_found');
    });

    it('listBots has no secrets; webhookInfo compares with the expected URL; reRegisterWebhook can rotate the secret; site.publicBaseUrl wins', async () => {
      const standIn = tg.addBot();
      const bot = await addBot(rt, standIn.token, 'webhook');
      const listed = (await listBots(rt)).find((b) => b.id === bot.id);
      assert.ok(listed);
      assert.ok(!JSON.stringify(await listBots(rt)).includes(standIn.token));
      assert.match(listed.tokenMasked, /••••/);

      const info = await webhookInfo(rt, bot.id);
      assert.equal(info.url, info.expectedUrl);
      assert.equal(info.pendingUpdateCount, 0);

      const before = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: bot.id } });
      await rt.settings.set({ 'site.publicBaseUrl': 'https://moved.example.org/' }, CLI_ACTOR);
      const { url } = await reRegisterWebhook(rt, bot.id, { rotateSecret: true });
      assert.equal(url, `https://moved.example.org/telegram/webhook/${bot.id}`);
      assert.equal(tg.webhookInfo(standIn).url, url);
      const after = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: bot.id } });
      assert.notEqual(after.webhookSecretEncrypted, before.webhookSecretEncrypted);
      assert.equal(tg.calls({ method: 'setWebhook', bot: standIn.id }).at(-1)?.params.secret_token, rt.secretBox.decrypt(after.webhookSecretEncrypted ?? ''));
      await rt.settings.set({ 'site.publicBaseUrl': '' }, CLI_ACTOR);

      const polling = await addBot(rt, tg.addBot().token);
      await assert.rejects(reRegisterWebhook(rt, polling.id), (error: unknown) => error instanceof AppError && error.code === 'conflict');
    });

    it('ensureBootstrapBot adds the BOT_TOKEN bot once (idempotent through the token hash)', async () => {
      const standIn = tg.addBot();
      const withToken = { ...rt, config: { ...rt.config, botToken: standIn.token, botMode: 'polling' as const } };
      const first = await ensureBootstrapBot(withToken);
      const second = await ensureBootstrapBot(withToken);
      assert.equal(first?.created, true);
      assert.deepEqual(second, { botId: first?.botId, created: false });
      assert.equal(tg.calls({ method: 'getMe', bot: standIn.id }).length, 1);
      assert.equal(await ensureBootstrapBot(rt), null, 'no BOT_TOKEN, nothing to do');
    });
  });
}
