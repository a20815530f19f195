import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { Bot, webhookCallback } from 'grammy';
import { startHttpServer, type RunningServer } from './shared/http-server.ts';
import { startTelegramStandIn, type TelegramStandIn } from './telegram/telegram-stand-in.ts';

/** A tiny express app with grammY's webhook handler, like the real web process. */
async function startWebhookApp(bot: Bot, secretToken: string, options: { stallFirstMs?: number } = {}): Promise<RunningServer & { hits: number[] }> {
  const app = express();
  const hits: number[] = [];
  app.use(express.json());
  app.post('/telegram/webhook', (req, _res, next) => {
    hits.push(Number((req.body as { update_id?: number }).update_id));
    if (options.stallFirstMs && hits.length === 1) setTimeout(next, options.stallFirstMs);
    else next();
  });
  app.post('/telegram/webhook', webhookCallback(bot, 'express', { secretToken }));
  const server = await startHttpServer(app);
  return Object.assign(server, { hits });
}

describe('telegram stand-in: webhook delivery to grammY webhookCallback', () => {
  let tg: TelegramStandIn;

  before(async () => {
    tg = await startTelegramStandIn({ webhookRetryDelayMs: 50 });
  });

  after(async () => {
    await tg.close();
  });

  it('wrong secret → 401 and retries; fixed secret → delivered in order; getWebhookInfo reports the error', async () => {
    const botInfo = tg.addBot();
    const bot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url } });
    const seen: string[] = [];
    bot.on('message:text', async (ctx) => {
      seen.push(ctx.message.text);
      await ctx.reply(`got ${ctx.message.text}`);
    });
    const app = await startWebhookApp(bot, 'right_secret');
    try {
      const url = `${app.url}/telegram/webhook`;
      assert.equal(await bot.api.setWebhook(url, { secret_token: 'wrong_secret' }), true);
      const user = tg.user({ bot: botInfo });
      user.send('first');
      user.send('second');
      user.send('third');
      await tg.waitFor(() => (app.hits.length >= 3 ? true : undefined), 3000, 'three delivery attempts');
      assert.ok(app.hits.every((id) => id === app.hits[0]), 'the head of the queue is retried, nothing overtakes it');
      const info = await bot.api.getWebhookInfo();
      assert.equal(info.url, url);
      assert.equal(info.pending_update_count, 3);
      assert.equal(info.last_error_message, 'Wrong response from the webhook: 401 Unauthorized');
      assert.ok(typeof info.last_error_date === 'number');

      await bot.api.setWebhook(url, { secret_token: 'right_secret' });
      await user.waitForMessage((m) => m.text === 'got third', 3000);
      assert.deepEqual(seen, ['first', 'second', 'third']);
      assert.deepEqual(user.messages().map((m) => m.text), ['got first', 'got second', 'got third']);
      assert.equal((await bot.api.getWebhookInfo()).pending_update_count, 0);
    } finally {
      await bot.api.deleteWebhook();
      await app.close();
    }
  });

  it('a webhook that does not answer in time is retried (timeout), and the update is delivered once it answers', async () => {
    const impatient = await startTelegramStandIn({ webhookRetryDelayMs: 50, webhookTimeoutMs: 300 });
    const botInfo = impatient.addBot();
    const bot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: impatient.url } });
    bot.on('message:text', (ctx) => ctx.reply('ok'));
    const app = await startWebhookApp(bot, 's3cret', { stallFirstMs: 1000 });
    try {
      await bot.api.setWebhook(`${app.url}/telegram/webhook`, { secret_token: 's3cret' });
      const user = impatient.user({ bot: botInfo });
      user.send('slow');
      await user.waitForMessage((m) => m.text === 'ok', 4000);
      assert.ok(app.hits.length >= 2, 'delivered again after the timeout');
      assert.equal(new Set(app.hits).size, 1, 'the same update_id both times');
      assert.equal(impatient.webhookInfo(botInfo).lastErrorMessage, 'Read timeout expired');
      // The first, stalled delivery still runs the handler: a redelivered update is handled twice
      // unless the receiver dedupes by update_id (what the real webhook route must do).
      await user.waitForMessage((m) => m.text === 'ok', 4000);
    } finally {
      await bot.api.deleteWebhook();
      await app.close();
      await impatient.close();
    }
  });

  it('a method in the webhook reply body is executed (grammY webhook reply)', async () => {
    const botInfo = tg.addBot();
    const bot = new Bot(botInfo.token, {
      botInfo: botInfo.info,
      client: { apiRoot: tg.url, canUseWebhookReply: (method) => method === 'sendMessage' },
    });
    bot.on('message:text', (ctx) => ctx.reply('via webhook reply'));
    const app = await startWebhookApp(bot, 'abc');
    try {
      await bot.api.setWebhook(`${app.url}/telegram/webhook`, { secret_token: 'abc' });
      const user = tg.user({ bot: botInfo });
      user.send('hi');
      const reply = await user.waitForMessage();
      assert.equal(reply.text, 'via webhook reply');
      const call = tg.calls({ method: 'sendMessage', bot: botInfo.id })[0];
      assert.equal(call?.via, 'webhook_reply');
    } finally {
      await bot.api.deleteWebhook();
      await app.close();
    }
  });

  it('drop_pending_updates drops the queue; an unreachable webhook reports "Connection refused"', async () => {
    const botInfo = tg.addBot();
    const bot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url } });
    const user = tg.user({ bot: botInfo });
    user.send('queued');
    const closed = await startHttpServer((_req, res) => {
      res.end();
    });
    await closed.close();
    await bot.api.setWebhook(closed.url, { allowed_updates: ['message'] });
    await tg.waitFor(() => tg.webhookInfo(botInfo).lastErrorMessage, 3000, 'a delivery error');
    const info = await bot.api.getWebhookInfo();
    assert.equal(info.last_error_message, 'Connection refused');
    assert.deepEqual(info.allowed_updates, ['message']);
    assert.equal(info.pending_update_count, 1);
    await bot.api.deleteWebhook({ drop_pending_updates: true });
    assert.equal((await bot.api.getWebhookInfo()).pending_update_count, 0);
    assert.equal((await bot.api.getWebhookInfo()).url, '');
  });
});
