import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import { startBotHarness, type BotHarness } from './bot-harness.ts';
import { chooseLanguage, expectReply, label, reachTextStep, seen } from './flow-helpers.ts';

const MAX = 100;

// Providers run side by side (each has its own database, stand-in and bot).
describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`bot refusals, stale buttons, cancel and back on ${provider}`, { concurrency: true }, () => {
      let harness: BotHarness;
      before(async () => {
        harness = await startBotHarness(provider);
        await harness.runtime.settings.set({ 'ads.maxLength': MAX }, { type: 'system' });
      });
      after(async () => {
        assert.deepEqual(harness.errors, []);
        await harness.close();
      });

      async function conversation(user: SimulatedUser) {
        return harness.runtime.database.db.conversation.findUniqueOrThrow({ where: { botId_chatId: { botId: harness.botRow.id, chatId: String(user.id) } } });
      }

      async function telegramUser(user: SimulatedUser) {
        return harness.runtime.database.db.telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } } });
      }

      it('fa: a contact that is not the sender’s own, or a typed number, is refused with an explanation; the own contact is accepted', async () => {
        const user = harness.user({ firstName: 'علی' });
        const stranger = harness.user({ firstName: 'Someone' });
        await chooseLanguage(user, 'fa');
        user.press(label('fa', 'btn-new-ad'));
        await expectReply(user, seen('fa', 'contact-prompt').split('\n')[0] ?? '');

        user.sendContact({ phoneNumber: '989121111111', firstName: 'Someone', userId: stranger.id });
        const refused = await expectReply(user, seen('fa', 'contact-not-yours'));
        assert.equal((refused.reply_markup as { keyboard?: Array<Array<{ request_contact?: boolean }>> }).keyboard?.[0]?.[0]?.request_contact, true, 'the share button is offered again');
        user.sendContact({ phoneNumber: '989121111112', firstName: 'No id' });
        await expectReply(user, seen('fa', 'contact-not-yours'));
        user.send('09121234567');
        await expectReply(user, seen('fa', 'contact-use-button'));
        const before = await telegramUser(user);
        assert.equal(before.phone, null);
        assert.equal(before.phoneVerifiedAt, null);
        assert.equal((await conversation(user)).step, 'contact');

        user.shareContact();
        const saved = await expectReply(user, seen('fa', 'contact-saved', { phone: `+${user.phone}` }));
        assert.deepEqual(saved.reply_markup, { remove_keyboard: true });
        await expectReply(user, seen('fa', 'category-prompt'));
        const after = await telegramUser(user);
        assert.equal(after.phone, `+${user.phone}`);
        assert.ok(after.phoneVerifiedAt);
      });

      for (const language of ['fa', 'en'] as const) {
        it(`${language}: too long (with the numbers), sticker, GIF, a command or a captionless photo are refused at the text step`, async () => {
          const user = harness.user({ firstName: `Writer ${language}` });
          await chooseLanguage(user, language);
          const prompt = await reachTextStep(user, language, language === 'fa' ? 'خدمات' : 'Services');
          assert.ok(prompt.text?.includes(seen(language, 'text-prompt', { max: MAX }).split('\n')[0] ?? ''), 'the limit from ads.maxLength is explained');

          user.send('x'.repeat(MAX + 7));
          await expectReply(user, seen(language, 'text-too-long', { length: MAX + 7, max: MAX, over: 7 }));
          await user.sendSticker();
          await expectReply(user, seen(language, 'text-not-text', { kind: label(language, 'kind-sticker') }));
          await user.sendAnimation();
          await expectReply(user, seen(language, 'text-not-text', { kind: label(language, 'kind-animation') }));
          user.send('/whatever');
          await expectReply(user, seen(language, 'text-command'));
          await user.sendPhoto();
          await expectReply(user, seen(language, 'text-photo-first').slice(0, 30));
          assert.equal((await conversation(user)).step, 'text', 'refusals keep the step');

          user.send('😀'.repeat(MAX)); // counted as people count: one character each
          await expectReply(user, seen(language, 'photo-prompt'));
          assert.equal(await harness.runtime.database.db.ad.count({ where: { content: { startsWith: 'xxx' } } }), 0);
        });
      }

      it('en: a photo step refuses stickers and files, and an album gives one photo', async () => {
        const user = harness.user({ firstName: 'Photographer' });
        await chooseLanguage(user, 'en');
        await reachTextStep(user, 'en', 'Sale');
        user.send('Old camera for sale, works fine, 40 EUR.');
        await expectReply(user, seen('en', 'photo-prompt'));
        user.send('here is no photo');
        await expectReply(user, seen('en', 'photo-expected'));
        await user.sendSticker();
        await expectReply(user, seen('en', 'photo-not-allowed', { kind: label('en', 'kind-sticker') }));
        await user.sendAnimation();
        await expectReply(user, seen('en', 'photo-not-allowed', { kind: label('en', 'kind-animation') }));
        assert.equal((await conversation(user)).step, 'photo');
      });

      it('en: stale buttons (an earlier step, an older draft) are answered with a note and change nothing', async () => {
        const user = harness.user({ firstName: 'Tapper' });
        await chooseLanguage(user, 'en');
        user.press(label('en', 'btn-new-ad'));
        await expectReply(user, 'phone number');
        user.shareContact();
        await expectReply(user, 'Phone number saved');
        const categories = await expectReply(user, seen('en', 'category-prompt'));
        user.press('Rent');
        const textPrompt = await expectReply(user, seen('en', 'category-chosen', { category: 'Rent' }));

        const oldCategory = user.press('Sale', { message: categories });
        assert.equal((await user.waitForCallbackAnswer(oldCategory.id)).text, label('en', 'stale-button'));
        const state = await conversation(user);
        assert.equal(state.step, 'text');
        assert.equal((JSON.parse(state.dataJson) as { draft: { categoryId: number } }).draft.categoryId, (await harness.runtime.database.db.category.findUniqueOrThrow({ where: { slug: 'rent' } })).id);

        user.send('Flat to share with one student, 250 EUR.');
        await expectReply(user, seen('en', 'photo-prompt'));
        const oldBack = user.press(label('en', 'btn-back'), { message: textPrompt });
        assert.equal((await user.waitForCallbackAnswer(oldBack.id)).text, label('en', 'stale-button'));
        assert.equal((await conversation(user)).step, 'photo');

        // A new draft: every button of the old one is stale now, even Cancel.
        user.send('/cancel');
        await expectReply(user, seen('en', 'flow-cancelled'));
        user.press(label('en', 'btn-new-ad'));
        const newCategories = await expectReply(user, seen('en', 'category-prompt'));
        const oldCancel = user.press(label('en', 'btn-cancel'), { message: textPrompt });
        assert.equal((await user.waitForCallbackAnswer(oldCancel.id)).text, label('en', 'stale-button'));
        assert.equal((await conversation(user)).step, 'category');
        const unknown = harness.tg.pushUpdate(harness.standIn, {
          callback_query: { id: '99' + String(user.id), from: user.user, chat_instance: '1', message: newCategories, data: 'something:old' },
        });
        await harness.waitHandled(unknown.update_id);
        assert.equal(user.messages().at(-1)?.message_id, newCategories.message_id, 'no reply to stale buttons');
        assert.equal(await harness.runtime.database.db.ad.count({ where: { telegramUser: { telegramId: String(user.id) } } }), 0);
      });

      it('en: /cancel anywhere, and Cancel buttons, drop the draft (the contact keyboard is removed)', async () => {
        const user = harness.user({ firstName: 'Quitter' });
        await chooseLanguage(user, 'en');
        user.send('/cancel');
        await expectReply(user, seen('en', 'flow-nothing-to-cancel'));
        user.send('/new');
        await expectReply(user, 'phone number');
        user.send('/cancel');
        const removed = await expectReply(user, seen('en', 'flow-cancelled'));
        assert.deepEqual(removed.reply_markup, { remove_keyboard: true });
        await expectReply(user, seen('en', 'menu'));
        assert.equal((await conversation(user)).step, 'idle');

        await reachTextStep(user, 'en', 'Other');
        user.send('Lost keys found near the station.');
        await expectReply(user, seen('en', 'photo-prompt'));
        user.press(label('en', 'btn-cancel'));
        await expectReply(user, seen('en', 'flow-cancelled'));
        const state = await conversation(user);
        assert.equal(state.step, 'idle');
        assert.equal((JSON.parse(state.dataJson) as { draft: unknown }).draft, null);
        assert.equal(await harness.runtime.database.db.ad.count({ where: { telegramUser: { telegramId: String(user.id) } } }), 0);
      });

      it('fa: Back from the contact and category steps leaves the flow', async () => {
        const user = harness.user({ firstName: 'رضا' });
        await chooseLanguage(user, 'fa');
        user.press(label('fa', 'btn-new-ad'));
        await expectReply(user, seen('fa', 'contact-prompt').split('\n')[0] ?? '');
        user.send(label('fa', 'btn-back')); // the reply keyboard's Back
        const left = await expectReply(user, seen('fa', 'flow-cancelled'));
        assert.deepEqual(left.reply_markup, { remove_keyboard: true });
        await expectReply(user, seen('fa', 'menu'));

        user.press(label('fa', 'btn-new-ad'));
        await expectReply(user, seen('fa', 'contact-prompt').split('\n')[0] ?? '');
        user.shareContact();
        await expectReply(user, seen('fa', 'contact-saved', { phone: `+${user.phone}` }));
        await expectReply(user, seen('fa', 'category-prompt'));
        user.press(label('fa', 'btn-back')); // category → menu
        await expectReply(user, seen('fa', 'menu'));
        assert.equal((await conversation(user)).step, 'idle');
      });

      it('fa: Back at the text and photo steps keeps what was entered', async () => {
        const user = harness.user({ firstName: 'رضا' });
        await chooseLanguage(user, 'fa');
        await harness.runtime.database.db.telegramUser.update({
          where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } },
          data: { phone: `+${user.phone}`, phoneVerifiedAt: new Date() },
        });
        user.press(label('fa', 'btn-new-ad'));
        await expectReply(user, seen('fa', 'category-prompt'));
        user.press('فروش');
        await expectReply(user, seen('fa', 'category-chosen', { category: 'فروش' }));
        user.press(label('fa', 'btn-back')); // text → category
        await expectReply(user, seen('fa', 'category-prompt'));
        user.press('اجاره');
        await expectReply(user, seen('fa', 'category-chosen', { category: 'اجاره' }));
        const text = 'یک دوچرخهٔ سالم برای فروش';
        user.send(text);
        await expectReply(user, seen('fa', 'photo-prompt'));
        user.press(label('fa', 'btn-back')); // photo → text, the text kept
        const textAgain = await expectReply(user, seen('fa', 'text-prompt', { max: MAX }).split('\n')[0] ?? '');
        assert.ok(textAgain.text?.includes(text), 'the current text is quoted');
        user.press(label('fa', 'btn-keep-text'));
        await expectReply(user, seen('fa', 'photo-prompt'));
        await user.sendPhoto();
        await expectReply(user, seen('fa', 'preview', { category: '', phone: '', photo: '', content: '' }).split('\n')[0] ?? '');
        assert.equal((await conversation(user)).step, 'preview');
      });

      it('fa: Back at the preview keeps the photo; Edit returns to the text; the confirmed ad has the last choices', async () => {
        const user = harness.user({ firstName: 'رضا' });
        await chooseLanguage(user, 'fa');
        await harness.runtime.database.db.telegramUser.update({
          where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } },
          data: { phone: `+${user.phone}`, phoneVerifiedAt: new Date() },
        });
        user.press(label('fa', 'btn-new-ad'));
        await expectReply(user, seen('fa', 'category-prompt'));
        user.press('اجاره');
        await expectReply(user, seen('fa', 'category-chosen', { category: 'اجاره' }));
        const text = 'یک دوچرخهٔ سالم برای فروش';
        user.send(text);
        await expectReply(user, seen('fa', 'photo-prompt'));
        await user.sendPhoto();
        await expectReply(user, seen('fa', 'preview', { category: '', phone: '', photo: '', content: '' }).split('\n')[0] ?? '');
        user.press(label('fa', 'btn-back')); // preview → photo, the photo kept
        const photoAgain = await expectReply(user, seen('fa', 'photo-current'));
        assert.ok(photoAgain.text?.startsWith(seen('fa', 'photo-prompt')));
        user.press(label('fa', 'btn-keep-photo'));
        await expectReply(user, seen('fa', 'preview-photo-yes'));
        user.press(label('fa', 'btn-edit')); // preview → text
        await expectReply(user, text);
        user.send(`${text}، قیمت توافقی`);
        await expectReply(user, seen('fa', 'photo-current'));
        user.press(label('fa', 'btn-remove-photo'));
        await expectReply(user, seen('fa', 'preview-photo-no'));
        user.press(label('fa', 'btn-confirm'));
        await expectReply(user, 'کد پیگیری');
        const ad = await harness.runtime.database.db.ad.findFirstOrThrow({ where: { telegramUser: { telegramId: String(user.id) } }, include: { category: true, photos: true } });
        assert.equal(ad.content, `${text}، قیمت توافقی`);
        assert.equal(ad.category?.slug, 'rent');
        assert.equal(ad.photos.length, 0);
      });
    });
  }
});
