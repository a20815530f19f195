import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Update } from 'grammy/types';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { startTelegramStandIn, type StandInBot, type TelegramStandIn } from '../../stand-ins/telegram/telegram-stand-in.ts';
import { addBot, updateBot } from '../../../src/shared/domain/telegram/bot-registry.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { createInboxProcessor, type InboxProcessor } from '../../../src/bot/transport/inbox-processor.ts';
import { CLI_ACTOR } from '../../../src/shared/domain/audit/record-audit.ts';
import { textUpdate } from '../../fixtures/bot-updates.ts';

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

for (const provider of testProviders()) {
  describe(`POST /telegram/webhook/:botId (${provider})`, () => {
    let tg: TelegramStandIn;
    let rt: TestRuntime;
    let web: TestServer;
    let processor: InboxProcessor;
    let standIn: StandInBot;
    let botId: number;
    let secret: string;
    const handled: Update[] = [];
    let slowHandler: Promise<void> | null = null;

    before(async () => {
      tg = await startTelegramStandIn({ webhookRetryDelayMs: 50, webhookTimeoutMs: 2_000 });
      rt = await createTestRuntime(provider, { TELEGRAM_API_ROOT: tg.url });
      web = await startTestWebServer(rt);
      await rt.settings.set({ 'site.publicBaseUrl': web.url }, CLI_ACTOR);
      standIn = tg.addBot({ username: 'webhook_test_bot' });
      const bot = await addBot(rt, standIn.token, 'webhook');
      botId = bot.id;
      const row = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: botId } });
      secret = rt.secretBox.decrypt(row.webhookSecretEncrypted ?? '');
      processor = createInboxProcessor({
        db: rt.database.db,
        provider: rt.database.provider,
        logger: createLogger({ level: 'silent' }),
        pollMs: 50,
        resolveHandler: async () => async (update) => {
          handled.push(update);
          if (slowHandler) await slowHandler;
        },
      });
      await processor.start();
    });

    after(async () => {
      await processor.stop();
      await web.close();
      await rt.close();
      await tg.close();
    });

    const post = (body: unknown, headers: Record<string, string> = {}, id: number | string = botId) =>
      fetch(`${web.url}/telegram/webhook/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    it("updates pushed by Telegram's webhook are recorded, answered 200 and handled once, in order", async () => {
      assert.equal(tg.webhookInfo(standIn).url, `${web.url}/telegram/webhook/${botId}`);
      const user = tg.user({ bot: standIn });
      const texts = ['one', 'two', 'three'];
      for (const text of texts) user.send(text);
      await waitFor('three handled', () => handled.filter((u) => u.message?.chat.id === user.id).length === 3);
      assert.deepEqual(handled.filter((u) => u.message?.chat.id === user.id).map((u) => u.message?.text), texts);
      await waitFor('Telegram saw every delivery answered', () => tg.webhookInfo(standIn).pendingUpdateCount === 0);
      assert.equal(tg.webhookInfo(standIn).lastErrorMessage, undefined, 'every delivery was answered 2xx the first time');
      const rows = await rt.database.db.inboxUpdate.findMany({ where: { botId, chatKey: String(user.id) } });
      assert.equal(rows.length, 3);
      await waitFor('rows done', async () => (await rt.database.db.inboxUpdate.count({ where: { botId, status: 'done', chatKey: String(user.id) } })) === 3);
    });

    it('the same update delivered twice is answered 200 both times and handled once', async () => {
      const update = textUpdate(555_000_001, 4242, 'twice');
      const first = await post(update);
      const second = await post(update);
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.deepEqual(await first.json(), { ok: true });
      await waitFor('handled', () => handled.some((u) => u.update_id === update.update_id));
      await sleep(300);
      assert.equal(handled.filter((u) => u.update_id === update.update_id).length, 1);
      assert.equal(await rt.database.db.inboxUpdate.count({ where: { botId, updateId: update.update_id } }), 1);
    });

    it('records before answering and answers without waiting for the handler', async () => {
      let release!: () => void;
      slowHandler = new Promise<void>((resolve) => {
        release = resolve;
      });
      try {
        const update = textUpdate(555_000_002, 4343, 'slow');
        // The handler is held until `release()`: a 200 now shows the answer does not wait for it.
        const res = await post(update);
        assert.equal(res.status, 200);
        const row = await rt.database.db.inboxUpdate.findUnique({ where: { botId_updateId: { botId, updateId: update.update_id } } });
        assert.ok(row, 'the update was durable when 200 came back');
        await waitFor('handler started', () => handled.some((u) => u.update_id === update.update_id));
        const other = await post(textUpdate(555_000_003, 4444, 'meanwhile'));
        assert.equal(other.status, 200, 'still answering while a handler runs');
      } finally {
        release();
        slowHandler = null;
      }
    });

    it('a wrong or missing secret is 401, an unknown or disabled bot 404, in the JSON error shape', async () => {
      const update = textUpdate(555_000_010, 1);
      const wrong = await post(update, { 'x-telegram-bot-api-secret-token': `${secret}x` });
      assert.equal(wrong.status, 401);
      assert.deepEqual(Object.keys(((await wrong.json()) as { error: object }).error).sort(), ['code', 'message']);
      const missing = await fetch(`${web.url}/telegram/webhook/${botId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(update) });
      assert.equal(missing.status, 401);
      assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'unauthorized');

      for (const id of [999_999, 'abc', 0]) {
        const res = await post(update, {}, id);
        assert.equal(res.status, 404, `bot ${id}`);
        assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
      }
      const other = await addBot(rt, tg.addBot().token, 'webhook');
      await updateBot(rt, other.id, { enabled: false });
      const disabled = await post(update, {}, other.id);
      assert.equal(disabled.status, 404);
      assert.equal(await rt.database.db.inboxUpdate.count({ where: { updateId: update.update_id } }), 0, 'nothing recorded');
    });

    it('a body over 1 MiB is 413, malformed JSON 400, and a JSON body that is not an update 400', async () => {
      const big = await post({ update_id: 555_000_020, message: { text: 'x'.repeat(1024 * 1024 + 10) } });
      assert.equal(big.status, 413);
      const bigBody = (await big.json()) as { error: { code: string; message: string } };
      assert.equal(bigBody.error.code, 'payload_too_large');
      assert.match(bigBody.error.message, /1 MiB/);
      const malformed = await post('{"update_id": 1,');
      assert.equal(malformed.status, 400);
      assert.equal(((await malformed.json()) as { error: { code: string } }).error.code, 'invalid_json');
      const notUpdate = await post({ hello: 'world' });
      assert.equal(notUpdate.status, 400);
      const array = await post([1, 2]);
      assert.equal(array.status, 400);
      const nearLimit = await post({ update_id: 555_000_021, message: { chat: { id: 5 }, text: 'y'.repeat(900 * 1024) } });
      assert.equal(nearLimit.status, 200, 'bodies up to 1 MiB are accepted');
    });

    it('a secret rotated in another process is accepted at once (the cached secret is re-read on mismatch)', async () => {
      const old = secret;
      const { reRegisterWebhook } = await import('../../../src/shared/domain/telegram/bot-registry.ts');
      assert.equal((await post(textUpdate(555_000_030, 1))).status, 200);
      await reRegisterWebhook(rt, botId, { rotateSecret: true });
      const row = await rt.database.db.telegramBot.findUniqueOrThrow({ where: { id: botId } });
      secret = rt.secretBox.decrypt(row.webhookSecretEncrypted ?? '');
      assert.notEqual(secret, old);
      assert.equal((await post(textUpdate(555_000_031, 1))).status, 200);
      assert.equal((await post(textUpdate(555_000_032, 1), { 'x-telegram-bot-api-secret-token': old })).status, 401);
    });
  });
}
