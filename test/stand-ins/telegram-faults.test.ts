import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Bot, GrammyError, HttpError } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import { waitUntil } from './shared/timing.ts';
import { startTelegramStandIn, type StandInBot, type TelegramStandIn } from './telegram/telegram-stand-in.ts';
import type { SimulatedUser } from './telegram/user-simulator.ts';

/** grammY types its signal parameter with the abort-controller polyfill; a native signal works at run time. */
type GrammySignal = Parameters<Bot['api']['sendMessage']>[3];
const abortAfter = (ms: number): GrammySignal => AbortSignal.timeout(ms) as unknown as GrammySignal;

function isGrammyError(code: number, description?: string | RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof GrammyError, `expected GrammyError, got ${String(error)}`);
    assert.equal(error.error_code, code);
    if (typeof description === 'string') assert.equal(error.description, description);
    else if (description) assert.match(error.description, description);
    return true;
  };
}

describe('telegram stand-in: errors and injected faults as grammY sees them', () => {
  let tg: TelegramStandIn;
  let botInfo: StandInBot;
  let bot: Bot;
  let user: SimulatedUser;

  before(async () => {
    tg = await startTelegramStandIn();
    botInfo = tg.addBot();
    bot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url } });
    user = tg.user({ bot: botInfo });
  });

  after(async () => {
    await tg.close();
  });

  it('429 with retry_after (GrammyError.parameters.retry_after); `times` stops after N', async () => {
    tg.inject({ method: 'sendMessage', fault: { kind: 'status', status: 429, retryAfter: 3 }, times: 2 });
    for (let i = 0; i < 2; i += 1) {
      await assert.rejects(bot.api.sendMessage(user.id, 'x'), (error: unknown) => {
        isGrammyError(429, 'Too Many Requests: retry after 3')(error);
        assert.equal((error as GrammyError).parameters.retry_after, 3);
        return true;
      });
    }
    const ok = await bot.api.sendMessage(user.id, 'third time');
    assert.equal(ok.text, 'third time');
    const calls = tg.calls({ method: 'sendMessage', bot: botInfo.token }).slice(-3);
    assert.deepEqual(calls.map((c) => [c.fault, c.effect, c.response?.status]), [
      ['status_429', false, 429],
      ['status_429', false, 429],
      [undefined, true, 200],
    ]);
    assert.deepEqual(user.messages().map((m) => m.text), ['third time'], 'rejected calls had no effect');
  });

  it('@grammyjs/auto-retry waits out a 429 and succeeds', async () => {
    const retrying = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url } });
    retrying.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5 }));
    tg.inject({ method: 'sendMessage', fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 1 });
    const started = Date.now();
    const message = await retrying.api.sendMessage(user.id, 'after the wait');
    assert.equal(message.text, 'after the wait');
    assert.ok(Date.now() - started >= 950, 'waited retry_after seconds');
  });

  it('real validation errors: chat not found, blocked, bot cannot start a chat, empty/long text, captions, entities', async () => {
    await assert.rejects(bot.api.sendMessage(123456, 'x'), isGrammyError(400, 'Bad Request: chat not found'));
    await assert.rejects(bot.api.sendMessage('@nobody_here', 'x'), isGrammyError(400, 'Bad Request: chat not found'));
    await assert.rejects(bot.api.sendMessage(user.id, '   '), isGrammyError(400, 'Bad Request: message text is empty'));
    await assert.rejects(bot.api.sendMessage(user.id, 'a'.repeat(4097)), isGrammyError(400, 'Bad Request: message is too long'));
    assert.equal((await bot.api.sendMessage(user.id, `<b>${'a'.repeat(4096)}</b>`, { parse_mode: 'HTML' })).text?.length, 4096, 'the limit applies after entity parsing');
    await assert.rejects(
      bot.api.sendPhoto(user.id, 'AgACunknown', { caption: 'c'.repeat(1025) }),
      isGrammyError(400, 'Bad Request: message caption is too long'),
    );
    await assert.rejects(
      bot.api.sendMessage(user.id, '<foo>x</foo>', { parse_mode: 'HTML' }),
      isGrammyError(400, 'Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 0'),
    );
    await assert.rejects(
      bot.api.sendMessage(user.id, 'سلام <b>x', { parse_mode: 'HTML' }),
      isGrammyError(400, 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'),
    );
    await assert.rejects(
      bot.api.sendMessage(user.id, 'Price: 10.5', { parse_mode: 'MarkdownV2' }),
      isGrammyError(400, "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"),
    );

    const blocker = tg.user({ bot: botInfo });
    blocker.blockBot();
    await assert.rejects(bot.api.sendMessage(blocker.id, 'x'), isGrammyError(403, 'Forbidden: bot was blocked by the user'));
    blocker.unblockBot();
    assert.equal((await bot.api.sendMessage(blocker.id, 'back')).text, 'back');

    const stranger = tg.user({ bot: botInfo, started: false });
    await assert.rejects(bot.api.sendMessage(stranger.id, 'x'), isGrammyError(403, "Forbidden: bot can't initiate conversation with a user"));
    stranger.send('/start');
    assert.equal((await bot.api.sendMessage(stranger.id, 'hi')).text, 'hi');
  });

  it('an unknown token → 401 Unauthorized; an unknown method → 404', async () => {
    const impostor = new Bot('123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { client: { apiRoot: tg.url } });
    await assert.rejects(impostor.api.getMe(), isGrammyError(401, 'Unauthorized'));
    await assert.rejects(bot.api.raw.sendDice({ chat_id: user.id }), isGrammyError(404, 'Not Found'));
  });

  it('500 and 502 status faults are GrammyErrors; a malformed (non-JSON) reply is an HttpError', async () => {
    tg.inject({ method: 'getChat', fault: { kind: 'status', status: 500 }, times: 1 });
    await assert.rejects(bot.api.getChat(user.id), isGrammyError(500, 'Internal Server Error'));
    tg.inject({ method: 'getChat', fault: { kind: 'status', status: 502 }, times: 1 });
    await assert.rejects(bot.api.getChat(user.id), isGrammyError(502, 'Bad Gateway'));
    tg.inject({ method: 'getChat', fault: 'malformed', times: 1 });
    await assert.rejects(bot.api.getChat(user.id), (error: unknown) => error instanceof HttpError);
    assert.equal((await bot.api.getChat(user.id)).id, user.id);
  });

  it('hang: never answers and never acts (HttpError on abort); hang_after_effect: acts, then never answers', async () => {
    const hangUser = tg.user({ bot: botInfo });
    const hang = tg.inject({ method: 'sendMessage', fault: 'hang', times: 1 });
    await assert.rejects(bot.api.sendMessage(hangUser.id, 'lost', {}, abortAfter(200)), (e: unknown) => e instanceof HttpError);
    assert.equal(hang.remaining(), 0);
    assert.deepEqual(hangUser.messages(), [], 'hang: no effect');

    tg.inject({ method: 'sendPhoto', fault: 'hang_after_effect', times: 1 });
    const photoBot = new Bot(botInfo.token, { botInfo: botInfo.info, client: { apiRoot: tg.url, timeoutSeconds: 1 } });
    const posted = tg.calls({ method: 'sendPhoto' }).length;
    await assert.rejects(
      photoBot.api.sendPhoto(hangUser.id, (await hangUser.sendPhoto()).photo?.at(-1)?.file_id ?? ''),
      (e: unknown) => e instanceof HttpError && /timed out/.test(String((e as HttpError).error)),
    );
    await waitUntil(() => hangUser.messages().length === 1, 2000, () => 'hang_after_effect: the photo was posted although no reply came');
    const call = tg.calls({ method: 'sendPhoto' })[posted];
    assert.equal(call?.fault, 'hang_after_effect');
    assert.equal(call?.effect, true);
    assert.equal(call?.response, undefined);
  });

  it('a request fully received takes effect even if the client disconnects before the reply', async () => {
    const u = tg.user({ bot: botInfo });
    tg.inject({ method: 'sendMessage', fault: { kind: 'delay', ms: 300, afterEffect: true }, times: 1 });
    await assert.rejects(bot.api.sendMessage(u.id, 'sent anyway', {}, abortAfter(100)), (e: unknown) => e instanceof HttpError);
    await waitUntil(() => u.messages().length === 1, 2000, () => 'the message despite the disconnect');
    assert.deepEqual(u.messages().map((m) => m.text), ['sent anyway']);
    await waitUntil(() => tg.calls({ method: 'sendMessage' }).at(-1)?.effect === true, 2000);
    tg.inject({ method: 'sendMessage', fault: { kind: 'delay', ms: 150 }, times: 1 });
    const started = Date.now();
    await bot.api.sendMessage(u.id, 'slow');
    assert.ok(Date.now() - started >= 140);
  });

  it('flood control: per-chat limit answers 429 with retry_after, other chats unaffected', async () => {
    const floodBot = tg.addBot();
    const b = new Bot(floodBot.token, { botInfo: floodBot.info, client: { apiRoot: tg.url } });
    const a = tg.user({ bot: floodBot });
    const c = tg.user({ bot: floodBot });
    // A slow refill keeps the test deterministic on a busy machine.
    tg.setFloodLimits({ perChat: { perSecond: 0.2, burst: 3 }, global: { perSecond: 30, burst: 30 } });
    try {
      for (let i = 0; i < 3; i += 1) await b.api.sendMessage(a.id, `burst ${i}`);
      await assert.rejects(b.api.sendMessage(a.id, 'too fast'), (error: unknown) => {
        isGrammyError(429, /^Too Many Requests: retry after \d+$/)(error);
        assert.ok(((error as GrammyError).parameters.retry_after ?? 0) >= 1);
        return true;
      });
      assert.equal((await b.api.sendMessage(c.id, 'other chat')).text, 'other chat');
    } finally {
      tg.setFloodLimits('default');
    }
  });

  it('faults can target one bot only and be cleared', async () => {
    const other = tg.addBot();
    const otherBot = new Bot(other.token, { botInfo: other.info, client: { apiRoot: tg.url } });
    const handle = tg.inject({ method: /^get/, bot: other, fault: { kind: 'status', status: 500 } });
    await assert.rejects(otherBot.api.getWebhookInfo(), isGrammyError(500));
    assert.equal((await bot.api.getWebhookInfo()).url, '');
    handle.clear();
    assert.equal((await otherBot.api.getWebhookInfo()).url, '');
    tg.inject({ fault: { kind: 'status', status: 503 } });
    await assert.rejects(bot.api.getMe(), isGrammyError(503));
    tg.clearFaults();
    assert.equal((await bot.api.getMe()).id, botInfo.id);
  });
});
