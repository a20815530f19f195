import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Update } from 'grammy/types';
import { testProviders } from '../../helpers/databases.ts';
import { createBot } from '../../../src/bot/create-bot.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import type { TgMessage } from '../../stand-ins/telegram/types.ts';
import { startBotHarness, type BotHarness } from './bot-harness.ts';
import { buttonData, chooseLanguage, expectReply, label, reachTextStep, seen } from './flow-helpers.ts';

// Providers run side by side (each has its own database, stand-in and bot).
describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`bot state survives restarts and repeated Confirms on ${provider}`, { concurrency: true }, () => {
      let harness: BotHarness;
      before(async () => {
        harness = await startBotHarness(provider);
      });
      after(async () => {
        assert.deepEqual(harness.errors, []);
        await harness.close();
      });

      function adsOf(user: SimulatedUser) {
        return harness.runtime.database.db.ad.findMany({ where: { telegramUser: { telegramId: String(user.id) } } });
      }

      async function reachPreview(user: SimulatedUser, text: string): Promise<TgMessage> {
        await chooseLanguage(user, 'en');
        await reachTextStep(user, 'en', 'Other');
        user.send(text);
        await expectReply(user, seen('en', 'photo-prompt'));
        user.press(label('en', 'btn-skip-photo'));
        return expectReply(user, text);
      }

      it('a fresh Bot instance on the same database continues a draft mid-flow', async () => {
        const user = harness.user({ firstName: 'Restarted' });
        await chooseLanguage(user, 'en');
        await reachTextStep(user, 'en', 'Events');
        const before = harness.bot;
        await harness.restart();
        assert.notEqual(harness.bot, before);
        user.send('Book club meets every Sunday at the library.');
        await expectReply(user, seen('en', 'photo-prompt'));
        user.press(label('en', 'btn-skip-photo'));
        await expectReply(user, 'Book club meets');
        await harness.restart();
        user.press(label('en', 'btn-confirm'));
        await expectReply(user, 'Tracking code');
        const ads = await adsOf(user);
        assert.equal(ads.length, 1);
        assert.equal(ads[0]?.content, 'Book club meets every Sunday at the library.');
      });

      it('the same Confirm update handled again (redelivery after a crash) creates no second ad and repeats the code', async () => {
        const user = harness.user({ firstName: 'Redelivered' });
        await reachPreview(user, 'Guitar lessons for beginners, 15 EUR per hour.');
        const press = user.press(label('en', 'btn-confirm'));
        const ack = await expectReply(user, 'Tracking code');
        const update = await harness.waitHandled(press.updateId);

        await harness.bot.handleUpdate(structuredClone(update) as Update);
        const repeated = await expectReply(user, 'Tracking code');
        assert.equal(repeated.text, ack.text, 'the same tracking code is repeated');
        const ads = await adsOf(user);
        assert.equal(ads.length, 1);
        assert.ok(ack.text?.includes(ads[0]?.code ?? '?'));
      });

      it('a double tap on Confirm creates one ad; the second tap is told the code', async () => {
        const user = harness.user({ firstName: 'Double' });
        const preview = await reachPreview(user, 'Selling two concert tickets for Saturday.');
        const first = user.press(label('en', 'btn-confirm'), { message: preview });
        const second = user.press(label('en', 'btn-confirm'), { message: preview });
        await expectReply(user, 'Tracking code');
        const answer = await user.waitForCallbackAnswer(second.id);
        await harness.waitHandled(first.updateId);
        const ads = await adsOf(user);
        assert.equal(ads.length, 1);
        assert.equal(answer.text, seen('en', 'already-submitted', { code: ads[0]?.code ?? '' }));
      });

      it('two bot instances handling the same Confirm at once (a crashed lease taken over) create exactly one ad', async () => {
        const user = harness.user({ firstName: 'Racer' });
        const preview = await reachPreview(user, 'Moving sale: sofa, table and chairs.');
        const update = {
          update_id: 1_900_000_000 + (user.id % 1_000_000),
          callback_query: { id: `race${user.id}`, from: user.user, chat_instance: '1', message: preview, data: buttonData(preview, label('en', 'btn-confirm')) },
        } as unknown as Update;
        const deps = { runtime: harness.runtime, botId: harness.botRow.id, token: harness.standIn.token, botInfo: harness.standIn.info };
        const [one, two] = [createBot(deps), createBot(deps)];
        await Promise.all([one.handleUpdate(structuredClone(update)), two.handleUpdate(structuredClone(update))]);
        await expectReply(user, 'Tracking code');
        assert.equal((await adsOf(user)).length, 1);
        const state = await harness.runtime.database.db.conversation.findUniqueOrThrow({ where: { botId_chatId: { botId: harness.botRow.id, chatId: String(user.id) } } });
        assert.equal(state.step, 'idle');
      });
    });
  }
});
