import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Bot, GrammyError } from 'grammy';
import { run } from '@grammyjs/runner';
import { waitUntil } from './shared/timing.ts';
import { startTelegramStandIn, type TelegramStandIn } from './telegram/telegram-stand-in.ts';

describe('telegram stand-in: long polling with the real grammY', () => {
  let tg: TelegramStandIn;

  before(async () => {
    tg = await startTelegramStandIn();
  });

  after(async () => {
    await tg.close();
  });

  it('bot.start() receives a user message and replies (getMe, deleteWebhook, getUpdates)', async () => {
    const botInfo = tg.addBot({ username: 'polling_one_bot' });
    const bot = new Bot(botInfo.token, { client: { apiRoot: tg.url } });
    bot.command('start', (ctx) => ctx.reply(`welcome ${ctx.match}`));
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`, { reply_parameters: { message_id: ctx.message.message_id } }));
    const started = new Promise<void>((resolve) => void bot.start({ onStart: () => resolve() }));
    await started;
    try {
      const user = tg.user({ firstName: 'Ali', languageCode: 'fa', bot: botInfo });
      const sent = user.send('/start resubmit_abc');
      assert.deepEqual(sent.entities, [{ type: 'bot_command', offset: 0, length: 6 }]);
      const welcome = await user.waitForMessage();
      assert.equal(welcome.text, 'welcome resubmit_abc');
      assert.equal(welcome.from?.id, botInfo.id);
      assert.equal(welcome.chat.id, user.id);
      assert.equal(welcome.chat.type, 'private');

      user.send('hello there');
      const echo = await user.waitForMessage((m) => m.text?.startsWith('echo') ?? false);
      assert.equal(echo.text, 'echo: hello there');
      assert.equal(echo.reply_to_message?.text, 'hello there');
      assert.equal(echo.message_id, welcome.message_id + 2, 'message ids increment per chat (user message in between)');
      assert.deepEqual(
        tg.calls({ bot: botInfo.token }).slice(0, 2).map((c) => c.method),
        ['getMe', 'deleteWebhook'],
      );
    } finally {
      await bot.stop();
    }
    assert.equal(tg.pendingUpdates(botInfo).length, 0, 'bot.stop() confirmed the handled updates');
  });

  it('@grammyjs/runner run(bot) handles several users concurrently', async () => {
    const botInfo = tg.addBot({ username: 'runner_bot' });
    const bot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url } });
    bot.on('message:text', (ctx) => ctx.reply(ctx.message.text.toUpperCase()));
    const handle = run(bot);
    try {
      const users = ['a', 'b', 'c'].map((name) => tg.user({ firstName: name, bot: botInfo }));
      for (const user of users) user.send(`hi ${user.user.first_name}`);
      const replies = await Promise.all(users.map((u) => u.waitForMessage()));
      assert.deepEqual(replies.map((r) => r.text), ['HI A', 'HI B', 'HI C']);
    } finally {
      await handle.stop();
    }
  });

  it('getUpdates honours offset, limit and timeout (long polling waits for an update)', async () => {
    const botInfo = tg.addBot();
    const bot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url } });
    const user = tg.user({ bot: botInfo });
    user.send('one');
    user.send('two');
    user.send('three');
    const firstTwo = await bot.api.getUpdates({ limit: 2 });
    assert.deepEqual(firstTwo.map((u) => u.message?.text), ['one', 'two']);
    const last = firstTwo[1]?.update_id ?? 0;
    const rest = await bot.api.getUpdates({ offset: last + 1 });
    assert.deepEqual(rest.map((u) => u.message?.text), ['three']);
    assert.equal(rest[0]?.update_id, last + 1, 'update_id increments per bot');
    const confirmed = await bot.api.getUpdates({ offset: last + 2, timeout: 0 });
    assert.deepEqual(confirmed, []);

    const startedAt = Date.now();
    const waiting = bot.api.getUpdates({ offset: last + 2, timeout: 5 });
    setTimeout(() => user.send('four'), 150);
    const arrived = await waiting;
    assert.deepEqual(arrived.map((u) => u.message?.text), ['four']);
    assert.ok(Date.now() - startedAt < 3000, 'the long poll returned as soon as the update arrived');

    const emptyStart = Date.now();
    assert.deepEqual(await bot.api.getUpdates({ offset: (arrived[0]?.update_id ?? 0) + 1, timeout: 1 }), []);
    assert.ok(Date.now() - emptyStart >= 900, 'an empty long poll waits for its timeout');
  });

  it('allowed_updates filters update types and is remembered', async () => {
    const botInfo = tg.addBot();
    const bot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url } });
    const user = tg.user({ bot: botInfo });
    await bot.api.sendMessage(user.id, 'pick', { reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] } });
    user.send('text');
    user.press('Yes');
    const onlyCallbacks = await bot.api.getUpdates({ allowed_updates: ['callback_query'] });
    assert.deepEqual(onlyCallbacks.map((u) => Object.keys(u)[1]), ['callback_query']);
    user.send('ignored');
    assert.deepEqual(await bot.api.getUpdates({ offset: (onlyCallbacks[0]?.update_id ?? 0) + 1 }), []);
  });

  it('two overlapping long polls: the older one gets 409 "terminated by other getUpdates request"', async () => {
    const botInfo = tg.addBot();
    const bot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url } });
    const first = bot.api.getUpdates({ timeout: 10 });
    await waitUntil(() => tg.calls({ method: 'getUpdates', bot: botInfo.id }).length === 1, 2000);
    const second = bot.api.getUpdates({ timeout: 0 });
    await assert.rejects(first, (error: unknown) => {
      assert.ok(error instanceof GrammyError);
      assert.equal(error.error_code, 409);
      assert.equal(error.description, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
      return true;
    });
    assert.deepEqual(await second, []);
  });

  it('getUpdates while a webhook is set answers 409 and deleteWebhook fixes it', async () => {
    const botInfo = tg.addBot();
    const bot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url } });
    await bot.api.setWebhook('http://127.0.0.1:9/unused');
    await assert.rejects(bot.api.getUpdates(), (error: unknown) => {
      assert.ok(error instanceof GrammyError);
      assert.equal(error.error_code, 409);
      assert.equal(
        error.description,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
      return true;
    });
    await bot.api.deleteWebhook();
    assert.deepEqual(await bot.api.getUpdates(), []);
  });
});
