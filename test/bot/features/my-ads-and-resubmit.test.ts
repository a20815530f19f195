import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { submitAd } from '../../../src/shared/domain/ads/submit-ad.ts';
import { decideAd, type Decision } from '../../../src/shared/domain/ads/decide-ad.ts';
import { UPDATE_MODERATORS_MESSAGE_JOB } from '../../../src/shared/domain/notifications/moderators-post.ts';
import { withdrawOwnAd } from '../../../src/shared/domain/telegram-users/own-ads.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import type { TgMessage } from '../../stand-ins/telegram/types.ts';
import { startBotHarness, type BotHarness } from './bot-harness.ts';
import { chooseLanguage, expectReply, label, seen } from './flow-helpers.ts';

// Providers run side by side (each has its own database, stand-in and bot).
describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`bot: my ads and Edit & Resubmit on ${provider}`, { concurrency: true }, () => {
      let harness: BotHarness;
      let staffId = '';
      before(async () => {
        harness = await startBotHarness(provider);
        const staff = await harness.runtime.database.db.staffUser.create({ data: { email: 'mod@example.test', passwordHash: 'x', name: 'Mod' } });
        staffId = String(staff.id);
      });
      after(async () => {
        assert.deepEqual(harness.errors, []);
        await harness.close();
      });

      /** A user who has chosen a language and shared their phone, with ads submitted directly. */
      async function userWithAds(user: SimulatedUser, language: 'fa' | 'en', contents: readonly string[]) {
        await chooseLanguage(user, language);
        const db = harness.runtime.database.db;
        const row = await db.telegramUser.update({
          where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } },
          data: { phone: `+${user.phone}`, phoneVerifiedAt: new Date() },
        });
        const rent = await db.category.findUniqueOrThrow({ where: { slug: 'rent' } });
        const ads = [];
        for (const content of contents) {
          const { ad } = await submitAd(
            { db, jobs: harness.runtime.jobs },
            { source: 'bot', content, language, categoryId: rent.id, contactPhone: row.phone, botId: harness.botRow.id, telegramUserId: row.id },
          );
          ads.push(ad);
          await new Promise((resolve) => setTimeout(resolve, 5)); // distinct createdAt, newest last
        }
        return ads;
      }

      function decide(adId: string, decision: Decision) {
        const { database, jobs, settings } = harness.runtime;
        return decideAd({ db: database.db, jobs, settings }, adId, decision, { type: 'staff', id: staffId });
      }

      async function messageAfter(user: SimulatedUser, updateId: number, messageId: number): Promise<TgMessage> {
        await harness.waitHandled(updateId);
        const message = user.messages().find((m) => m.message_id === messageId);
        assert.ok(message, `message ${messageId} is gone`);
        return message;
      }

      it('fa: /myads lists the ads newest first, 5 per page, with statuses; detail; withdraw a pending ad', async () => {
        const user = harness.user({ firstName: 'سارا' });
        const ads = await userWithAds(user, 'fa', ['آگهی اول', 'آگهی دوم', 'آگهی سوم', 'آگهی چهارم', 'آگهی پنجم', 'آگهی ششم', 'آگهی هفتم']);
        await decide(ads[6]?.id ?? '', { action: 'reject', reason: 'متن ناقص است' });
        await decide(ads[5]?.id ?? '', { action: 'revision', note: 'قیمت را بنویسید' });

        user.send('/myads');
        const list = await expectReply(user, seen('fa', 'myads-title', { page: 1, pages: 2 }));
        const text = list.text ?? '';
        assert.ok(text.indexOf('آگهی هفتم') < text.indexOf('آگهی ششم') && text.indexOf('آگهی ششم') < text.indexOf('آگهی سوم'), 'newest first');
        assert.ok(!text.includes('آگهی دوم'), 'five per page');
        assert.ok(text.includes(label('fa', 'status-rejected')) && text.includes(label('fa', 'status-needs_revision')) && text.includes(label('fa', 'status-pending_ai')));

        const older = user.press(label('fa', 'btn-next'));
        const page2 = await messageAfter(user, older.updateId, list.message_id);
        assert.ok(page2.text?.startsWith(seen('fa', 'myads-title', { page: 2, pages: 2 })));
        assert.ok(page2.text?.includes('آگهی اول') && page2.text.includes('آگهی دوم') && !page2.text.includes('آگهی سوم'));

        const open = user.press(`7. ${ads[0]?.code} · آگهی اول`, { message: page2 });
        const detail = await messageAfter(user, open.updateId, list.message_id);
        assert.ok(detail.text?.includes(`آگهی ${ads[0]?.code}`) && detail.text.includes(label('fa', 'status-pending_ai')));
        const ask = user.press(label('fa', 'btn-withdraw'), { message: detail });
        const confirm = await messageAfter(user, ask.updateId, list.message_id);
        assert.equal(confirm.text, seen('fa', 'withdraw-confirm', { code: ads[0]?.code ?? '' }));
        const yes = user.press(label('fa', 'btn-withdraw-yes'), { message: confirm });
        const done = await messageAfter(user, yes.updateId, list.message_id);
        assert.ok(done.text?.startsWith(seen('fa', 'withdrawn', { code: ads[0]?.code ?? '' })));

        const db = harness.runtime.database.db;
        const withdrawn = await db.ad.findUniqueOrThrow({ where: { id: ads[0]?.id ?? '' }, include: { events: true } });
        assert.equal(withdrawn.status, 'withdrawn');
        assert.ok(withdrawn.events.some((e) => e.type === 'withdrawn' && e.fromStatus === 'pending_ai' && e.toStatus === 'withdrawn'));
        assert.equal(await db.job.count({ where: { kind: UPDATE_MODERATORS_MESSAGE_JOB, payload: JSON.stringify({ adId: withdrawn.id }) } }), 1);
      });

      it('en: withdrawing races safely with a staff decision (the decision first: nothing withdrawn)', async () => {
        const user = harness.user({ firstName: 'Late' });
        const [ad] = await userWithAds(user, 'en', ['Bike for sale, 50 EUR']);
        user.send('/myads');
        const list = await expectReply(user, seen('en', 'myads-title', { page: 1, pages: 1 }));
        const open = user.press(`1. ${ad?.code} · Bike for sale, 50 EUR`);
        const detail = await messageAfter(user, open.updateId, list.message_id);
        const ask = user.press(label('en', 'btn-withdraw'), { message: detail });
        const confirm = await messageAfter(user, ask.updateId, list.message_id);
        await decide(ad?.id ?? '', { action: 'approve' });
        const yes = user.press(label('en', 'btn-withdraw-yes'), { message: confirm });
        const after = await messageAfter(user, yes.updateId, list.message_id);
        assert.ok(after.text?.startsWith(seen('en', 'withdraw-too-late', { code: ad?.code ?? '', status: label('en', 'status-approved') })));
        assert.equal((await harness.runtime.database.db.ad.findUniqueOrThrow({ where: { id: ad?.id ?? '' } })).status, 'approved');
      });

      it('a withdrawal and a staff decision at the same moment: exactly one of them changes each ad', async () => {
        const user = harness.user({ firstName: 'Racer' });
        const ads = await userWithAds(user, 'en', ['one', 'two', 'three', 'four']);
        const db = harness.runtime.database.db;
        const row = await db.telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } } });
        const results = await Promise.all(
          ads.map(async (ad) => {
            const [withdrawal, decision] = await Promise.allSettled([
              withdrawOwnAd({ db, jobs: harness.runtime.jobs }, row.id, ad.id),
              decide(ad.id, { action: 'approve' }),
            ]);
            return { ad: await db.ad.findUniqueOrThrow({ where: { id: ad.id }, include: { events: true } }), withdrawal, decision };
          }),
        );
        for (const { ad, withdrawal, decision } of results) {
          const withdrew = withdrawal.status === 'fulfilled' && withdrawal.value.kind === 'withdrawn';
          const approved = decision.status === 'fulfilled';
          assert.notEqual(withdrew, approved, `exactly one wins for ${ad.code}`);
          assert.equal(ad.status, withdrew ? 'withdrawn' : 'approved');
          assert.equal(ad.events.filter((e) => e.type === 'withdrawn' || e.type === 'approved').length, 1);
        }
      });

      it('en: /start resubmit_<uuid> prefills the rejected ad, and confirming replaces it', async () => {
        const user = harness.user({ firstName: 'Fixer' });
        const [rejected] = await userWithAds(user, 'en', ['Room for rent']);
        await decide(rejected?.id ?? '', { action: 'reject', reason: 'Say where and the price' });
        await harness.runtime.database.db.adPhoto.create({ data: { adId: rejected?.id ?? '', position: 0, fileId: 'old-photo-file-id' } });

        user.send(`/start resubmit_${rejected?.id}`);
        const prompt = await expectReply(user, seen('en', 'resubmit-start', { code: rejected?.code ?? '' }));
        assert.ok(prompt.text?.includes('Room for rent'), 'the old text is quoted');
        user.send('Room for rent near the station, 300 EUR a month');
        await expectReply(user, seen('en', 'photo-current'));
        user.press(label('en', 'btn-keep-photo'));
        const preview = await expectReply(user, 'Room for rent near the station');
        assert.ok(preview.text?.includes(seen('en', 'preview-resubmit', { code: rejected?.code ?? '' })));
        assert.ok(preview.text?.includes('Category: Rent'));
        user.press(label('en', 'btn-confirm'));
        const ack = await expectReply(user, 'Tracking code');

        const db = harness.runtime.database.db;
        const old = await db.ad.findUniqueOrThrow({ where: { id: rejected?.id ?? '' } });
        assert.equal(old.status, 'resubmitted');
        const fresh = await db.ad.findFirstOrThrow({ where: { resubmittedFromId: old.id }, include: { photos: true, category: true } });
        assert.equal(fresh.status, 'pending_ai');
        assert.equal(fresh.content, 'Room for rent near the station, 300 EUR a month');
        assert.equal(fresh.category?.slug, 'rent');
        assert.deepEqual(fresh.photos.map((p) => p.fileId), ['old-photo-file-id']);
        assert.ok(ack.text?.includes(fresh.code));

        user.send(`/start resubmit_${rejected?.id}`);
        await expectReply(user, seen('en', 'resubmit-not-allowed', { code: rejected?.code ?? '', status: label('en', 'status-resubmitted') }));
      });

      it('en: the deep link is refused for another user’s ad, a pending or approved ad, and a malformed id', async () => {
        const owner = harness.user({ firstName: 'Owner' });
        const other = harness.user({ firstName: 'Other' });
        const [rejected, pending, approved] = await userWithAds(owner, 'en', ['Rejected one', 'Pending one', 'Approved one']);
        await decide(rejected?.id ?? '', { action: 'reject', reason: 'no' });
        await decide(approved?.id ?? '', { action: 'approve' });
        await chooseLanguage(other, 'en');

        other.send(`/start resubmit_${rejected?.id}`);
        await expectReply(other, seen('en', 'ad-not-found'));
        owner.send(`/start resubmit_${pending?.id}`);
        await expectReply(owner, seen('en', 'resubmit-not-allowed', { code: pending?.code ?? '', status: label('en', 'status-pending_ai') }));
        owner.send(`/start resubmit_${approved?.id}`);
        await expectReply(owner, seen('en', 'resubmit-not-allowed', { code: approved?.code ?? '', status: label('en', 'status-approved') }));
        owner.send('/start resubmit_not-a-uuid');
        await expectReply(owner, seen('en', 'resubmit-invalid-link'));
        const db = harness.runtime.database.db;
        assert.equal((await db.ad.findUniqueOrThrow({ where: { id: rejected?.id ?? '' } })).status, 'rejected');
        assert.equal(await db.ad.count({ where: { telegramUser: { telegramId: String(other.id) } } }), 0);
      });

      it('fa: a needs-revision ad offers Edit & Resubmit in its detail view', async () => {
        const user = harness.user({ firstName: 'نیما' });
        const [ad] = await userWithAds(user, 'fa', ['فروش لپ‌تاپ']);
        await decide(ad?.id ?? '', { action: 'revision', note: 'قیمت؟' });
        user.send('/myads');
        const list = await expectReply(user, seen('fa', 'myads-title', { page: 1, pages: 1 }));
        const open = user.press(`1. ${ad?.code} · فروش لپ‌تاپ`);
        const detail = await messageAfter(user, open.updateId, list.message_id);
        assert.ok(detail.text?.includes(seen('fa', 'myads-note', { note: 'قیمت؟' })));
        user.press(label('fa', 'btn-resubmit'), { message: detail });
        const prompt = await expectReply(user, seen('fa', 'resubmit-start', { code: ad?.code ?? '' }));
        assert.ok(prompt.text?.includes('فروش لپ‌تاپ'));
        user.press(label('fa', 'btn-keep-text'));
        await expectReply(user, seen('fa', 'photo-prompt'));
      });
    });
  }
});
