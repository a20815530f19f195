import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { MODERATE_JOB } from '../../../src/shared/domain/ads/job-kinds.ts';
import type { Language } from '../../../src/shared/domain/notifications/languages.ts';
import { startBotHarness, type BotHarness } from './bot-harness.ts';
import { chooseLanguage, expectReply, label, reachTextStep, seen } from './flow-helpers.ts';

const ADS: Record<Language, { category: string; slug: string; text: string }> = {
  fa: { category: 'اجاره', slug: 'rent', text: 'یک اتاق مبله نزدیک دانشگاه برای اجاره، ماهی ۳۰۰ یورو. لطفاً پیام بدهید.' },
  en: { category: 'Sale', slug: 'sale', text: 'Selling a used city bike, good condition, 80 EUR. Pick-up in the centre.' },
};

// Providers run side by side (each has its own database, stand-in and bot).
describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`bot submission flow on ${provider}`, { concurrency: true }, () => {
      let harness: BotHarness;
      before(async () => {
        harness = await startBotHarness(provider);
      });
      after(async () => {
        assert.deepEqual(harness.errors, []);
        await harness.close();
      });

      for (const language of ['fa', 'en'] as const) {
        it(`${language}: /start → language → contact → category → text → photo → preview → confirm gives a tracking code and a pending_ai ad`, async () => {
          const { category, slug, text } = ADS[language];
          const user = harness.user({ firstName: language === 'fa' ? 'مریم' : 'Mary', languageCode: language });
          await chooseLanguage(user, language);
          await reachTextStep(user, language, category);

          user.send(text);
          await expectReply(user, seen(language, 'photo-prompt'));
          const photo = await user.sendPhoto({ width: 1280, height: 960 });
          const preview = await expectReply(user, seen(language, 'preview', { category, phone: `+${user.phone}`, photo: label(language, 'preview-photo-yes'), content: text }));
          assert.ok(preview.text?.includes(text));

          user.press(label(language, 'btn-confirm'));
          const ack = await user.waitForMessage();
          const code = /([0-9a-f]{8})/.exec(ack.text ?? '')?.[1];
          assert.ok(code, `no tracking code in ${ack.text}`);
          assert.equal(ack.text, seen(language, 'submitted', { code }));

          const db = harness.runtime.database.db;
          const ad = await db.ad.findFirstOrThrow({ where: { code }, include: { photos: true, category: true, telegramUser: true } });
          assert.equal(ad.status, 'pending_ai');
          assert.equal(ad.source, 'bot');
          assert.equal(ad.content, text);
          assert.equal(ad.language, language);
          assert.equal(ad.category?.slug, slug);
          assert.equal(ad.contactPhone, `+${user.phone}`);
          assert.equal(ad.botId, harness.botRow.id);
          assert.equal(ad.telegramUser?.telegramId, String(user.id));
          assert.equal(ad.telegramUser?.language, language);
          assert.ok(ad.telegramUser?.phoneVerifiedAt, 'the phone is stored as verified');
          const largest = [...(photo.photo ?? [])].sort((a, b) => b.width * b.height - a.width * a.height)[0];
          assert.deepEqual(
            ad.photos.map((p) => [p.position, p.fileId, p.fileUniqueId]),
            [[0, largest?.file_id, largest?.file_unique_id]],
          );
          assert.equal(await db.job.count({ where: { kind: MODERATE_JOB, dedupeKey: `${MODERATE_JOB}:${ad.id}` } }), 1);
          const convo = await db.conversation.findUniqueOrThrow({ where: { botId_chatId: { botId: harness.botRow.id, chatId: String(user.id) } } });
          assert.equal(convo.step, 'idle');
        });
      }

      it('with a verified phone the contact step is skipped, and an ad may go without a photo', async () => {
        const user = harness.user({ firstName: 'Reza' });
        await chooseLanguage(user, 'en');
        await harness.runtime.database.db.telegramUser.update({
          where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } },
          data: { phone: '+4915100000000', phoneVerifiedAt: new Date() },
        });
        user.press(label('en', 'btn-new-ad'));
        await expectReply(user, seen('en', 'category-prompt'));
        user.press('Events');
        await expectReply(user, seen('en', 'category-chosen', { category: 'Events' }));
        user.send('Persian music night on Friday, free entry.');
        await expectReply(user, seen('en', 'photo-prompt'));
        user.press(label('en', 'btn-skip-photo'));
        await expectReply(user, 'Photo: none');
        user.press(label('en', 'btn-confirm'));
        await expectReply(user, 'Tracking code');
        const ads = await harness.runtime.database.db.ad.findMany({ where: { telegramUser: { telegramId: String(user.id) } }, include: { photos: true } });
        assert.equal(ads.length, 1);
        assert.equal(ads[0]?.contactPhone, '+4915100000000');
        assert.equal(ads[0]?.photos.length, 0);
      });
    });
  }
});
