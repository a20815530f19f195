import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { loadPulse } from '../../../src/shared/domain/review/pulse.ts';
import { loadDailyActivity } from '../../../src/shared/domain/review/daily-activity.ts';
import { localDayKey } from '../../../src/shared/domain/review/local-day.ts';
import { decideAd } from '../../../src/shared/domain/ads/decide-ad.ts';
import { bearerFetch, PanelClient } from './helpers/panel-client.ts';
import { createPendingAd, createStaff, TEST_PASSWORD, tokenFor } from './helpers/panel-fixtures.ts';

for (const provider of testProviders()) {
  describe(`panel dashboard and pulse (${provider})`, () => {
    let rt: TestRuntime;
    let server: TestServer;
    let token: string;

    before(async () => {
      rt = await createTestRuntime(provider);
      server = await startTestWebServer(rt);
      await createStaff(rt, 'admin@x.test', 'admin', { language: 'en' });
      token = await tokenFor(rt, 'admin@x.test');
    });
    after(async () => {
      await server?.close();
      await rt?.close();
    });

    it('counts the queue, today’s decisions, failed deliveries and bot presence', async () => {
      const db = rt.database.db;
      const deps = { db, jobs: rt.jobs, settings: rt.settings };
      const staff = { type: 'staff' as const, id: '1' };
      const old = await createPendingAd(rt, { content: 'oldest waiting' });
      await db.ad.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 3 * 3_600_000) } });
      await createPendingAd(rt, { content: 'waiting for AI' }, 'pending_ai');
      const toApprove = await createPendingAd(rt, { content: 'approve me' });
      const toReject = await createPendingAd(rt, { content: 'reject me' });
      const toRevise = await createPendingAd(rt, { content: 'revise me' });
      await decideAd(deps, toApprove.id, { action: 'approve' }, staff);
      await decideAd(deps, toReject.id, { action: 'reject', reason: 'no' }, staff);
      await decideAd(deps, toRevise.id, { action: 'revision', note: 'more' }, staff);
      await db.delivery.create({ data: { adId: toApprove.id, channel: 'webhook_x', status: 'failed' } });
      const online = await db.telegramBot.create({ data: { name: 'On', tokenEncrypted: 'x', tokenHash: 'a', heartbeatAt: new Date(Date.now() - 30_000) } });
      const offline = await db.telegramBot.create({ data: { name: 'Off', tokenEncrypted: 'x', tokenHash: 'b', heartbeatAt: new Date(Date.now() - 120_000) } });
      const never = await db.telegramBot.create({ data: { name: 'Never', tokenEncrypted: 'x', tokenHash: 'c' } });

      const pulse = await loadPulse(db);
      assert.equal(pulse.pendingAi, 1);
      assert.equal(pulse.pendingManual, 1);
      assert.equal(pulse.needsRevision, 1);
      assert.equal(pulse.approvedToday, 1);
      assert.equal(pulse.rejectedToday, 1);
      assert.equal(pulse.decidedToday, 3);
      assert.equal(pulse.deliveriesFailed, 1);
      assert.ok(pulse.oldestPendingAt && Date.now() - Date.parse(pulse.oldestPendingAt) >= 3 * 3_600_000 - 1000);
      assert.deepEqual(pulse.botOnline, { [online.id]: true, [offline.id]: false, [never.id]: false });

      const api = await bearerFetch(server.url, 'GET', '/api/staff/pulse', token);
      assert.equal(api.status, 200);
      const body = api.json<Record<string, unknown>>();
      for (const key of ['pendingAi', 'pendingManual', 'approvedToday', 'rejectedToday', 'deliveriesFailed', 'botOnline']) assert.ok(key in body, key);
      assert.equal(body.pendingManual, 1);

      const days = await loadDailyActivity({ db, provider: rt.database.provider });
      assert.equal(days.length, 30);
      const today = days.at(-1);
      assert.equal(today?.day, localDayKey(new Date()));
      const oldIsToday = localDayKey(old.createdAt) === localDayKey(new Date(Date.now() - 3 * 3_600_000));
      assert.deepEqual([today?.submitted, today?.approved, today?.rejected, today?.revision], [oldIsToday ? 5 : 4, 1, 1, 1]);
      assert.equal(days.reduce((n, d) => n + d.submitted, 0), 5);

      const admin = new PanelClient(server.url);
      await admin.login('admin@x.test', TEST_PASSWORD);
      const page = await admin.get('/');
      assert.equal(page.status, 200);
      assert.match(page.text, /<svg class="chart"/);
      assert.match(page.text, /data-pulse="pendingManual">1</);
      assert.match(page.text, /3 h/, 'age of the oldest waiting ad');
      assert.match(page.text, /33\.3%/, 'rejection rate over 30 days');
      assert.match(page.text, /data-bot-online="\d+">online/);
      assert.match(page.text, /<script src="\/static\/pulse\.js/);
    });

    it('the reference checklist: the dashboard open in two tabs while approvals run in a third — every page loads, none waits on another', async () => {
      const tabs = [new PanelClient(server.url), new PanelClient(server.url), new PanelClient(server.url)];
      for (const tab of tabs) await tab.login('admin@x.test', TEST_PASSWORD);
      const [dash1, dash2, approver] = tabs as [PanelClient, PanelClient, PanelClient];
      const ads = await Promise.all(Array.from({ length: 10 }, (_, i) => createPendingAd(rt, { content: `checklist ad ${i}` })));
      await approver.get('/ads');
      const timings: number[] = [];
      const timed = async (work: () => Promise<{ status: number }>, expect: number) => {
        const started = performance.now();
        const res = await work();
        timings.push(performance.now() - started);
        assert.equal(res.status, expect);
      };
      let approving = true;
      const approvals = (async () => {
        for (const ad of ads) await timed(() => approver.postForm(`/ads/${ad.id}/approve`, { content: ad.content }), 303);
        approving = false;
      })();
      const dashboards = [dash1, dash2].map(async (tab) => {
        let loads = 0;
        while (approving || loads < 3) {
          await timed(() => tab.get('/'), 200);
          await timed(() => tab.get('/api/staff/pulse'), 200);
          loads += 1;
        }
        return loads;
      });
      const [loads1, loads2] = await Promise.all([...dashboards, approvals.then(() => 0)]);
      assert.ok((loads1 ?? 0) >= 3 && (loads2 ?? 0) >= 3);
      assert.equal(await rt.database.db.ad.count({ where: { id: { in: ads.map((a) => a.id) }, status: 'approved' } }), 10);
      const slowest = Math.max(...timings);
      assert.ok(slowest < 5_000, `slowest request ${Math.round(slowest)} ms`);
    });

    it('two simultaneous staff list requests both succeed (session and bearer)', async () => {
      const tab = new PanelClient(server.url);
      await tab.login('admin@x.test', TEST_PASSWORD);
      const results = await Promise.all([
        tab.get('/ads'),
        tab.get('/ads?status=approved'),
        bearerFetch(server.url, 'GET', '/api/staff/ads?limit=10', token),
        bearerFetch(server.url, 'GET', '/api/staff/ads?status=approved', token),
      ]);
      assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200]);
    });
  });
}
