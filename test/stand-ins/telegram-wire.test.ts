import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { waitUntil } from './shared/timing.ts';
import { startTelegramStandIn, type StandInBot, type TelegramStandIn } from './telegram/telegram-stand-in.ts';
import type { SimulatedUser } from './telegram/user-simulator.ts';

describe('telegram stand-in: raw HTTP wire format', () => {
  let tg: TelegramStandIn;
  let bot: StandInBot;
  let user: SimulatedUser;
  const api = (method: string): string => `${tg.url}/bot${bot.token}/${method}`;

  before(async () => {
    tg = await startTelegramStandIn();
    bot = tg.addBot();
    user = tg.user({ botToken: bot.token });
  });

  after(async () => {
    await tg.close();
  });

  it('GET with a query string, urlencoded and JSON bodies; method names are case-insensitive', async () => {
    const viaGet = await fetch(`${api('getMe')}?unused=1`);
    assert.equal(viaGet.status, 200);
    assert.match(viaGet.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(((await viaGet.json()) as { result: { id: number } }).result.id, bot.id);

    const form = await fetch(api('sendMessage'), {
      method: 'POST',
      body: new URLSearchParams({ chat_id: String(user.id), text: '<b>form</b>', parse_mode: 'HTML', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }) }),
    });
    const sent = (await form.json()) as { ok: boolean; result: { text: string; entities: unknown[]; reply_markup: unknown } };
    assert.equal(sent.ok, true);
    assert.equal(sent.result.text, 'form');
    assert.deepEqual(sent.result.reply_markup, { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] });
    assert.deepEqual(tg.calls({ method: 'sendMessage' }).at(-1)?.params.reply_markup, { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }, 'JSON fields are decoded in the record');

    const upper = await fetch(api('SENDMESSAGE'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: user.id, text: 'json' }) });
    assert.equal(((await upper.json()) as { result: { text: string } }).result.text, 'json');
    assert.equal(tg.calls().at(-1)?.method, 'sendMessage');
  });

  it('error bodies are exactly Telegram\'s', async () => {
    const unauthorized = await fetch(`${tg.url}/bot123:nope/getMe`);
    assert.equal(unauthorized.status, 401);
    assert.deepEqual(await unauthorized.json(), { ok: false, error_code: 401, description: 'Unauthorized' });
    const notFound = await fetch(`${tg.url}/nothing`);
    assert.deepEqual([notFound.status, await notFound.json()], [404, { ok: false, error_code: 404, description: 'Not Found' }]);
    tg.inject({ method: 'getMe', fault: { kind: 'status', status: 429, retryAfter: 7 }, times: 1 });
    const limited = await fetch(api('getMe'));
    assert.deepEqual([limited.status, await limited.json()], [429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } }]);
    const missing = await fetch(`${tg.url}/file/bot${bot.token}/photos/none.jpg`);
    assert.equal(missing.status, 404);
    const webhook = await fetch(api('setWebhook'), { method: 'POST', body: new URLSearchParams({ url: 'http://127.0.0.1:9/x' }) });
    assert.deepEqual(await webhook.json(), { ok: true, result: true, description: 'Webhook was set' });
    const removed = await fetch(api('deleteWebhook'));
    assert.deepEqual(await removed.json(), { ok: true, result: true, description: 'Webhook was deleted' });
  });

  it('a request cut off before its body was complete has no effect', async () => {
    const before = user.messages().length;
    const body = JSON.stringify({ chat_id: user.id, text: 'half' });
    const { port } = new URL(tg.url);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /bot${bot.token}/sendMessage HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 50}\r\n\r\n${body}`,
          () => setTimeout(() => {
            socket.destroy();
            resolve();
          }, 50),
        );
      });
      socket.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(user.messages().length, before);
    assert.equal(tg.calls({ method: 'sendMessage' }).some((c) => c.params.text === 'half'), false);
    await fetch(api('sendMessage'), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await waitUntil(() => user.messages().length === before + 1, 1000);
  });
});
