import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { submitAd } from '../../../src/shared/domain/ads/submit-ad.ts';
import { decideAd, type Decision } from '../../../src/shared/domain/ads/decide-ad.ts';
import { NOTIFY_SUBMITTER_JOB } from '../../../src/shared/domain/ads/job-kinds.ts';
import { JobFailure } from '../../../src/shared/worker/job-handler.ts';
import { inlineButtons } from '../../stand-ins/telegram/reply-markup.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import { waitUntil } from '../../stand-ins/shared/timing.ts';
import { startBotHarness, type BotHarness } from '../features/bot-harness.ts';
import { chooseLanguage, expectReply, label, seen } from '../features/flow-helpers.ts';
import { runNextJob } from './run-job.ts';

// Providers run side by side (each has its own database, stand-in and bot).
describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`notify_submitter job on ${provider}`, { concurrency: false }, () => {
      let harness: BotHarness;
      let staffId = '';
      before(async () => {
        harness = await startBotHarness(provider);
        staffId = String((await harness.runtime.database.db.staffUser.create({ data: { email: 'staff@example.test', passwordHash: 'x' } })).id);
      });
      after(async () => {
        assert.deepEqual(harness.errors, []);
        await harness.close();
      });

      async function submittedAd(user: SimulatedUser, language: 'fa' | 'en', content: string) {
        await chooseLanguage(user, language);
        const db = harness.runtime.database.db;
        const row = await db.telegramUser.update({
          where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } },
          data: { phone: `+${user.phone}`, phoneVerifiedAt: new Date() },
        });
        const category = await db.category.findUniqueOrThrow({ where: { slug: 'services' } });
        const { ad } = await submitAd(
          { db, jobs: harness.runtime.jobs },
          { source: 'bot', content, language, categoryId: category.id, botId: harness.botRow.id, telegramUserId: row.id, contactPhone: row.phone },
        );
        return ad;
      }

      function decide(adId: string, decision: Decision) {
        const { database, jobs, settings } = harness.runtime;
        return decideAd({ db: database.db, jobs, settings }, adId, decision, { type: 'staff', id: staffId });
      }

      it('fa: a rejection DM with the reason and a working Edit & Resubmit deep link', async () => {
        const user = harness.user({ firstName: 'مینا' });
        const ad = await submittedAd(user, 'fa', 'فروش مبل');
        await decide(ad.id, { action: 'reject', reason: 'قیمت <مشخص> نیست & عکس ندارد' });
        assert.deepEqual(await runNextJob(harness.runtime, NOTIFY_SUBMITTER_JOB), { outcome: 'completed' });

        const dm = await user.waitForMessage();
        assert.equal(dm.text, seen('fa', 'decision-rejected', { code: ad.code, reason: 'قیمت <مشخص> نیست & عکس ندارد' }));
        const [button] = inlineButtons(dm.reply_markup);
        assert.equal(button?.text, label('fa', 'btn-edit-resubmit'));
        assert.equal(button?.url, `https://t.me/${harness.standIn.username}?start=resubmit_${ad.id}`);

        // Tapping the link in Telegram sends /start with its payload.
        const payload = new URL(button?.url ?? '').searchParams.get('start');
        user.send(`/start ${payload}`);
        const prompt = await expectReply(user, seen('fa', 'resubmit-start', { code: ad.code }));
        assert.ok(prompt.text?.includes('فروش مبل'));
      });

      it('en: a needs-revision DM with the note; without a bot username the button is callback data that works', async () => {
        const user = harness.user({ firstName: 'Nora' });
        const ad = await submittedAd(user, 'en', 'Piano lessons');
        const db = harness.runtime.database.db;
        await db.telegramBot.update({ where: { id: harness.botRow.id }, data: { username: null } });
        try {
          await decide(ad.id, { action: 'revision', note: 'Please add your area and the price.' });
          assert.deepEqual(await runNextJob(harness.runtime, NOTIFY_SUBMITTER_JOB), { outcome: 'completed' });
        } finally {
          await db.telegramBot.update({ where: { id: harness.botRow.id }, data: { username: harness.standIn.username } });
        }
        const dm = await user.waitForMessage();
        assert.equal(dm.text, seen('en', 'decision-needs_revision', { code: ad.code, note: 'Please add your area and the price.' }));
        const [button] = inlineButtons(dm.reply_markup);
        assert.equal(button?.callback_data, `my:rs:${ad.id}`);
        user.press(label('en', 'btn-edit-resubmit'));
        await expectReply(user, seen('en', 'resubmit-start', { code: ad.code }));
        user.send('Piano lessons for children in Kreuzberg, 25 EUR per hour.');
        await expectReply(user, seen('en', 'photo-prompt'));
        user.press(label('en', 'btn-skip-photo'));
        await expectReply(user, seen('en', 'preview-resubmit', { code: ad.code }));
        user.press(label('en', 'btn-confirm'));
        await expectReply(user, 'Tracking code');
        assert.equal((await db.ad.findUniqueOrThrow({ where: { id: ad.id } })).status, 'resubmitted');
        assert.equal(await db.ad.count({ where: { resubmittedFromId: ad.id, status: 'pending_ai' } }), 1);
      });

      it('a user who blocked the bot: the job completes and the user is marked', async () => {
        const user = harness.user({ firstName: 'Gone' });
        const ad = await submittedAd(user, 'en', 'Old phone for sale');
        const db = harness.runtime.database.db;
        const where = { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } };
        user.blockBot();
        // The my_chat_member update marks the user too; clear it to see the job do it.
        await waitUntil(() => harness.handled.size > 0 && [...harness.handled.values()].some((u) => u.my_chat_member?.from.id === user.id), 5_000);
        await db.telegramUser.update({ where, data: { blockedBotAt: null } });

        await decide(ad.id, { action: 'reject', reason: 'Not allowed' });
        assert.deepEqual(await runNextJob(harness.runtime, NOTIFY_SUBMITTER_JOB), { outcome: 'completed' });
        assert.ok((await db.telegramUser.findUniqueOrThrow({ where })).blockedBotAt, 'blockedBotAt is set');
        const job = await db.job.findFirstOrThrow({ where: { kind: NOTIFY_SUBMITTER_JOB, dedupeKey: `${NOTIFY_SUBMITTER_JOB}:${ad.id}:rejected` } });
        assert.equal(job.status, 'done');
        const calls = harness.tg.calls((c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(user.id));
        assert.equal(calls.at(-1)?.response?.status, 403);
      });

      it('Telegram 429 on the DM: the job is retried after retry_after, not failed', async () => {
        const user = harness.user({ firstName: 'Later' });
        const ad = await submittedAd(user, 'en', 'Desk lamp');
        await decide(ad.id, { action: 'reject', reason: 'Too short' });
        harness.tg.inject({ method: 'sendMessage', bot: harness.standIn, fault: { kind: 'status', status: 429, retryAfter: 60 }, times: 1 });
        const run = await runNextJob(harness.runtime, NOTIFY_SUBMITTER_JOB);
        assert.equal(run.outcome, 'failed');
        const error = run.outcome === 'failed' ? run.error : null;
        assert.ok(error instanceof JobFailure && error.retryable && error.delayMs === 60_000, String(error));
        const job = await harness.runtime.database.db.job.findFirstOrThrow({ where: { dedupeKey: `${NOTIFY_SUBMITTER_JOB}:${ad.id}:rejected` } });
        assert.equal(job.status, 'queued');
        assert.ok(job.runAt.getTime() > Date.now() + 50_000);
      });

      it('an ad from a partner (no Telegram submitter) completes without a message', async () => {
        const db = harness.runtime.database.db;
        const { ad } = await submitAd({ db, jobs: harness.runtime.jobs }, { source: 'partner', content: 'Partner ad' });
        await decide(ad.id, { action: 'reject', reason: 'no' });
        const calls = harness.tg.calls({ method: 'sendMessage' }).length;
        assert.deepEqual(await runNextJob(harness.runtime, NOTIFY_SUBMITTER_JOB), { outcome: 'completed' });
        assert.equal(harness.tg.calls({ method: 'sendMessage' }).length, calls);
      });
    });
  }
});
