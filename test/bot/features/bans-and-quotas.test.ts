import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { startTestWebServer, type TestServer } from '../../helpers/test-runtime.ts';
import { MODERATE_JOB, NOTIFY_MODERATORS_JOB } from '../../../src/shared/domain/ads/job-kinds.ts';
import type { Language } from '../../../src/shared/domain/notifications/languages.ts';
import type { TelegramUser } from '../../../src/shared/db/prisma-types.ts';
import { banSubmitter } from '../../../src/shared/domain/submitters/ban-submitter.ts';
import { loadPulse } from '../../../src/shared/domain/review/pulse.ts';
import { translate } from '../../../src/bot/i18n/bot-i18n.ts';
import { formatMoment } from '../../../src/bot/features/new-ad/submitter-admission.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import { bearerFetch } from '../../admin/panel/helpers/panel-client.ts';
import { createStaff, tokenFor } from '../../admin/panel/helpers/panel-fixtures.ts';
import { runNextJob } from '../jobs/run-job.ts';
import { startBotHarness, type BotHarness } from './bot-harness.ts';
import { chooseLanguage, expectReply, label, seen } from './flow-helpers.ts';

const CATEGORY: Record<Language, string> = { fa: 'فروش', en: 'Sale' };
const HOUR = 3_600_000;

/**
 * Bans, shadow bans and per-user limits through the real bot against the Telegram stand-in.
 * Tests run one after another: they change settings (limits) and read global counts (pulse).
 */
describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`bans and quotas in the bot on ${provider}`, { concurrency: 1 }, () => {
      let harness: BotHarness;
      let server: TestServer;
      let token: string;
      before(async () => {
        harness = await startBotHarness(provider);
        server = await startTestWebServer(harness.runtime);
        await createStaff(harness.runtime, 'mod@bans.test', 'moderator');
        token = await tokenFor(harness.runtime, 'mod@bans.test');
      });
      after(async () => {
        assert.deepEqual(harness.errors, []);
        await server.close();
        await harness.close();
      });

      const db = () => harness.runtime.database.db;
      const api = (method: string, path: string, body?: unknown) => bearerFetch(server.url, method, path, token, body);
      const setLimits = (maxActiveAds: number, maxPerDay: number) =>
        harness.runtime.settings.set({ 'quota.maxActiveAds': maxActiveAds, 'quota.maxPerDay': maxPerDay }, { type: 'system' });

      /** /start → language; then a verified phone, so New ad goes straight to the category. */
      async function readyUser(language: Language, firstName: string): Promise<{ user: SimulatedUser; row: TelegramUser }> {
        const user = harness.user({ firstName, languageCode: language });
        await chooseLanguage(user, language);
        const row = await db().telegramUser.update({
          where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } },
          data: { phone: `+49151${String(user.id).slice(-7).padStart(7, '0')}`, phoneVerifiedAt: new Date() },
        });
        return { user, row };
      }

      /** New ad → category → text → skip photo → the preview. */
      async function toPreview(user: SimulatedUser, language: Language, text: string): Promise<void> {
        user.press(label(language, 'btn-new-ad'));
        await expectReply(user, seen(language, 'category-prompt'));
        user.press(CATEGORY[language]);
        await expectReply(user, seen(language, 'category-chosen', { category: CATEGORY[language] }));
        user.send(text);
        await expectReply(user, seen(language, 'photo-prompt'));
        user.press(label(language, 'btn-skip-photo'));
        await user.waitForMessage((m) => (m.text ?? '').includes(text));
      }

      async function confirmAndReadCode(user: SimulatedUser, language: Language): Promise<string> {
        user.press(label(language, 'btn-confirm'));
        const ack = await user.waitForMessage();
        const code = /([0-9a-f]{8})/.exec(ack.text ?? '')?.[1];
        assert.ok(code, `no tracking code in ${ack.text}`);
        assert.equal(ack.text, seen(language, 'submitted', { code }), 'the very same acknowledgement as anyone gets');
        return code;
      }

      async function seedAds(telegramUserId: number, count: number, data: { status: string; createdAt?: Date; expiresAt?: Date | null }): Promise<void> {
        for (let i = 0; i < count; i += 1) {
          const id = crypto.randomUUID();
          await db().ad.create({
            data: { id, code: id.slice(0, 8), source: 'bot', content: `seeded ${i}`, botId: harness.botRow.id, telegramUserId, ...data },
          });
        }
      }

      it('a shadow-banned user sees the normal acknowledgement, but the ad never reaches review', async () => {
        const group = harness.tg.createGroup({ title: 'Moderators', admins: [harness.standIn] });
        await db().telegramBot.update({ where: { id: harness.botRow.id }, data: { moderatorChatId: String(group.id) } });
        const { user, row } = await readyUser('en', 'Shady');
        await banSubmitter({ db: db(), jobs: harness.runtime.jobs }, { telegramUserId: row.id, kind: 'shadow', reason: 'spam', until: null }, { type: 'system' });
        const before = await loadPulse(db());

        await toPreview(user, 'en', 'Cheap followers, DM me now');
        const code = await confirmAndReadCode(user, 'en');

        const ad = await db().ad.findFirstOrThrow({ where: { code } });
        assert.equal(ad.shadowed, true);
        assert.equal(ad.status, 'pending_ai');
        assert.equal(await db().job.count({ where: { kind: MODERATE_JOB, dedupeKey: `${MODERATE_JOB}:${ad.id}` } }), 0, 'no moderation job');
        assert.equal(await db().job.count({ where: { kind: NOTIFY_MODERATORS_JOB } }), 0, 'no moderators notification');
        // Even a stray notify job posts nothing for a shadowed ad.
        await db().$transaction((tx) => harness.runtime.jobs.enqueue(tx, { kind: NOTIFY_MODERATORS_JOB, payload: { adId: ad.id } }));
        assert.deepEqual(await runNextJob(harness.runtime, NOTIFY_MODERATORS_JOB), { outcome: 'completed' });
        assert.deepEqual(group.posts(), [], 'nothing in the moderators’ chat');

        for (const status of ['pending_ai', 'pending_manual', 'pending']) {
          const list = await api('GET', `/api/staff/ads?status=${status}&limit=100`);
          assert.equal(list.status, 200);
          assert.ok(!list.json<{ items: Array<{ uuid: string }> }>().items.some((i) => i.uuid === ad.id), `not listed as ${status}`);
        }
        const all = await api('GET', `/api/staff/ads?code=${code}`);
        assert.deepEqual(all.json<{ items: unknown[] }>().items, [], 'not found by code in the review lists either');
        const pulse = (await api('GET', '/api/staff/pulse')).json<{ pendingAi: number; pendingManual: number }>();
        assert.equal(pulse.pendingAi, before.pendingAi, 'not counted in the pulse');
        assert.equal(pulse.pendingManual, before.pendingManual);
        const approve = await api('POST', `/api/staff/ads/${ad.id}/approve`, {});
        assert.equal(approve.status, 409, 'a shadowed ad cannot be approved by mistake');
        assert.equal(approve.json<{ error: { code: string } }>().error.code, 'invalid_transition');
        assert.equal((await db().ad.findUniqueOrThrow({ where: { id: ad.id } })).status, 'pending_ai');
        const detail = (await api('GET', `/api/staff/ads/${ad.id}`)).json<{ shadowed: boolean }>();
        assert.equal(detail.shadowed, true, 'staff can still open it');

        user.send('/myads');
        const list = await expectReply(user, seen('en', 'myads-title', { page: 1, pages: 1 }));
        assert.ok(list.text?.includes(code) && list.text.includes(label('en', 'status-pending_ai')), 'my ads shows it as pending');
        await db().telegramBot.update({ where: { id: harness.botRow.id }, data: { moderatorChatId: null } });
      });

      for (const language of ['fa', 'en'] as const) {
        it(`${language}: a banned user is refused in their language, nothing is stored, other commands still work`, async () => {
          const { user, row } = await readyUser(language, language === 'fa' ? 'بهرام' : 'Bob');
          await banSubmitter({ db: db(), jobs: harness.runtime.jobs }, { telegramUserId: row.id, kind: 'ban', reason: 'scam', until: null }, { type: 'system' });

          user.press(label(language, 'btn-new-ad'));
          await expectReply(user, seen(language, 'submit-banned'));
          user.send('/new');
          await expectReply(user, seen(language, 'submit-banned'));
          const convo = await db().conversation.findUnique({ where: { botId_chatId: { botId: harness.botRow.id, chatId: String(user.id) } } });
          assert.equal(convo?.step ?? 'idle', 'idle', 'no draft started');
          assert.equal(await db().ad.count({ where: { telegramUserId: row.id } }), 0, 'nothing stored');

          user.send('/myads');
          await expectReply(user, seen(language, 'myads-empty'));
          user.send('/help');
          await expectReply(user, seen(language, 'help', { max: 500 }).split('\n')[0] ?? '');

          // A temporary ban says until when.
          const until = new Date(Date.now() + 7 * 24 * HOUR);
          await banSubmitter({ db: db(), jobs: harness.runtime.jobs }, { telegramUserId: row.id, kind: 'ban', reason: 'scam', until }, { type: 'system' });
          user.send('/new');
          await expectReply(user, seen(language, 'submit-banned-until', { until: formatMoment(language, until) }));
        });
      }

      it('a ban given while the user is on the preview stops the Confirm; the draft stays, nothing is stored', async () => {
        const { user, row } = await readyUser('en', 'Quick');
        await toPreview(user, 'en', 'Selling my old laptop, 200 EUR');
        await banSubmitter({ db: db(), jobs: harness.runtime.jobs }, { telegramUserId: row.id, kind: 'ban', reason: 'abuse', until: null }, { type: 'system' });
        user.press(label('en', 'btn-confirm'));
        await expectReply(user, seen('en', 'submit-banned'));
        assert.equal(await db().ad.count({ where: { telegramUserId: row.id } }), 0);
      });

      it('a ban whose bannedUntil has passed no longer applies', async () => {
        const { user, row } = await readyUser('fa', 'آزاد');
        await db().telegramUser.update({
          where: { id: row.id },
          data: { banKind: 'ban', banReason: 'old', bannedAt: new Date(Date.now() - 48 * HOUR), bannedUntil: new Date(Date.now() - HOUR) },
        });
        await toPreview(user, 'fa', 'دوچرخهٔ شهری برای فروش، ۸۰ یورو');
        const code = await confirmAndReadCode(user, 'fa');
        const ad = await db().ad.findFirstOrThrow({ where: { code } });
        assert.equal(ad.shadowed, false);
        assert.equal(await db().job.count({ where: { kind: MODERATE_JOB, dedupeKey: `${MODERATE_JOB}:${ad.id}` } }), 1);
      });

      it('quota: active ads at once — refused at New ad and again at Confirm, in the user’s language', async () => {
        await setLimits(2, 0);
        try {
          const { user, row } = await readyUser('fa', 'پرکار');
          await seedAds(row.id, 1, { status: 'pending_manual' });
          await seedAds(row.id, 3, { status: 'approved', expiresAt: new Date(Date.now() - HOUR) }); // expired: not active
          await seedAds(row.id, 2, { status: 'rejected' });
          await toPreview(user, 'fa', 'تدریس خصوصی ریاضی، جلسه‌ای ۲۰ یورو');
          // Meanwhile another ad of theirs becomes active: Confirm re-checks in the transaction.
          await seedAds(row.id, 1, { status: 'approved', expiresAt: new Date(Date.now() + 24 * HOUR) });
          user.press(label('fa', 'btn-confirm'));
          await expectReply(user, seen('fa', 'quota-active', { max: 2 }));
          assert.equal(await db().ad.count({ where: { telegramUserId: row.id, content: { startsWith: 'تدریس' } } }), 0);

          user.send('/cancel');
          await user.waitForMessage();
          user.press(label('fa', 'btn-new-ad'));
          await expectReply(user, seen('fa', 'quota-active', { max: 2 }));
        } finally {
          await setLimits(5, 10);
        }
      });

      it('quota: submissions per rolling 24 hours — refused with roughly when they can submit again', async () => {
        await setLimits(0, 3);
        try {
          const { user, row } = await readyUser('en', 'Busy');
          await seedAds(row.id, 1, { status: 'rejected', createdAt: new Date(Date.now() - 2 * HOUR) });
          await seedAds(row.id, 2, { status: 'withdrawn', createdAt: new Date(Date.now() - HOUR) });
          await seedAds(row.id, 1, { status: 'rejected', createdAt: new Date(Date.now() - 25 * HOUR) }); // outside the window
          user.press(label('en', 'btn-new-ad'));
          // The oldest of the three leaves the window in 22 hours.
          await expectReply(user, seen('en', 'quota-daily', { max: 3, wait: translate('en', 'quota-wait-hours', { hours: 22 }) }));
          assert.equal(await db().ad.count({ where: { telegramUserId: row.id } }), 4);
        } finally {
          await setLimits(5, 10);
        }
      });

      it('quota: a shadow-banned user meets the same limit and the same message', async () => {
        await setLimits(1, 0);
        try {
          const { user, row } = await readyUser('en', 'Sly');
          await banSubmitter({ db: db(), jobs: harness.runtime.jobs }, { telegramUserId: row.id, kind: 'shadow', reason: 'spam', until: null }, { type: 'system' });
          await toPreview(user, 'en', 'Crypto doubling, guaranteed');
          await confirmAndReadCode(user, 'en');
          user.press(label('en', 'btn-new-ad'));
          await expectReply(user, seen('en', 'quota-active', { max: 1 }));
        } finally {
          await setLimits(5, 10);
        }
      });
    });
  }
});
