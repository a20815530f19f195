import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { bearerFetch, PanelClient } from '../panel/helpers/panel-client.ts';
import { createPendingAd, createStaff, TEST_PASSWORD, tokenFor } from '../panel/helpers/panel-fixtures.ts';
import { formatLocalDateTime } from '../../../src/shared/domain/publishing/publish-at.ts';

const DAY = 86_400_000;

for (const provider of testProviders()) {
  describe(`staff API and panel: scheduled approval, two-person rule, publishing queue (${provider})`, () => {
    let rt: TestRuntime;
    let server: TestServer;
    const tokens: Record<string, string> = {};
    const api = (who: string, method: string, path: string, body?: unknown) => bearerFetch(server.url, method, path, tokens[who]!, body);

    before(async () => {
      rt = await createTestRuntime(provider);
      server = await startTestWebServer(rt);
      for (const [email, role] of [['admin@x.test', 'admin'], ['sara@x.test', 'moderator'], ['omid@x.test', 'moderator']] as const) {
        const staff = await createStaff(rt, email, role);
        await rt.database.db.staffUser.update({ where: { id: staff.id }, data: { name: email.split('@')[0]!.replace(/^./, (c) => c.toUpperCase()) } });
        tokens[email] = await tokenFor(rt, email);
      }
      await rt.settings.set({ 'webhook.url': 'https://partner.example/hook' }, { type: 'system' });
    });
    after(async () => {
      await server?.close();
      await rt?.close();
    });

    it('approve with publishAt: 200 {uuid, status}; deliveries wait until then; past, >90 days or malformed → 422', async () => {
      const ad = await createPendingAd(rt, { content: 'scheduled through the API' });
      for (const publishAt of [new Date(Date.now() - 60_000).toISOString(), new Date(Date.now() + 91 * DAY).toISOString(), 'tomorrow']) {
        const res = await api('sara@x.test', 'POST', `/api/staff/ads/${ad.id}/approve`, { publishAt });
        assert.equal(res.status, 422, res.text);
        const body = res.json<{ error: { code: string; fields?: Record<string, string> } }>();
        assert.equal(body.error.code, 'validation_failed');
        assert.ok(body.error.fields?.publishAt, res.text);
      }
      const publishAt = new Date(Date.now() + 2 * DAY);
      const res = await api('sara@x.test', 'POST', `/api/staff/ads/${ad.id}/approve`, { publishAt: publishAt.toISOString() });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json(), { uuid: ad.id, status: 'approved' });
      const row = await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id }, include: { deliveries: true } });
      assert.equal(row.publishAt?.getTime(), publishAt.getTime());
      const webhook = row.deliveries.find((d) => d.channel === 'webhook')!;
      assert.equal(webhook.notBefore?.getTime(), publishAt.getTime());
      const job = await rt.database.db.job.findFirstOrThrow({ where: { kind: 'deliver', payload: { contains: ad.id } } });
      assert.equal(job.runAt.getTime(), publishAt.getTime());
    });

    it('two-person rule over the API: 1/2 with names, the same moderator again says so, a second approves; bulk reports votes', async () => {
      await rt.settings.set({ 'review.approvalsRequired': 2 }, { type: 'system' });
      try {
        const ad = await createPendingAd(rt, { content: 'needs two approvals' });
        const first = await api('sara@x.test', 'POST', `/api/staff/ads/${ad.id}/approve`, {});
        assert.equal(first.status, 200);
        assert.deepEqual(first.json(), { uuid: ad.id, status: 'pending_manual', votes: 1, votesRequired: 2, voters: ['Sara'], alreadyVoted: false });
        const again = await api('sara@x.test', 'POST', `/api/staff/ads/${ad.id}/approve`, {});
        assert.deepEqual(again.json(), { uuid: ad.id, status: 'pending_manual', votes: 1, votesRequired: 2, voters: ['Sara'], alreadyVoted: true });
        assert.equal(await rt.database.db.delivery.count({ where: { adId: ad.id } }), 0);

        // The panel shows the votes with the names.
        const panel = new PanelClient(server.url);
        await panel.login('omid@x.test', TEST_PASSWORD);
        const page = await panel.get(`/ads/${ad.id}`);
        assert.equal(page.status, 200);
        assert.match(page.text, /id="approval-votes"[^>]*>[^<]*Sara/);
        assert.match(page.text, /type="datetime-local" id="publishAt" name="publishAt"/);
        // The second moderator approves from the panel form.
        const approved = await panel.postForm(`/ads/${ad.id}/approve`, { content: 'needs two approvals' });
        assert.equal(approved.status, 303);
        assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } })).status, 'approved');
        assert.equal(await rt.database.db.adEvent.count({ where: { adId: ad.id, type: 'approved' } }), 1);

        const [b1, b2] = [await createPendingAd(rt, { content: 'bulk one' }), await createPendingAd(rt, { content: 'bulk two' })];
        const bulk = await api('sara@x.test', 'POST', '/api/staff/ads/bulk', { action: 'approve', uuids: [b1.id, b2.id] });
        assert.deepEqual(bulk.json(), { done: [], skipped: [], voted: [b1.id, b2.id] });
        const bulk2 = await api('omid@x.test', 'POST', '/api/staff/ads/bulk', { action: 'approve', uuids: [b1.id, b2.id] });
        assert.deepEqual(bulk2.json(), { done: [b1.id, b2.id], skipped: [], voted: [] });
      } finally {
        await rt.settings.set({ 'review.approvalsRequired': 1 }, { type: 'system' });
      }
    });

    it('panel: approve for later from the review form; the publishing queue lists it; publish now is for admins', async () => {
      const ad = await createPendingAd(rt, { content: 'scheduled from the panel' });
      const panel = new PanelClient(server.url);
      await panel.login('sara@x.test', TEST_PASSWORD);
      const when = new Date(Date.now() + 3 * DAY);
      when.setSeconds(0, 0);
      const bad = await panel.postForm(`/ads/${ad.id}/approve`, { content: 'scheduled from the panel', publishAt: 'not a time' });
      assert.equal(bad.status, 303);
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } })).status, 'pending_manual');
      const res = await panel.postForm(`/ads/${ad.id}/approve`, { content: 'scheduled from the panel', publishAt: formatLocalDateTime(when) });
      assert.equal(res.status, 303);
      const row = await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } });
      assert.equal(row.status, 'approved');
      assert.equal(row.publishAt?.getTime(), when.getTime());

      const queue = await panel.get('/queue');
      assert.equal(queue.status, 200);
      assert.match(queue.text, new RegExp(`id="queue-scheduled"[\\s\\S]*${ad.code}`));
      assert.doesNotMatch(queue.text, /publish-now/, 'moderators do not get "publish now"');
      const denied = await panel.postForm(`/queue/${ad.id}/publish-now`, {});
      assert.equal(denied.status, 403);

      const admin = new PanelClient(server.url);
      await admin.login('admin@x.test', TEST_PASSWORD);
      assert.match((await admin.get('/queue')).text, new RegExp(`/queue/${ad.id}/publish-now`));
      assert.equal((await admin.postForm(`/queue/${ad.id}/publish-now`, {})).status, 303);
      const webhook = await rt.database.db.delivery.findFirstOrThrow({ where: { adId: ad.id, channel: 'webhook' } });
      assert.ok(webhook.notBefore && webhook.notBefore.getTime() <= Date.now());
    });
  });
}
