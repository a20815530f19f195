import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, startTestWebServer, type TestRuntime, type TestServer } from '../../helpers/test-runtime.ts';
import { bearerFetch, PanelClient, type PanelResponse } from '../panel/helpers/panel-client.ts';
import { createPendingAd, createStaff, TEST_PASSWORD, tokenFor } from '../panel/helpers/panel-fixtures.ts';

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

function assertError(res: PanelResponse, status: number, code: string): ErrorBody['error'] {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = res.json<ErrorBody>();
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  return body.error;
}

for (const provider of testProviders()) {
  describe(`staff JSON API (${provider})`, () => {
    let rt: TestRuntime;
    let server: TestServer;
    let adminToken: string;
    let modToken: string;
    const api = (method: string, path: string, body?: unknown, token = modToken) => bearerFetch(server.url, method, path, token, body);

    before(async () => {
      rt = await createTestRuntime(provider);
      server = await startTestWebServer(rt);
      await createStaff(rt, 'admin@x.test', 'admin');
      await createStaff(rt, 'mod@x.test', 'moderator');
      await createStaff(rt, 'mod2@x.test', 'moderator');
      adminToken = await tokenFor(rt, 'admin@x.test');
      modToken = await tokenFor(rt, 'mod@x.test');
      await rt.settings.set({ 'webhook.url': 'https://partner.example/hook' }, { type: 'system' });
    });
    after(async () => {
      await server?.close();
      await rt?.close();
    });

    it('POST approve → 200 {uuid, status}; the ad has one delivery row per channel; approving again → 409', async () => {
      const ad = await createPendingAd(rt, { content: 'approve through the API' });
      const res = await api('POST', `/api/staff/ads/${ad.id}/approve`, {});
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), { uuid: ad.id, status: 'approved' });
      const detail = await api('GET', `/api/staff/ads/${ad.id}`);
      assert.equal(detail.status, 200);
      const body = detail.json<Record<string, unknown> & { deliveries: Array<Record<string, unknown>> }>();
      for (const key of ['uuid', 'status', 'content', 'category', 'source', 'createdAt', 'decidedAt', 'aiVerdict', 'aiReason', 'deliveries']) assert.ok(key in body, key);
      assert.equal(body.status, 'approved');
      assert.equal(typeof body.decidedAt, 'string');
      assert.deepEqual(body.deliveries.map((d) => d.channel), ['telegram_dm', 'telegram_channel', 'instagram_feed', 'instagram_story', 'webhook']);
      for (const d of body.deliveries) assert.deepEqual(Object.keys(d).sort(), ['attempts', 'channel', 'externalId', 'lastError', 'status']);
      assert.equal(body.deliveries.find((d) => d.channel === 'webhook')?.status, 'pending');
      const again = await api('POST', `/api/staff/ads/${ad.id}/approve`, {});
      assertError(again, 409, 'invalid_transition');
      assertError(await api('POST', `/api/staff/ads/${ad.id}/reject`, { reason: 'late' }), 409, 'invalid_transition');
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } })).status, 'approved');
    });

    it('approve with edited content, reject with a reason, revision with a note', async () => {
      const a = await createPendingAd(rt, { content: 'before edit' });
      assert.equal((await api('POST', `/api/staff/ads/${a.id}/approve`, { content: 'after edit' })).status, 200);
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: a.id } })).content, 'after edit');
      const b = await createPendingAd(rt, { content: 'reject me' }, 'pending_ai');
      const rejected = await api('POST', `/api/staff/ads/${b.id}/reject`, { reason: 'Not allowed here' });
      assert.deepEqual(rejected.json(), { uuid: b.id, status: 'rejected' });
      const c = await createPendingAd(rt, { content: 'revise me' });
      assert.deepEqual((await api('POST', `/api/staff/ads/${c.id}/revision`, { note: 'Add a price' })).json(), { uuid: c.id, status: 'needs_revision' });
      const audit = await rt.database.db.auditLog.findFirstOrThrow({ where: { action: 'ad.revision', targetId: c.id } });
      assert.equal(audit.actorType, 'staff');
      assert.ok(audit.actorId);
    });

    it('validation → 422 with fields; malformed JSON → 400; over 64 KiB → 413; unknown → 404; unknown route → 404 JSON', async () => {
      const ad = await createPendingAd(rt, { content: 'validation target' });
      assert.deepEqual(Object.keys(assertError(await api('POST', `/api/staff/ads/${ad.id}/reject`, {}), 422, 'validation_failed').fields ?? {}), ['reason']);
      assert.ok(assertError(await api('POST', `/api/staff/ads/${ad.id}/reject`, { reason: '   ' }), 422, 'validation_failed').fields?.reason);
      assert.ok(assertError(await api('POST', `/api/staff/ads/${ad.id}/revision`, { note: 42 }), 422, 'validation_failed').fields?.note);
      assert.ok(assertError(await api('POST', `/api/staff/ads/${ad.id}/approve`, { content: '' }), 422, 'validation_failed').fields?.content);
      assert.ok(assertError(await api('POST', '/api/staff/ads/bulk', { action: 'reject', uuids: [ad.id] }), 422, 'validation_failed').fields?.reason);
      assert.ok(assertError(await api('POST', '/api/staff/ads/bulk', { action: 'delete', uuids: [ad.id] }), 422, 'validation_failed').fields?.action);
      assert.ok(assertError(await api('POST', '/api/staff/ads/bulk', { action: 'approve', uuids: Array.from({ length: 101 }, (_, i) => `u${i}`) }), 422, 'validation_failed').fields?.uuids);
      assert.ok(assertError(await api('GET', '/api/staff/ads?limit=500'), 422, 'validation_failed').fields?.limit);
      assert.ok(assertError(await api('GET', '/api/staff/ads?status=nope'), 422, 'validation_failed').fields?.status);
      assert.ok(assertError(await api('GET', '/api/staff/ads?cursor=garbage'), 422, 'validation_failed').fields?.cursor);
      assertError(await api('POST', `/api/staff/ads/${ad.id}/reject`, '{"reason": '), 400, 'invalid_json');
      assertError(await api('POST', `/api/staff/ads/${ad.id}/reject`, JSON.stringify({ reason: 'x'.repeat(70 * 1024) })), 413, 'payload_too_large');
      assertError(await api('POST', '/api/staff/ads/00000000-0000-0000-0000-000000000000/approve', {}), 404, 'not_found');
      assertError(await api('GET', '/api/staff/ads/00000000-0000-0000-0000-000000000000'), 404, 'not_found');
      assertError(await api('GET', '/api/staff/nothing'), 404, 'not_found');
      assert.equal((await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } })).status, 'pending_manual');
    });

    it('GET /api/staff/ads: newest first, status/q/code filters, keyset cursor', async () => {
      const ads = [];
      for (let i = 0; i < 7; i += 1) ads.push(await createPendingAd(rt, { content: `listing kiwi ${i}` }));
      const page1 = await api('GET', '/api/staff/ads?q=kiwi&limit=4');
      assert.equal(page1.status, 200);
      const body1 = page1.json<{ items: Array<{ uuid: string; code: string; status: string }>; nextCursor: string | null }>();
      assert.equal(body1.items.length, 4);
      assert.ok(body1.nextCursor);
      const page2 = (await api('GET', `/api/staff/ads?q=kiwi&limit=4&cursor=${encodeURIComponent(body1.nextCursor ?? '')}`)).json<typeof body1>();
      assert.equal(page2.items.length, 3);
      assert.equal(page2.nextCursor, null);
      assert.deepEqual([...body1.items, ...page2.items].map((i) => i.uuid), ads.map((a) => a.id).reverse());
      const byCode = (await api('GET', `/api/staff/ads?code=${ads[2]?.code}`)).json<typeof body1>();
      assert.deepEqual(byCode.items.map((i) => i.uuid), [ads[2]?.id]);
      const pending = (await api('GET', '/api/staff/ads?status=pending_manual&q=kiwi&limit=100')).json<typeof body1>();
      assert.equal(pending.items.length, 7);
      assert.ok(pending.items.every((i) => i.status === 'pending_manual'));
    });

    it('bulk: {done, skipped}', async () => {
      const [a, b] = await Promise.all([createPendingAd(rt, { content: 'bulk a' }), createPendingAd(rt, { content: 'bulk b' })]);
      await api('POST', `/api/staff/ads/${b.id}/reject`, { reason: 'first' });
      const res = await api('POST', '/api/staff/ads/bulk', { action: 'approve', uuids: [a.id, b.id, 'missing-uuid'] });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json(), { done: [a.id], skipped: [b.id, 'missing-uuid'] });
      const c = await createPendingAd(rt, { content: 'bulk c' });
      assert.deepEqual((await api('POST', '/api/staff/ads/bulk', { action: 'reject', uuids: [c.id], reason: 'spam' })).json(), { done: [c.id], skipped: [] });
    });

    it('race: two staff approve and reject the same ad at once — exactly one wins, the other gets 409', async () => {
      const mod2 = await tokenFor(rt, 'mod2@x.test');
      for (let round = 0; round < 6; round += 1) {
        const ad = await createPendingAd(rt, { content: `race ${round}` });
        const [first, second] = await Promise.all([
          api('POST', `/api/staff/ads/${ad.id}/approve`, {}, modToken),
          api('POST', `/api/staff/ads/${ad.id}/reject`, { reason: 'racing' }, mod2),
        ]);
        const statuses = [first.status, second.status].sort();
        assert.deepEqual(statuses, [200, 409], `round ${round}: ${first.text} / ${second.text}`);
        const winner = first.status === 200 ? 'approved' : 'rejected';
        const row = await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } });
        assert.equal(row.status, winner);
        assert.equal(await rt.database.db.auditLog.count({ where: { targetId: ad.id, action: { in: ['ad.approve', 'ad.reject'] } } }), 1);
        assert.equal(await rt.database.db.adEvent.count({ where: { adId: ad.id, type: { in: ['approved', 'rejected'] } } }), 1);
        const deliveries = await rt.database.db.delivery.count({ where: { adId: ad.id } });
        assert.equal(deliveries, winner === 'approved' ? 5 : 0, 'a lost approval wrote no deliveries');
      }
    });

    it('session + CSRF header works for the panel’s own calls; the session without the header is 403', async () => {
      const tab = new PanelClient(server.url);
      await tab.login('admin@x.test', TEST_PASSWORD);
      const ad = await createPendingAd(rt, { content: 'session call' });
      assertError(await tab.postJson(`/api/staff/ads/${ad.id}/approve`, {}, { csrf: false }), 403, 'forbidden');
      assert.equal((await tab.postJson(`/api/staff/ads/${ad.id}/approve`, {})).status, 200);
      assert.equal((await tab.get('/api/staff/pulse')).status, 200, 'reads need no CSRF token');
    });

    it('admin-only delivery actions: moderator 403, admin 200, wrong state 409', async () => {
      const ad = await createPendingAd(rt, { content: 'delivery api' });
      await api('POST', `/api/staff/ads/${ad.id}/approve`, {});
      const webhook = await rt.database.db.delivery.findUniqueOrThrow({ where: { adId_channel: { adId: ad.id, channel: 'webhook' } } });
      assertError(await api('POST', `/api/staff/deliveries/${webhook.id}/retry`, {}), 403, 'forbidden');
      assertError(await api('POST', `/api/staff/deliveries/${webhook.id}/retry`, {}, adminToken), 409, 'invalid_transition');
      await rt.database.db.delivery.update({ where: { id: webhook.id }, data: { status: 'uncertain' } });
      const marked = await api('POST', `/api/staff/deliveries/${webhook.id}/mark-posted`, { note: 'seen' }, adminToken);
      assert.equal(marked.status, 200);
      assert.equal(marked.json<{ status: string }>().status, 'success');
      assertError(await api('POST', '/api/staff/deliveries/999999/retry', {}, adminToken), 404, 'not_found');
    });
  });
}
