import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { PanelClient } from './helpers/panel-client.ts';
import { createPendingAd, createStaff, TEST_PASSWORD } from './helpers/panel-fixtures.ts';
import { cannedReasonText } from '../../../src/admin/panel/canned-reasons.ts';

const codesIn = (html: string) => [...html.matchAll(/<a class="mono" href="\/ads\/([0-9a-f-]{36})">/g)].map((m) => m[1]);

for (const provider of testProviders()) {
  describe(`panel review: ads list, ad page, decisions, deliveries (${provider})`, () => {
    let rt: TestRuntime;
    let server: TestServer;
    let admin: PanelClient;
    let moderator: PanelClient;

    before(async () => {
      rt = await createTestRuntime(provider);
      server = await startTestWebServer(rt);
      await createStaff(rt, 'admin@x.test', 'admin', { language: 'en' });
      await createStaff(rt, 'mod@x.test', 'moderator', { language: 'en' });
      await rt.settings.set({ 'webhook.url': 'https://partner.example/hook' }, { type: 'system' });
      admin = new PanelClient(server.url);
      moderator = new PanelClient(server.url);
      await admin.login('admin@x.test', TEST_PASSWORD);
      await moderator.login('mod@x.test', TEST_PASSWORD);
    });
    after(async () => {
      await server?.close();
      await rt?.close();
    });

    it('searches content, phone, email and tracking code; filters by status, category, source, verdict and dates', async () => {
      const partner = await rt.database.db.partnerClient.create({ data: { name: 'Acme', keyPrefix: 'aaaaaaaaaaaa', keyHash: 'x' } });
      const rent = await rt.database.db.category.findUniqueOrThrow({ where: { slug: 'rent' } });
      const a = await createPendingAd(rt, { content: 'Sunny FLAT near the river', contactPhone: '+989121110000', categoryId: rent.id, partnerClientId: partner.id, externalId: 'a' });
      const b = await createPendingAd(rt, { content: 'Bicycle for sale', contactEmail: 'seller@example.org' }, 'pending_ai');
      const c = await createPendingAd(rt, { content: 'Math tutoring 100% guaranteed_results' });
      await rt.database.db.ad.update({ where: { id: c.id }, data: { status: 'rejected', aiVerdict: 'reject', createdAt: new Date('2026-01-10T12:00:00Z') } });
      const find = async (query: string) => codesIn((await moderator.get(`/ads${query}`)).text);
      assert.deepEqual(await find('?q=flat'), [a.id], 'case-insensitive for ASCII');
      assert.deepEqual(await find('?q=1110000'), [a.id], 'phone');
      assert.deepEqual(await find('?q=seller%40example'), [b.id], 'email');
      assert.deepEqual(await find(`?q=${a.code}`), [a.id], 'tracking code');
      assert.deepEqual(await find(`?q=${c.id}`), [c.id], 'full uuid');
      assert.ok((await find('?q=100%25')).includes(c.id), 'a % in the search finds the text (it also acts as a LIKE wildcard)');
      assert.deepEqual(await find('?status=pending_ai'), [b.id]);
      assert.deepEqual(new Set(await find('?status=pending')), new Set([a.id, b.id]));
      assert.deepEqual(await find(`?category=${rent.id}`), [a.id]);
      assert.deepEqual(await find(`?source=partner%3A${partner.id}`), [a.id]);
      assert.deepEqual(await find('?ai=reject'), [c.id]);
      assert.deepEqual(await find('?from=2026-01-09&to=2026-01-11'), [c.id]);
      assert.deepEqual(await find('?to=2026-01-09'), []);
      const bad = await moderator.get('/ads?status=bogus&cursor=garbage');
      assert.equal(bad.status, 200, 'a bad filter or cursor is ignored with a message, not an error page');
      assert.match(bad.text, /were not valid/);
    });

    it('pages with a keyset cursor: every ad once, in order, also when timestamps tie', async () => {
      const tie = new Date('2025-06-01T10:00:00.000Z');
      await rt.database.db.ad.createMany({
        data: Array.from({ length: 120 }, (_, i) => {
          const id = crypto.randomUUID();
          return { id, code: id.slice(0, 8), status: 'pending_manual', source: 'bot', content: `paging ad ${i} zebra`, createdAt: i < 60 ? tie : new Date(tie.getTime() + i * 1000) };
        }),
      });
      for (const sort of ['newest', 'oldest']) {
        const seen: string[] = [];
        let url: string | null = `/ads?q=zebra&sort=${sort}`;
        let pages = 0;
        while (url) {
          const html: string = (await moderator.get(url)).text;
          seen.push(...(codesIn(html) as string[]));
          url = /<a class="button" href="([^"]+)" rel="next">/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;
          pages += 1;
        }
        assert.equal(pages, 3, sort);
        assert.equal(seen.length, 120, sort);
        assert.equal(new Set(seen).size, 120, `${sort}: no ad twice`);
        const created = await rt.database.db.ad.findMany({ where: { id: { in: seen } }, select: { id: true, createdAt: true } });
        const time = new Map(created.map((r) => [r.id, r.createdAt.getTime()]));
        for (let i = 1; i < seen.length; i += 1) {
          const [prev, cur] = [time.get(seen[i - 1] ?? '') ?? 0, time.get(seen[i] ?? '') ?? 0];
          assert.ok(sort === 'newest' ? prev >= cur : prev <= cur, `${sort} order at ${i}`);
        }
      }
    });

    it('exports the filtered view as formula-safe CSV, streamed', async () => {
      await createPendingAd(rt, { content: '=HYPERLINK("http://evil.test","click") csvmark', contactPhone: '+98 912 000' });
      await createPendingAd(rt, { content: 'line one\nline two, "quoted" csvmark' });
      const res = await moderator.get('/ads.csv?q=csvmark');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="ads-\d+\.csv"/);
      assert.ok(res.text.startsWith('uuid,code,status'));
      const raw = Buffer.from(await (await fetch(`${server.url}/ads.csv?q=csvmark`, { headers: { cookie: moderator.cookieHeader() } })).arrayBuffer());
      assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for spreadsheets');
      assert.match(res.text, /,"'=HYPERLINK\(""http:\/\/evil.test"",""click""\) csvmark",/);
      assert.match(res.text, /,'\+98 912 000,/);
      assert.match(res.text, /"line one\nline two, ""quoted"" csvmark"/);
      const lines = res.text.trim().split('\r\n');
      assert.equal(lines.length, 3, 'header + the 2 matching ads');
      const all = await moderator.get('/ads.csv?q=zebra');
      assert.equal(all.text.trim().split('\r\n').length, 121, 'more rows than one page');
    });

    it('approves with edited content; the delivery rows appear (one per channel) with their jobs', async () => {
      const ad = await createPendingAd(rt, { content: 'Original text of the ad' });
      const page = await moderator.get(`/ads/${ad.id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /Original text of the ad/);
      const res = await moderator.postForm(`/ads/${ad.id}/approve`, { content: 'Edited text of the ad\r\nsecond line' });
      assert.equal(res.status, 303);
      const after = await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } });
      assert.equal(after.status, 'approved');
      assert.equal(after.content, 'Edited text of the ad\nsecond line', 'CRLF from the browser is stored as LF');
      assert.equal(after.contentVersion, 2);
      const detail = await moderator.get(`/ads/${ad.id}`);
      assert.match(detail.text, /class="flash ok"/);
      for (const channel of ['telegram_dm', 'telegram_channel', 'instagram_feed', 'instagram_story', 'webhook']) assert.match(detail.text, new RegExp(`data-channel="${channel}"`));
      assert.match(detail.text, /hx-get="\/ads\/[^"]+\/deliveries" hx-trigger="every 5s"/, 'the webhook delivery is pending: the table refreshes itself');
      const partial = await moderator.get(`/ads/${ad.id}/deliveries`);
      assert.doesNotMatch(partial.text, /<html/);
      assert.match(partial.text, /data-channel="webhook"/);
      assert.equal(await rt.database.db.job.count({ where: { kind: 'deliver', payload: { contains: ad.id } } }), 1, 'one job: only the webhook is configured');
      const unchanged = await createPendingAd(rt, { content: 'Keep me as I am' });
      await moderator.postForm(`/ads/${unchanged.id}/approve`, { content: 'Keep me as I am\r\n' });
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: unchanged.id } })).contentVersion, 1, 'unchanged text is not an edit');
      const again = await moderator.postForm(`/ads/${ad.id}/reject`, { reason: 'too late' });
      assert.equal(again.status, 303);
      assert.match((await moderator.get(`/ads/${ad.id}`)).text, /already decided \(Approved\)/);
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } })).status, 'approved');
    });

    it("rejects with a canned reason in the ad's language, or a typed one; asks for a revision with a note", async () => {
      const persian = await createPendingAd(rt, { content: 'آگهی فارسی', language: 'fa' });
      await moderator.postForm(`/ads/${persian.id}/reject`, { canned: 'duplicate', reason: '' });
      const rejected = await rt.database.db.ad.findUniqueOrThrow({ where: { id: persian.id } });
      assert.equal(rejected.status, 'rejected');
      assert.equal(rejected.rejectionReason, cannedReasonText('duplicate', 'fa'), 'an English-speaking moderator, a Persian ad: Persian reason');
      const typed = await createPendingAd(rt, { content: 'some ad', language: 'en' });
      await moderator.postForm(`/ads/${typed.id}/reject`, { canned: 'duplicate', reason: 'Please add a price.' });
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: typed.id } })).rejectionReason, 'Please add a price.');
      const empty = await createPendingAd(rt, { content: 'no reason given' });
      await moderator.postForm(`/ads/${empty.id}/reject`, { reason: '  ' });
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: empty.id } })).status, 'pending_manual');
      await moderator.postForm(`/ads/${empty.id}/revision`, { note: 'Add the neighbourhood' });
      const revised = await rt.database.db.ad.findUniqueOrThrow({ where: { id: empty.id } });
      assert.equal(revised.status, 'needs_revision');
      assert.equal(revised.revisionNote, 'Add the neighbourhood');
      const history = (await moderator.get(`/ads/${empty.id}`)).text;
      assert.match(history, /Revision requested/);
      assert.match(history, /Add the neighbourhood/);
      assert.match(history, /mod/, 'who did it');
      const events = await rt.database.db.auditLog.count({ where: { action: { in: ['ad.reject', 'ad.revision'] } } });
      assert.ok(events >= 3);
    });

    it('bulk approve and reject (skipping ads no longer pending)', async () => {
      const ads = await Promise.all([1, 2, 3].map((i) => createPendingAd(rt, { content: `bulk ${i}`, language: i === 3 ? 'en' : 'fa' })));
      const [one, two, three] = ads.map((a) => a.id) as [string, string, string];
      await moderator.get('/ads');
      const approve = await moderator.postForm('/ads/bulk', { action: 'approve', uuids: [one, two], back: '/ads?status=pending' });
      assert.equal(approve.status, 303);
      assert.equal(approve.headers.get('location'), '/ads?status=pending');
      assert.match((await moderator.get('/ads?status=pending')).text, /2 decided, 0 skipped/);
      const reject = await moderator.postForm('/ads/bulk', { action: 'reject', uuids: [two, three], canned: 'not_an_ad', reason: cannedReasonText('not_an_ad', 'en') });
      assert.equal(reject.status, 303);
      assert.match((await moderator.get('/ads')).text, /1 decided, 1 skipped/);
      const rows = await rt.database.db.ad.findMany({ where: { id: { in: [one, two, three] } }, orderBy: { content: 'asc' } });
      assert.deepEqual(rows.map((r) => r.status), ['approved', 'approved', 'rejected']);
      assert.equal(rows[2]?.rejectionReason, cannedReasonText('not_an_ad', 'en'));
      const noReason = await createPendingAd(rt, { content: 'bulk no reason' });
      await moderator.postForm('/ads/bulk', { action: 'reject', uuids: [noReason.id] });
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: noReason.id } })).status, 'pending_manual');
    });

    it('delivery actions: retry a failed row, post again or mark as posted an uncertain one; each once, audited, admins only', async () => {
      const ad = await createPendingAd(rt, { content: 'delivery actions ad' });
      await admin.postForm(`/ads/${ad.id}/approve`, { content: ad.content });
      const webhook = await rt.database.db.delivery.findUniqueOrThrow({ where: { adId_channel: { adId: ad.id, channel: 'webhook' } } });
      const channel = await rt.database.db.delivery.findUniqueOrThrow({ where: { adId_channel: { adId: ad.id, channel: 'telegram_channel' } } });
      const dm = await rt.database.db.delivery.findUniqueOrThrow({ where: { adId_channel: { adId: ad.id, channel: 'telegram_dm' } } });
      await rt.database.db.delivery.update({ where: { id: webhook.id }, data: { status: 'failed', attempts: 8, lastError: 'HTTP 503' } });
      await rt.database.db.delivery.update({ where: { id: channel.id }, data: { status: 'uncertain', attempts: 1, lastError: 'timed out after sending' } });
      await rt.database.db.delivery.update({ where: { id: dm.id }, data: { status: 'uncertain', attempts: 1 } });
      const page = (await admin.get(`/ads/${ad.id}`)).text;
      assert.match(page, new RegExp(`action="/deliveries/${webhook.id}/retry"`));
      assert.match(page, new RegExp(`action="/deliveries/${channel.id}/post-again"`));
      assert.match(page, new RegExp(`action="/deliveries/${channel.id}/mark-posted"`));
      assert.doesNotMatch((await moderator.get(`/ads/${ad.id}`)).text, /\/retry"/, 'moderators see no delivery buttons');
      const jobsBefore = await rt.database.db.job.count({ where: { kind: 'deliver' } });
      await admin.get(`/ads/${ad.id}`);
      assert.equal((await admin.postForm(`/deliveries/${webhook.id}/retry`, { back: `/ads/${ad.id}` })).headers.get('location'), `/ads/${ad.id}`);
      await admin.postForm(`/deliveries/${webhook.id}/retry`, {});
      await admin.postForm(`/deliveries/${channel.id}/post-again`, {});
      await admin.postForm(`/deliveries/${dm.id}/mark-posted`, { note: 'saw it in the chat' });
      await admin.postForm(`/deliveries/${dm.id}/post-again`, {});
      const rows = await rt.database.db.delivery.findMany({ where: { id: { in: [webhook.id, channel.id, dm.id] } } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      assert.equal(byId.get(webhook.id)?.status, 'pending');
      assert.equal(byId.get(channel.id)?.status, 'pending');
      assert.equal(byId.get(dm.id)?.status, 'success');
      const jobs = await rt.database.db.job.findMany({ where: { kind: 'deliver', id: { gt: 0 } }, orderBy: { id: 'asc' } });
      assert.equal(jobs.length - jobsBefore, 2, 'the second retry and the post again after "posted" did nothing');
      assert.deepEqual(jobs.slice(-2).map((j) => JSON.parse(j.payload) as unknown), [{ adId: ad.id, channel: 'webhook' }, { adId: ad.id, channel: 'telegram_channel' }]);
      const audit = await rt.database.db.auditLog.findMany({ where: { action: { startsWith: 'delivery.' } }, orderBy: { id: 'asc' } });
      assert.deepEqual(audit.map((a) => a.action).slice(-3), ['delivery.retry', 'delivery.post_again', 'delivery.mark_posted']);
      assert.match(audit.at(-1)?.detailsJson ?? '', /saw it in the chat/);
      const history = (await admin.get(`/ads/${ad.id}`)).text;
      assert.match(history, /Marked as posted/);
      const log = await moderator.get('/deliveries?status=pending&channel=webhook');
      assert.equal(log.status, 200);
      assert.match(log.text, new RegExp(ad.code));
    });
  });
}
