import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../stand-ins/telegram/telegram-stand-in.ts';
import { PanelClient } from './helpers/panel-client.ts';
import { createStaff, TEST_PASSWORD } from './helpers/panel-fixtures.ts';

describe('adding a bot in the panel', () => {
  let telegram: TelegramStandIn;
  let rt: TestRuntime;
  let server: TestServer;
  let admin: PanelClient;
  before(async () => {
    telegram = await startTelegramStandIn();
    rt = await createTestRuntime('sqlite', { TELEGRAM_API_ROOT: telegram.url });
    server = await startTestWebServer(rt);
    await createStaff(rt, 'root@example.test', 'admin');
    admin = new PanelClient(server.url);
    await admin.login('root@example.test', TEST_PASSWORD);
  });
  after(async () => {
    await server.close();
    await rt.close();
    await telegram.close();
  });

  it('validates the token with getMe, stores it encrypted and shows the bot', async () => {
    const bot = telegram.addBot({ username: 'panel_added_bot' });
    await admin.postForm('/bots', { token: bot.token, mode: 'polling' });
    const row = await rt.database.db.telegramBot.findFirstOrThrow({ where: { username: 'panel_added_bot' } });
    assert.ok(!row.tokenEncrypted.includes(bot.token.split(':')[1] ?? '-'), 'the token is stored in clear');
    assert.equal(telegram.calls({ method: 'getMe' }).length >= 1, true);
    const page = (await admin.get('/bots')).text;
    assert.match(page, /panel_added_bot/);
    assert.ok(!page.includes(bot.token), 'the token reached the browser');
  });

  it('refuses a token Telegram does not know, with nothing stored', async () => {
    const before = await rt.database.db.telegramBot.count();
    await admin.postForm('/bots', { token: '999999:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', mode: 'polling' });
    assert.equal(await rt.database.db.telegramBot.count(), before);
  });
});
