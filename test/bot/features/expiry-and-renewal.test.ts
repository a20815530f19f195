import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { startTestWebServer, type TestServer } from '../../helpers/test-runtime.ts';
import { submitAd } from '../../../src/shared/domain/ads/submit-ad.ts';
import { decideAd } from '../../../src/shared/domain/ads/decide-ad.ts';
import { CLI_ACTOR } from '../../../src/shared/domain/audit/record-audit.ts';
import { createPartnerClient } from '../../../src/shared/domain/partners/partner-clients.ts';
import { createJobHandlers } from '../../../src/bot/jobs/job-handlers.ts';
import { DELIVER_JOB } from '../../../src/shared/domain/ads/delivery-channels.ts';
import { EXPIRY_NOTICE_JOB, EXPIRY_SWEEP_JOB } from '../../../src/shared/domain/expiry/expiry-job-kinds.ts';
import { runExpirySweep } from '../../../src/shared/domain/expiry/expiry-sweep.ts';
import { enqueueExpirySweep } from '../../../src/shared/domain/expiry/expiry-schedule.ts';
import { DAY_MS, formatUserDate } from '../../../src/shared/domain/expiry/expiry-dates.ts';
import { renewAd } from '../../../src/shared/domain/expiry/renew-ad.ts';
import { renewCallbackData } from '../../../src/shared/domain/expiry/renew-callback.ts';
import type { Ad } from '../../../src/shared/db/prisma-types.ts';
import type { Runtime } from '../../../src/shared/runtime/create-runtime.ts';
import { inlineButtons } from '../../stand-ins/telegram/reply-markup.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import type { TgMessage } from '../../stand-ins/telegram/types.ts';
import type { ChatHandle } from '../../stand-ins/telegram/chat-handle.ts';
import { startBotHarness, type BotHarness } from './bot-harness.ts';
import { chooseLanguage, label, seen } from './flow-helpers.ts';

const WAIT_MS = 20_000;

/** Runs every runnable job of these kinds with the bot process's handlers; returns how many ran and what failed. */
async function drainJobs(runtime: Runtime, kinds: readonly string[]): Promise<{ ran: number; failures: unknown[] }> {
  const handlers = createJobHandlers(runtime);
  const failures: unknown[] = [];
  let ran = 0;
  for (;;) {
    const job = await runtime.jobs.claim({ workerId: 'test', leaseMs: 60_000, kinds });
    if (!job) return { ran, failures };
    ran++;
    try {
      await handlers[job.kind]?.({ job, signal: new AbortController().signal });
      await runtime.jobs.complete(job);
    } catch (error) {
      failures.push(error);
      await runtime.jobs.fail(job, String(error));
    }
  }
}

function noticeText(language: 'fa' | 'en', ad: Ad, expiresAt: Date): string {
  return seen(language, 'expiry-notice', { code: ad.code, date: formatUserDate(language, expiresAt), preview: ad.content, days: 30 });
}

const isNotice = (language: 'fa' | 'en') => (m: TgMessage) => (m.text ?? '').startsWith(seen(language, 'expiry-notice', { code: 'X', date: 'X', preview: 'X', days: 30 }).split('X')[0] ?? '');

// Providers run side by side (each has its own database, stand-in, bot and web server).
describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`expiry notices, expiry and renewal on ${provider}`, { concurrency: false }, () => {
      let harness: BotHarness;
      let web: TestServer;
      let partnerKey = '';
      let channel: ChatHandle;
      let staffId = '';

      before(async () => {
        harness = await startBotHarness(provider);
        web = await startTestWebServer(harness.runtime);
        const db = harness.runtime.database.db;
        partnerKey = (await createPartnerClient(db, { name: 'Reader' }, { type: 'system' })).key;
        staffId = String((await db.staffUser.create({ data: { email: 'mod@example.test', passwordHash: 'x' } })).id);
        channel = harness.tg.createChannel({ title: 'Agahi channel', username: 'agahi_expiry_test', admins: [harness.standIn] });
        await harness.runtime.settings.set({ 'telegram.channelId': String(channel.id), 'telegram.channelHandle': '@agahi_expiry_test', 'site.publicBaseUrl': web.url }, CLI_ACTOR);
      });
      after(async () => {
        assert.deepEqual(harness.errors, []);
        await web.close();
        await harness.close();
      });

      const db = () => harness.runtime.database.db;
      const sweep = (now: Date) => runExpirySweep({ db: db(), jobs: harness.runtime.jobs, now: () => now });

      /** A user (language chosen, phone shared) with one ad submitted through the bot and approved, its deliveries run. */
      async function approvedAd(user: SimulatedUser, language: 'fa' | 'en', content: string, categorySlug = 'services'): Promise<Ad> {
        await chooseLanguage(user, language);
        const row = await db().telegramUser.update({
          where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } },
          data: { phone: `+${user.phone}`, phoneVerifiedAt: new Date() },
        });
        const category = await db().category.findUniqueOrThrow({ where: { slug: categorySlug } });
        const { ad } = await submitAd(
          { db: db(), jobs: harness.runtime.jobs },
          { source: 'bot', content, language, categoryId: category.id, contactPhone: row.phone, botId: harness.botRow.id, telegramUserId: row.id },
        );
        const { database, jobs, settings } = harness.runtime;
        await decideAd({ db: database.db, jobs, settings }, ad.id, { action: 'approve' }, { type: 'staff', id: staffId });
        const deliveries = await drainJobs(harness.runtime, [DELIVER_JOB]);
        assert.deepEqual(deliveries.failures, []);
        return db().ad.findUniqueOrThrow({ where: { id: ad.id } });
      }

      async function partnerGet(path: string): Promise<{ status: number; body: { items: Array<Record<string, unknown>> } }> {
        const response = await fetch(`${web.url}${path}`, { headers: { 'x-api-key': partnerKey } });
        return { status: response.status, body: (await response.json()) as { items: Array<Record<string, unknown>> } };
      }
      const listed = async (adId: string) => (await partnerGet('/api/v1/ads?limit=100')).body.items.some((item) => item.uuid === adId);
      const countIn = async (slug: string) => (await partnerGet('/api/v1/categories')).body.items.find((c) => c.slug === slug)?.approvedCount;
      /** Sweeps see every ad of the database (earlier tests' too): assertions are about one ad. */
      const noticeJobsOf = (adId: string) => db().job.count({ where: { kind: EXPIRY_NOTICE_JOB, payload: { contains: adId } } });
      const statusOf = async (adId: string) => (await db().ad.findUniqueOrThrow({ where: { id: adId } })).status;

      function noticesIn(user: SimulatedUser, language: 'fa' | 'en'): TgMessage[] {
        return user.messages().filter(isNotice(language));
      }

      it('fa: one notice a day before expiry, with a Renew button, however many sweeps run (also at once)', async () => {
        const user = harness.user({ firstName: 'سارا' });
        const ad = await approvedAd(user, 'fa', 'تدریس خصوصی ریاضی، دبیرستان');
        const expiresAt = ad.expiresAt ?? assert.fail('an approved ad has an expiry');
        assert.equal(expiresAt.getTime() - (ad.approvedAt?.getTime() ?? 0), 30 * DAY_MS, 'ads.lifetimeDays (30) from approval');

        await sweep(new Date(expiresAt.getTime() - DAY_MS - 60_000));
        assert.equal(await noticeJobsOf(ad.id), 0, 'not yet: more than a day left');
        const dayBefore = new Date(expiresAt.getTime() - DAY_MS + 60_000);
        const results = await Promise.all([sweep(dayBefore), sweep(dayBefore), sweep(dayBefore)]);
        assert.ok(results.some((r) => r.noticed > 0));
        await sweep(new Date(dayBefore.getTime() + 3_600_000));
        assert.equal(await noticeJobsOf(ad.id), 1, 'concurrent and later sweeps: exactly one notice job');
        assert.ok((await db().ad.findUniqueOrThrow({ where: { id: ad.id } })).expiryNoticeAt);

        assert.deepEqual((await drainJobs(harness.runtime, [EXPIRY_NOTICE_JOB])).failures, []);
        const notice = await user.waitForMessage(isNotice('fa'), WAIT_MS);
        assert.equal(notice.text, noticeText('fa', ad, expiresAt));
        const [button] = inlineButtons(notice.reply_markup);
        assert.equal(button?.text, label('fa', 'btn-renew'));
        assert.equal(button?.callback_data, `rn:${ad.id}`);
        assert.ok(Buffer.byteLength(button?.callback_data ?? '') <= 64);

        // The job again (a retry after a crash mid-send) and more sweeps: still one message.
        await db().job.updateMany({ where: { kind: EXPIRY_NOTICE_JOB, payload: { contains: ad.id } }, data: { status: 'queued' } });
        assert.equal((await drainJobs(harness.runtime, [EXPIRY_NOTICE_JOB])).ran, 1);
        await sweep(new Date(dayBefore.getTime() + 7_200_000));
        await drainJobs(harness.runtime, [EXPIRY_NOTICE_JOB]);
        assert.equal(noticesIn(user, 'fa').length, 1);
        assert.equal(await db().adEvent.count({ where: { adId: ad.id, type: 'expiry_notice' } }), 1);
      });

      it('the bot process asks for one sweep per period whoever asks; the sweep job does the work', async () => {
        const deps = { db: db(), jobs: harness.runtime.jobs, now: () => new Date('2030-01-01T10:02:00Z') };
        const asked = await Promise.all([enqueueExpirySweep(deps), enqueueExpirySweep(deps), enqueueExpirySweep({ ...deps, now: () => new Date('2030-01-01T10:04:59Z') })]);
        assert.equal(asked.filter(Boolean).length, 1);
        assert.equal(await enqueueExpirySweep({ ...deps, now: () => new Date('2030-01-01T10:05:00Z') }), true, 'the next period');
        assert.equal(await db().job.count({ where: { kind: EXPIRY_SWEEP_JOB, dedupeKey: { startsWith: 'expiry_sweep:' } } }), 2);
        const run = await drainJobs(harness.runtime, [EXPIRY_SWEEP_JOB]);
        assert.deepEqual(run, { ran: 2, failures: [] });
      });

      it('en: Renew extends the ad by the lifetime from now, and the next notice comes before the new expiry', async () => {
        const user = harness.user({ firstName: 'Nora' });
        let ad = await approvedAd(user, 'en', 'Piano lessons at your home');
        // Its expiry is tomorrow (real time: the bot renews with the real clock).
        const soon = new Date(Date.now() + 20 * 3_600_000);
        await db().ad.update({ where: { id: ad.id }, data: { expiresAt: soon } });
        await sweep(new Date());
        assert.equal(await noticeJobsOf(ad.id), 1);
        await drainJobs(harness.runtime, [EXPIRY_NOTICE_JOB]);
        const notice = await user.waitForMessage(isNotice('en'), WAIT_MS);
        ad = await db().ad.findUniqueOrThrow({ where: { id: ad.id } });
        assert.equal(notice.text, noticeText('en', ad, soon));

        const before = Date.now();
        const press = user.press(label('en', 'btn-renew'), { message: notice });
        await harness.waitHandled(press.updateId, WAIT_MS);
        const answer = await user.waitForCallbackAnswer(press.id, WAIT_MS);
        assert.equal(answer.text, label('en', 'renew-toast-done'));
        const renewed = await db().ad.findUniqueOrThrow({ where: { id: ad.id }, include: { events: true } });
        const newExpiry = renewed.expiresAt ?? assert.fail('expiry kept');
        assert.ok(newExpiry.getTime() >= before + 30 * DAY_MS && newExpiry.getTime() <= Date.now() + 30 * DAY_MS, 'a full lifetime from the renewal');
        assert.equal(renewed.status, 'approved');
        assert.equal(renewed.renewCount, 1);
        assert.ok(renewed.renewedAt);
        assert.equal(renewed.expiryNoticeAt, null, 'cleared for the next notice');
        assert.ok(renewed.events.some((e) => e.type === 'renewed' && e.fromStatus === 'approved' && e.toStatus === 'approved' && e.actorType === 'telegram'));
        // The notice was replaced by the outcome, without its button.
        const edited = user.messages().find((m) => m.message_id === notice.message_id);
        assert.equal(edited?.text, seen('en', 'renew-done', { code: ad.code, date: formatUserDate('en', newExpiry) }));
        assert.deepEqual(inlineButtons(edited?.reply_markup), []);

        // Nothing until a day before the new expiry, then exactly one new notice.
        await sweep(new Date(Date.now() + 2 * DAY_MS));
        assert.equal(await noticeJobsOf(ad.id), 1);
        await sweep(new Date(newExpiry.getTime() - DAY_MS + 60_000));
        assert.equal(await noticeJobsOf(ad.id), 2);
        await drainJobs(harness.runtime, [EXPIRY_NOTICE_JOB]);
        const second = await user.waitForMessage(isNotice('en'), WAIT_MS);
        assert.equal(second.text, noticeText('en', renewed, newExpiry));
        assert.equal(noticesIn(user, 'en').length, 1, 'the first notice became the renewal message; one notice now');
      });

      it('at expiry the ad becomes expired (once, even with sweeps at once) and leaves GET /api/v1/ads and the category counts', async () => {
        const user = harness.user({ firstName: 'Ali' });
        // Its own category, so that its count is not moved by other tests' ads expiring in the same sweeps.
        const ad = await approvedAd(user, 'en', 'Bicycle repair, any model', 'events');
        const expiresAt = ad.expiresAt ?? assert.fail('expiry');
        assert.equal(await listed(ad.id), true);
        assert.equal(await countIn('events'), 1);

        await sweep(new Date(expiresAt.getTime() - 1_000));
        assert.equal(await statusOf(ad.id), 'approved', 'not before its time');
        const atExpiry = new Date(expiresAt.getTime() + 60_000);
        const results = await Promise.all([sweep(atExpiry), sweep(atExpiry)]);
        assert.ok(results.some((r) => r.expired > 0));
        const expired = await db().ad.findUniqueOrThrow({ where: { id: ad.id }, include: { events: true } });
        assert.equal(expired.status, 'expired');
        assert.deepEqual(
          expired.events.filter((e) => e.type === 'expired').map((e) => [e.fromStatus, e.toStatus, e.actorType]),
          [['approved', 'expired', 'system']],
        );
        // The partner API runs on the real clock (the ad's expiresAt is still weeks away there): the status hides it.
        assert.equal(await listed(ad.id), false);
        assert.equal(await countIn('events'), 0);
        const status = await partnerGet(`/api/v1/ads?limit=1`);
        assert.equal(status.status, 200);

        // And an approved ad past its expiry that no sweep has touched yet is hidden as well.
        const other = await approvedAd(harness.user({ firstName: 'Bo' }), 'en', 'Guitar lessons');
        assert.equal(await listed(other.id), true);
        await db().ad.update({ where: { id: other.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
        assert.equal(await listed(other.id), false);
      });

      it('fa: an expired ad renewed within the grace period is listed again, with no second channel post', async () => {
        const user = harness.user({ firstName: 'نیما' });
        const ad = await approvedAd(user, 'fa', 'فروش دوچرخهٔ کوهستان');
        const channelPosts = channel.posts().length;
        assert.ok(channelPosts >= 1);
        const deliveriesBefore = await db().delivery.findMany({ where: { adId: ad.id }, orderBy: { channel: 'asc' } });
        assert.equal(deliveriesBefore.find((d) => d.channel === 'telegram_channel')?.status, 'success');
        const deliverJobs = await db().job.count({ where: { kind: DELIVER_JOB } });

        const expiredOn = new Date(Date.now() - 2 * DAY_MS);
        await db().ad.update({ where: { id: ad.id }, data: { expiresAt: expiredOn } });
        await sweep(new Date());
        assert.equal(await statusOf(ad.id), 'expired');
        assert.equal(await listed(ad.id), false);

        user.send('/myads');
        const list = await user.waitForMessage((m) => (m.text ?? '').startsWith(seen('fa', 'myads-title', { page: 1, pages: 1 })), WAIT_MS);
        const open = user.press(`1. ${ad.code} · فروش دوچرخهٔ کوهستان`, { message: list });
        await harness.waitHandled(open.updateId, WAIT_MS);
        const detail = user.messages().find((m) => m.message_id === list.message_id) ?? assert.fail('the list message');
        const until = new Date(expiredOn.getTime() + 7 * DAY_MS);
        assert.ok(detail.text?.includes(seen('fa', 'myads-expired-renewable', { date: formatUserDate('fa', expiredOn), until: formatUserDate('fa', until) })), detail.text);
        const press = user.press(label('fa', 'btn-renew'), { message: detail });
        await harness.waitHandled(press.updateId, WAIT_MS);
        const revived = await db().ad.findUniqueOrThrow({ where: { id: ad.id }, include: { events: true } });
        assert.equal(revived.status, 'approved');
        assert.ok(revived.events.some((e) => e.type === 'renewed' && e.fromStatus === 'expired' && e.toStatus === 'approved'));
        const redrawn = user.messages().find((m) => m.message_id === list.message_id)?.text ?? '';
        assert.ok(redrawn.startsWith(seen('fa', 'renew-revived', { code: ad.code, date: formatUserDate('fa', revived.expiresAt ?? new Date()) })), redrawn);
        assert.ok(redrawn.includes(seen('fa', 'myads-expires', { date: formatUserDate('fa', revived.expiresAt ?? new Date()) })));

        assert.equal(await listed(ad.id), true, 'back in the partner list');
        await drainJobs(harness.runtime, [DELIVER_JOB]);
        assert.equal(channel.posts().length, channelPosts, 'no second channel post');
        assert.equal(await db().job.count({ where: { kind: DELIVER_JOB } }), deliverJobs, 'no delivery was queued');
        assert.deepEqual(await db().delivery.findMany({ where: { adId: ad.id }, orderBy: { channel: 'asc' } }), deliveriesBefore);
      });

      it('en: past the grace period there is no Renew button, and an old Renew button says it is too late', async () => {
        const user = harness.user({ firstName: 'Late' });
        const ad = await approvedAd(user, 'en', 'Old sofa, free');
        const expiredOn = new Date(Date.now() - 8 * DAY_MS);
        await db().ad.update({ where: { id: ad.id }, data: { expiresAt: expiredOn } });
        await sweep(new Date());
        user.send('/myads');
        const list = await user.waitForMessage((m) => (m.text ?? '').startsWith(seen('en', 'myads-title', { page: 1, pages: 1 })), WAIT_MS);
        const open = user.press(`1. ${ad.code} · Old sofa, free`, { message: list });
        await harness.waitHandled(open.updateId, WAIT_MS);
        const detail = user.messages().find((m) => m.message_id === list.message_id) ?? assert.fail('the list message');
        assert.ok(detail.text?.includes(seen('en', 'myads-expired-final', { date: formatUserDate('en', expiredOn) })));
        assert.ok(!inlineButtons(detail.reply_markup).some((b) => b.text === label('en', 'btn-renew')));

        const old = await harness.bot.api.sendMessage(user.id, 'old notice', { reply_markup: { inline_keyboard: [[{ text: 'Renew', callback_data: renewCallbackData(ad.id) }]] } });
        const press = user.press('Renew', { message: old.message_id });
        await harness.waitHandled(press.updateId, WAIT_MS);
        const edited = user.messages().find((m) => m.message_id === old.message_id);
        assert.equal(edited?.text, seen('en', 'renew-grace-over', { code: ad.code, date: formatUserDate('en', expiredOn) }));
        const after = await db().ad.findUniqueOrThrow({ where: { id: ad.id } });
        assert.equal(after.status, 'expired');
        assert.equal(after.renewCount, 0);
      });

      it('a stranger’s Renew, a stale button, a double press and a non-approved ad change nothing harmful', async () => {
        const owner = harness.user({ firstName: 'Owner' });
        const stranger = harness.user({ firstName: 'Stranger' });
        const ad = await approvedAd(owner, 'en', 'Room for rent');
        await chooseLanguage(stranger, 'en');
        const before = await db().ad.findUniqueOrThrow({ where: { id: ad.id } });

        // A forged (or forwarded) button in the stranger's chat.
        const forged = await harness.bot.api.sendMessage(stranger.id, 'renew?', { reply_markup: { inline_keyboard: [[{ text: 'Renew', callback_data: renewCallbackData(ad.id) }]] } });
        const press = stranger.press('Renew', { message: forged.message_id });
        const answer = await stranger.waitForCallbackAnswer(press.id, WAIT_MS);
        assert.equal(answer.show_alert, true);
        assert.equal(answer.text, label('en', 'ad-not-found').replace(/^⚠️\s*/, ''));
        assert.deepEqual(await db().ad.findUniqueOrThrow({ where: { id: ad.id } }), before);

        // Just approved: renewing would add almost nothing, so nothing changes (also for a double press).
        const owned = await harness.bot.api.sendMessage(owner.id, 'renew?', { reply_markup: { inline_keyboard: [[{ text: 'Renew', callback_data: renewCallbackData(ad.id) }]] } });
        const own = owner.press('Renew', { message: owned.message_id });
        await harness.waitHandled(own.updateId, WAIT_MS);
        assert.equal(owner.messages().find((m) => m.message_id === owned.message_id)?.text, seen('en', 'renew-already', { code: ad.code, date: formatUserDate('en', before.expiresAt ?? new Date()) }));
        assert.equal((await db().ad.findUniqueOrThrow({ where: { id: ad.id } })).renewCount, 0);

        // Two presses at the same moment on an ad about to expire: one renewal.
        await db().ad.update({ where: { id: ad.id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });
        const row = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(owner.id) } } });
        const deps = { db: db(), settings: harness.runtime.settings };
        const outcomes = await Promise.all([renewAd(deps, { adId: ad.id, telegramUserId: row.id }), renewAd(deps, { adId: ad.id, telegramUserId: row.id })]);
        assert.deepEqual(outcomes.map((o) => o.kind).sort(), ['already_renewed', 'renewed']);
        assert.equal((await db().ad.findUniqueOrThrow({ where: { id: ad.id } })).renewCount, 1);
        assert.equal(await db().adEvent.count({ where: { adId: ad.id, type: 'renewed' } }), 1);

        // The limit (ads.maxRenewals), when set.
        await harness.runtime.settings.set({ 'ads.maxRenewals': 1 }, CLI_ACTOR);
        try {
          await db().ad.update({ where: { id: ad.id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });
          const limited = await renewAd(deps, { adId: ad.id, telegramUserId: row.id });
          assert.equal(limited.kind, 'limit_reached');
        } finally {
          await harness.runtime.settings.set({ 'ads.maxRenewals': 0 }, CLI_ACTOR);
        }

        // A rejected ad cannot be renewed; a stranger's id is "not found".
        const category = await db().category.findUniqueOrThrow({ where: { slug: 'services' } });
        const { ad: pending } = await submitAd({ db: db(), jobs: harness.runtime.jobs }, { source: 'bot', content: 'pending one', categoryId: category.id, botId: harness.botRow.id, telegramUserId: row.id });
        await decideAd({ db: db(), jobs: harness.runtime.jobs, settings: harness.runtime.settings }, pending.id, { action: 'reject', reason: 'no' }, { type: 'staff', id: staffId });
        assert.equal((await renewAd(deps, { adId: pending.id, telegramUserId: row.id })).kind, 'not_renewable');
        const strangerRow = await db().telegramUser.findUniqueOrThrow({ where: { botId_telegramId: { botId: harness.botRow.id, telegramId: String(stranger.id) } } });
        assert.equal((await renewAd(deps, { adId: ad.id, telegramUserId: strangerRow.id })).kind, 'not_found');
      });

      it('a user who blocked the bot is marked by the 403 and skipped by later sweeps', async () => {
        const user = harness.user({ firstName: 'Gone' });
        const ad = await approvedAd(user, 'en', 'Moving boxes, free');
        const expiresAt = ad.expiresAt ?? assert.fail('expiry');
        const userWhere = { botId_telegramId: { botId: harness.botRow.id, telegramId: String(user.id) } };
        user.blockBot();
        // The my_chat_member update marks them; clear it to see the 403 path do the same.
        for (let i = 0; i < 400 && !(await db().telegramUser.findUniqueOrThrow({ where: userWhere })).blockedBotAt; i++) await new Promise((r) => setTimeout(r, 50));
        await db().telegramUser.update({ where: userWhere, data: { blockedBotAt: null } });

        await sweep(new Date(expiresAt.getTime() - DAY_MS / 2));
        assert.equal(await noticeJobsOf(ad.id), 1);
        const run = await drainJobs(harness.runtime, [EXPIRY_NOTICE_JOB]);
        assert.deepEqual(run.failures, [], 'a 403 ends the job');
        assert.equal(await db().job.count({ where: { kind: EXPIRY_NOTICE_JOB, payload: { contains: ad.id }, status: 'done' } }), 1);
        assert.ok((await db().telegramUser.findUniqueOrThrow({ where: userWhere })).blockedBotAt, 'marked as having blocked the bot');
        assert.equal(await db().adEvent.count({ where: { adId: ad.id, type: 'expiry_notice' } }), 0, 'nothing was sent');
        assert.equal(noticesIn(user, 'en').length, 0);

        // A new lifetime (as after a renewal): the sweep skips the blocked user.
        const later = new Date(expiresAt.getTime() + 10 * DAY_MS);
        await db().ad.update({ where: { id: ad.id }, data: { expiresAt: later, expiryNoticeAt: null } });
        await sweep(new Date(later.getTime() - DAY_MS / 2));
        assert.equal(await noticeJobsOf(ad.id), 1, 'no second notice job');
        assert.equal((await db().ad.findUniqueOrThrow({ where: { id: ad.id } })).expiryNoticeAt, null);
      });
    });
  }
});
