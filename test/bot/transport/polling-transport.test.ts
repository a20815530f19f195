import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { startTelegramStandIn, type StandInBot, type TelegramStandIn } from '../../stand-ins/telegram/telegram-stand-in.ts';
import { addBot, updateBot } from '../../../src/shared/domain/telegram/bot-registry.ts';
import { hashBotToken } from '../../../src/shared/domain/telegram/bot-token.ts';
import { CLI_ACTOR } from '../../../src/shared/domain/audit/record-audit.ts';
import { startTransport, type Transport, type TransportTuning } from '../../../src/bot/transport/start-transport.ts';
import { createBotHandlers } from '../../../src/bot/transport/bot-handler-factory.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const TUNING: TransportTuning = {
  syncIntervalMs: 150,
  pollTimeoutSeconds: 5,
  processorPollMs: 30,
  pollerBackoffBaseMs: 100,
  pollerBackoffCapMs: 1_000,
  heartbeatMs: 200,
};

for (const provider of testProviders()) {
  describe(`polling transport against the Telegram stand-in (${provider})`, () => {
    let tg: TelegramStandIn;
    let rt: TestRuntime;
    let web: TestServer;
    let transport: Transport;
    /** Updates each grammY bot handled, by bot row id. */
    const handled = new Map<number, Update[]>();
    const handledBy = (botId: number) => handled.get(botId) ?? [];

    before(async () => {
      tg = await startTelegramStandIn({ webhookRetryDelayMs: 50 });
      rt = await createTestRuntime(provider, { TELEGRAM_API_ROOT: tg.url });
      web = await startTestWebServer(rt);
      await rt.settings.set({ 'site.publicBaseUrl': web.url }, CLI_ACTOR);
      transport = await startTransport({
        runtime: rt,
        tuning: TUNING,
        // Real grammY bots, one per row, each with its own token: they echo what they get.
        handlers: (directory) =>
          createBotHandlers(rt, directory, ({ botId, token, botInfo }) => {
            const bot = new Bot(token, { botInfo, client: { apiRoot: rt.config.telegramApiRoot } });
            bot.use(async (ctx, next) => {
              handled.set(botId, [...handledBy(botId), ctx.update]);
              await next();
            });
            bot.on('message:text', (ctx) => ctx.reply(`echo ${ctx.message.text}`));
            return bot;
          }),
      });
    });

    after(async () => {
      await transport.stop();
      await web.close();
      await rt.close();
      await tg.close();
    });

    async function pollingBot(username?: string): Promise<{ standIn: StandInBot; id: number }> {
      const standIn = tg.addBot(username ? { username } : {});
      const bot = await addBot(rt, standIn.token, 'polling');
      await waitFor(`bot ${bot.id} polling`, () => tg.calls({ method: 'getUpdates', bot: standIn.id }).length > 0);
      return { standIn, id: bot.id };
    }

    async function converse(standIn: StandInBot, texts: readonly string[]): Promise<void> {
      const user = tg.user({ bot: standIn });
      for (const text of texts) user.send(text);
      for (const text of texts) await user.waitForMessage((m) => m.text === `echo ${text}`, 10_000);
    }

    it('bots added while running are polled with their own token (getMe, deleteWebhook, getUpdates) and each update reaches its own bot once, in order', async () => {
      const a = await pollingBot('poll_a_bot');
      const b = await pollingBot('poll_b_bot');
      // The first getMe is addBot's check; then the poller: getMe, deleteWebhook, getUpdates.
      assert.deepEqual(tg.calls({ bot: a.standIn.id }).slice(0, 4).map((c) => c.method), ['getMe', 'getMe', 'deleteWebhook', 'getUpdates']);
      assert.equal(tg.calls({ method: 'deleteWebhook', bot: a.standIn.id })[0]?.params.drop_pending_updates, false);
      assert.deepEqual(tg.calls({ method: 'getUpdates', bot: a.standIn.id })[0]?.params.allowed_updates, ['message', 'edited_message', 'callback_query', 'my_chat_member']);
      const texts = ['1', '2', '3', '4', '5'];
      await Promise.all([converse(a.standIn, texts), converse(b.standIn, texts.map((t) => `b${t}`))]);
      assert.deepEqual(handledBy(a.id).map((u) => u.message?.text), texts);
      assert.deepEqual(handledBy(b.id).map((u) => u.message?.text), texts.map((t) => `b${t}`));
      const replies = tg.calls({ method: 'sendMessage', ok: true });
      assert.ok(replies.filter((c) => c.botId === a.standIn.id).every((c) => String(c.params.text).startsWith('echo ') && !String(c.params.text).startsWith('echo b')));
      assert.ok(replies.filter((c) => c.botId === b.standIn.id).every((c) => String(c.params.text).startsWith('echo b')), 'each bot replied with its own token');
      const row = await waitFor('heartbeat', async () => {
        const r = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: a.id } });
        return r.heartbeatAt ? r : undefined;
      });
      assert.ok(Date.now() - (row.heartbeatAt?.getTime() ?? 0) < 5_000);
      assert.equal(row.status, 'active');
    });

    it('429 (retry_after 1) and 5xx from getUpdates: the poller backs off, carries on, and loses nothing', async () => {
      const a = await pollingBot();
      await converse(a.standIn, ['warm-up']);
      const faults = [
        tg.inject({ method: 'getUpdates', bot: a.standIn, fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 1 }),
        tg.inject({ method: 'getUpdates', bot: a.standIn, fault: { kind: 'status', status: 502 }, times: 2 }),
        tg.inject({ method: 'getUpdates', bot: a.standIn, fault: { kind: 'status', status: 500 }, times: 1 }),
      ];
      // The long poll in flight returns the first message; the next polls meet the faults
      // while the user keeps writing.
      const user = tg.user({ bot: a.standIn });
      const texts = Array.from({ length: 8 }, (_, i) => `during-faults-${i}`);
      for (const text of texts) {
        user.send(text);
        await sleep(250);
      }
      for (const text of texts) await user.waitForMessage((m) => m.text === `echo ${text}`, 10_000);
      assert.deepEqual(faults.map((f) => f.remaining()), [0, 0, 0], 'every fault was met');
      const polls = tg.calls({ method: 'getUpdates', bot: a.standIn.id });
      const faulted = polls.filter((c) => c.fault);
      assert.deepEqual(faulted.map((c) => c.fault), ['status_429', 'status_502', 'status_502', 'status_500']);
      const after429 = polls[polls.indexOf(faulted[0] as (typeof polls)[number]) + 1];
      assert.ok(after429 && after429.at.getTime() - (faulted[0]?.at.getTime() ?? 0) >= 950, 'waited the retry_after second');
      const got = handledBy(a.id).map((u) => u.message?.text);
      assert.deepEqual(got, ['warm-up', ...texts], 'every update once, in order');
    });

    it('409 (a webhook set behind its back) backs off, and polling repairs it because the bot is still a polling bot', async () => {
      const a = await pollingBot();
      const api = new Bot(a.standIn.token, { botInfo: a.standIn.info, client: { apiRoot: tg.url } }).api;
      await api.setWebhook('http://127.0.0.1:9/elsewhere');
      await waitFor('a 409', () => tg.calls({ method: 'getUpdates', bot: a.standIn.id }).some((c) => c.response?.status === 409));
      await waitFor('webhook removed again', () => tg.webhookInfo(a.standIn).url === '');
      await converse(a.standIn, ['after-conflict']);
      assert.deepEqual(handledBy(a.id).map((u) => u.message?.text), ['after-conflict']);
    });

    it('401 from getUpdates marks the bot error and stops trying it; other bots are still served; a change to the row brings it back', async () => {
      const healthy = await pollingBot();
      const revoked = await pollingBot();
      const fault = tg.inject({ method: 'getUpdates', bot: revoked.standIn, fault: { kind: 'status', status: 401 } });
      tg.user({ bot: revoked.standIn }).send('ends the long poll in flight');
      const row = await waitFor('status error', async () => {
        const r = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: revoked.id } });
        return r.status === 'error' ? r : undefined;
      });
      assert.match(row.lastError ?? '', /refused the bot token \(401 Unauthorized\)/);
      const attempts = fault.applied();
      await sleep(600);
      assert.equal(fault.applied(), attempts, 'not retried while the row is unchanged');
      await converse(healthy.standIn, ['still-served']);
      assert.deepEqual(handledBy(healthy.id).map((u) => u.message?.text), ['still-served']);

      fault.clear();
      await sleep(300);
      assert.equal(fault.applied(), attempts, 'still not retried after the fault is gone: only a row change does');
      await updateBot(rt, revoked.id, { name: 'token fixed' });
      await converse(revoked.standIn, ['back']);
      await waitFor('status active again', async () => (await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: revoked.id } })).status === 'active');
    });

    it('401 from getMe when a bot appears in the database marks it error; the process keeps serving the others', async () => {
      const healthy = await pollingBot();
      const standIn = tg.addBot();
      const fault = tg.inject({ method: 'getMe', bot: standIn, fault: { kind: 'status', status: 401 } });
      const inserted = await rt.database.db.telegramBot.create({
        data: { name: 'inserted', tokenEncrypted: rt.secretBox.encrypt(standIn.token), tokenHash: hashBotToken(standIn.token), telegramId: String(standIn.id) },
      });
      const row = await waitFor('status error', async () => {
        const r = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: inserted.id } });
        return r.status === 'error' ? r : undefined;
      });
      assert.match(row.lastError ?? '', /401/);
      assert.equal(tg.calls({ method: 'getUpdates', bot: standIn.id }).length, 0);
      assert.equal(fault.applied(), 1);
      await converse(healthy.standIn, ['unaffected']);
      fault.clear();
    });

    it('a bot switched to webhook in the database is noticed without a restart (webhook set, polling stopped), and back', async () => {
      const e = await pollingBot();
      await converse(e.standIn, ['polled']);
      await rt.database.db.telegramBot.update({ where: { id: e.id }, data: { mode: 'webhook', configVersion: { increment: 1 } } });
      const url = `${web.url}/telegram/webhook/${e.id}`;
      await waitFor('webhook set', () => tg.webhookInfo(e.standIn).url === url, 5_000);
      const row = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: e.id } });
      assert.ok(row.webhookSecretEncrypted, 'a secret was made and stored');
      assert.equal(tg.calls({ method: 'setWebhook', bot: e.standIn.id }).at(-1)?.params.secret_token, rt.secretBox.decrypt(row.webhookSecretEncrypted));
      const pollsBefore = tg.calls({ method: 'getUpdates', bot: e.standIn.id }).length;
      await converse(e.standIn, ['hooked-1', 'hooked-2']);
      assert.equal(tg.calls({ method: 'getUpdates', bot: e.standIn.id }).length, pollsBefore, 'no polling while in webhook mode');
      assert.deepEqual(transport.supervisor.pollingBots().includes(e.id), false);

      await rt.database.db.telegramBot.update({ where: { id: e.id }, data: { mode: 'polling', configVersion: { increment: 1 } } });
      await waitFor('webhook deleted', () => tg.webhookInfo(e.standIn).url === '', 5_000);
      await waitFor('polling again', () => tg.calls({ method: 'getUpdates', bot: e.standIn.id }).length > pollsBefore);
      await converse(e.standIn, ['polled-again']);
      assert.deepEqual(handledBy(e.id).map((u) => u.message?.text), ['polled', 'hooked-1', 'hooked-2', 'polled-again']);
    });

    it('disabled and removed bots stop being polled; re-enabled ones get what was sent meanwhile', async () => {
      const d = await pollingBot();
      await updateBot(rt, d.id, { enabled: false });
      await waitFor('poller stopped', () => !transport.supervisor.pollingBots().includes(d.id));
      const polls = tg.calls({ method: 'getUpdates', bot: d.standIn.id }).length;
      const user = tg.user({ bot: d.standIn });
      user.send('while disabled');
      await sleep(400);
      assert.equal(tg.calls({ method: 'getUpdates', bot: d.standIn.id }).length, polls, 'a disabled bot is not polled');
      assert.deepEqual(handledBy(d.id), []);
      await updateBot(rt, d.id, { enabled: true });
      await user.waitForMessage((m) => m.text === 'echo while disabled', 10_000);

      await rt.database.db.telegramBot.delete({ where: { id: d.id } });
      await waitFor('poller stopped', () => !transport.supervisor.pollingBots().includes(d.id));
    });

    it('a graceful stop confirms what was recorded; a new start handles what arrived meanwhile, once', async () => {
      const g = await pollingBot();
      await converse(g.standIn, ['before-stop']);
      await transport.stop();
      assert.equal(tg.pendingUpdates(g.standIn).length, 0, 'the recorded updates were confirmed at stop');
      const user = tg.user({ bot: g.standIn });
      user.send('while-stopped');
      transport = await startTransport({
        runtime: rt,
        tuning: TUNING,
        handlers: (directory) =>
          createBotHandlers(rt, directory, ({ botId, token, botInfo }) => {
            const bot = new Bot(token, { botInfo, client: { apiRoot: rt.config.telegramApiRoot } });
            bot.use(async (ctx, next) => {
              handled.set(botId, [...handledBy(botId), ctx.update]);
              await next();
            });
            bot.on('message:text', (ctx) => ctx.reply(`echo ${ctx.message.text}`));
            return bot;
          }),
      });
      await user.waitForMessage((m) => m.text === 'echo while-stopped', 10_000);
      assert.deepEqual(handledBy(g.id).map((u) => u.message?.text), ['before-stop', 'while-stopped']);
    });
  });
}
