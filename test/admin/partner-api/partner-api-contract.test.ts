import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { testProviders } from '../../helpers/databases.ts';
import { revokePartnerClient } from '../../../src/shared/domain/partners/partner-clients.ts';
import { MODERATE_JOB } from '../../../src/shared/domain/ads/job-kinds.ts';
import { errorShapeOf, startPartnerApi, walkPages, type ApiResponse, type Caller, type Partner, type PartnerApiFixture } from './partner-api-fixture.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertError(response: ApiResponse, status: number, code: string): { code: string; message: string; fields?: Record<string, string> } {
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  const error = errorShapeOf(response);
  assert.ok(error, `not the JSON error shape: ${response.contentType} ${JSON.stringify(response.body)}`);
  assert.equal(error.code, code);
  assert.ok(error.message.length > 0);
  assert.doesNotMatch(JSON.stringify(response.body), /at .*\.ts:\d+|Error:|<html/i);
  return error;
}

function fieldsOf(response: ApiResponse): Record<string, string> {
  const error = assertError(response, 422, 'validation_failed');
  assert.ok(error.fields, 'a 422 lists its fields');
  return error.fields;
}

async function submitted(caller: Caller, body: Record<string, unknown>): Promise<string> {
  const response = await caller.submit(body);
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return (response.body as { uuid: string }).uuid;
}

for (const provider of testProviders()) {
  describe(`partner API contract (${provider})`, () => {
    let api: PartnerApiFixture;
    let partner: Partner;
    let other: Partner;
    let me: Caller;

    before(async () => {
      api = await startPartnerApi(provider);
      partner = await api.newPartner({ name: 'Shop', rateLimitPerMin: 10_000 });
      other = await api.newPartner({ name: 'Other', rateLimitPerMin: 10_000 });
      me = api.caller(partner.key);
    });
    after(async () => {
      await api?.close();
    });

    describe('authentication', () => {
      it('refuses a missing key with 401 on every authenticated endpoint', async () => {
        const anonymous = api.caller();
        for (const path of ['/api/v1/list', '/api/v1/ads', '/api/v1/categories', `/api/v1/status/${crypto.randomUUID()}`]) {
          assertError(await anonymous.get(path), 401, 'unauthorized');
        }
        assertError(await anonymous.submit({ content: 'hello' }), 401, 'unauthorized');
      });

      it('refuses malformed and unknown keys, and a known prefix with the wrong secret', async () => {
        const prefix = partner.key.split('_')[1] ?? '';
        for (const key of ['nope', 'pk_zzzzzzzzzzzz_abc', `pk_${'0'.repeat(12)}_${'a'.repeat(32)}`, `pk_${prefix}_${'b'.repeat(32)}`, `${partner.key}x`]) {
          assertError(await api.caller(key).get('/api/v1/list'), 401, 'unauthorized');
        }
      });

      it('refuses a revoked key and an inactive client', async () => {
        const revoked = await api.newPartner();
        const inactive = await api.newPartner();
        assert.equal((await api.caller(revoked.key).get('/api/v1/list')).status, 200);
        await revokePartnerClient(api.runtime.database.db, revoked.id, { type: 'system' });
        assertError(await api.caller(revoked.key).get('/api/v1/list'), 401, 'unauthorized');
        assertError(await api.caller(revoked.key).submit({ content: 'after revocation' }), 401, 'unauthorized');
        await api.runtime.database.db.partnerClient.update({ where: { id: inactive.id }, data: { active: false } });
        assertError(await api.caller(inactive.key).get('/api/v1/categories'), 401, 'unauthorized');
      });

      it('records lastUsedAt on first use and does not rewrite it within a minute', async () => {
        const fresh = await api.newPartner();
        const db = api.runtime.database.db;
        assert.equal((await db.partnerClient.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt, null);
        const caller = api.caller(fresh.key);
        assert.equal((await caller.get('/api/v1/categories')).status, 200);
        const first = (await db.partnerClient.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt;
        assert.ok(first instanceof Date);
        for (let i = 0; i < 3; i += 1) assert.equal((await caller.get('/api/v1/categories')).status, 200);
        const later = (await db.partnerClient.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt;
        assert.equal(later?.getTime(), first.getTime());
      });

      it('serves the OpenAPI document without a key', async () => {
        const response = await api.caller().get('/api/v1/openapi.json');
        assert.equal(response.status, 200);
        assert.equal((response.body as { openapi: string }).openapi, '3.1.0');
      });
    });

    describe('POST /api/v1/submit', () => {
      it('creates a pending ad through the one submission path and answers 201 {uuid, status}', async () => {
        const response = await me.submit({ content: '  Flat for rent near the park  ', category: 'rent', contact: { phone: '۰۹۱۲ ۳۴۵-۶۷۸۹', email: 'a@example.com' } });
        assert.equal(response.status, 201);
        assert.deepEqual(Object.keys(response.body as object).sort(), ['status', 'uuid']);
        const { uuid, status } = response.body as { uuid: string; status: string };
        assert.match(uuid, UUID);
        assert.equal(status, 'pending_ai');
        assert.equal(response.headers.get('location'), `/api/v1/status/${uuid}`);
        const db = api.runtime.database.db;
        const ad = await db.ad.findUniqueOrThrow({ where: { id: uuid }, include: { category: true } });
        assert.equal(ad.source, 'partner');
        assert.equal(ad.partnerClientId, partner.id);
        assert.equal(ad.content, 'Flat for rent near the park');
        assert.equal(ad.category?.slug, 'rent');
        assert.equal(ad.contactPhone, '0912 345-6789');
        assert.equal(ad.contactEmail, 'a@example.com');
        assert.equal(ad.language, 'en');
        assert.equal(ad.externalId, null);
        const job = await db.job.findFirst({ where: { kind: MODERATE_JOB, dedupeKey: `${MODERATE_JOB}:${uuid}` } });
        assert.ok(job, 'the moderation job is enqueued with the ad');
      });

      it('accepts a minimal body, null optionals and Persian text', async () => {
        const uuid = await submitted(me, { content: 'آپارتمان برای اجاره', category: null, contact: null, externalId: null });
        const ad = await api.runtime.database.db.ad.findUniqueOrThrow({ where: { id: uuid } });
        assert.equal(ad.categoryId, null);
        assert.equal(ad.language, 'fa');
      });

      it('is idempotent per key and externalId: 200 with the first ad, nothing created', async () => {
        const db = api.runtime.database.db;
        const first = await me.submit({ content: 'first version', externalId: 'order-1' });
        assert.equal(first.status, 201);
        const again = await me.submit({ content: 'second version', externalId: 'order-1' });
        assert.equal(again.status, 200);
        assert.deepEqual(again.body, first.body);
        assert.equal(await db.ad.count({ where: { partnerClientId: partner.id, externalId: 'order-1' } }), 1);
        const otherKey = await api.caller(other.key).submit({ content: 'same id, other key', externalId: 'order-1' });
        assert.equal(otherKey.status, 201);
        assert.notEqual((otherKey.body as { uuid: string }).uuid, (first.body as { uuid: string }).uuid);
      });

      it('concurrent submissions with one externalId create exactly one ad', async () => {
        const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => me.submit({ content: `race ${i}`, externalId: 'race-1' })));
        assert.deepEqual(responses.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 201]);
        assert.equal(new Set(responses.map((r) => (r.body as { uuid: string }).uuid)).size, 1);
      });

      it('answers 400 invalid_json for malformed JSON', async () => {
        for (const body of ['{', '{"content": "x",}', "{'content': 'x'}", 'nul', '{"content": "x"} trailing']) {
          assertError(await me.request('/api/v1/submit', { method: 'POST', body }), 400, 'invalid_json');
        }
      });

      it('answers 413 payload_too_large over 64 KiB and reads a body of exactly 64 KiB', async () => {
        const over = JSON.stringify({ content: 'x'.repeat(64 * 1024) });
        assertError(await me.request('/api/v1/submit', { method: 'POST', body: over }), 413, 'payload_too_large');
        const padding = 64 * 1024 - JSON.stringify({ content: 'ok', externalId: '' }).length;
        const exact = JSON.stringify({ content: 'ok', externalId: 'e'.repeat(padding) });
        assert.equal(Buffer.byteLength(exact), 64 * 1024);
        // Read and validated (externalId is too long), not refused for its size.
        assert.ok('externalId' in fieldsOf(await me.request('/api/v1/submit', { method: 'POST', body: exact })));
      });

      it('answers 415 for a body that is not declared JSON, and 422 for no body at all', async () => {
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
          assertError(await me.request('/api/v1/submit', { method: 'POST', body: 'content=x', headers: { 'content-type': type } }), 415, 'unsupported_media_type');
        }
        assertError(await me.request('/api/v1/submit', { method: 'POST', body: '{"content":"x"}', headers: { 'content-type': 'application/json; charset=latin1' } }), 415, 'unsupported_media_type');
        assert.deepEqual(fieldsOf(await me.request('/api/v1/submit', { method: 'POST' })), { body: 'must be a JSON object' });
      });

      it('answers 422 validation_failed with a message per field', async () => {
        const cases: Array<[unknown, string[]]> = [
          [{}, ['content']],
          [{ content: '   ' }, ['content']],
          [{ content: 42 }, ['content']],
          [{ content: 'nul \u0000 byte' }, ['content']],
          [{ content: 'bell \u0007' }, ['content']],
          [{ content: 'lone \ud800 surrogate' }, ['content']],
          [{ content: 'x'.repeat(501) }, ['content']],
          [{ content: 'ok', category: 'no-such-category' }, ['category']],
          [{ content: 'ok', category: 'Not A Slug' }, ['category']],
          [{ content: 'ok', category: 7 }, ['category']],
          [{ content: 'ok', contact: { email: 'not-an-email' } }, ['contact.email']],
          [{ content: 'ok', contact: { phone: '12345' } }, ['contact.phone']],
          [{ content: 'ok', contact: { phone: '1'.repeat(21) } }, ['contact.phone']],
          [{ content: 'ok', contact: { phone: '+98 912 abc 4567' } }, ['contact.phone']],
          [{ content: 'ok', contact: { fax: '123' } }, ['contact.fax']],
          [{ content: 'ok', contact: 'a@example.com' }, ['contact']],
          [{ content: 'ok', externalId: 'e'.repeat(201) }, ['externalId']],
          [{ content: 'ok', externalId: '' }, ['externalId']],
          [{ content: 'ok', externalId: 'tab\tinside' }, ['externalId']],
          [{ content: 'ok', extenalId: 'typo' }, ['extenalId']],
          [{ content: '', category: 'nope', contact: { email: 'x', phone: 'y' }, externalId: 5 }, ['category', 'contact.email', 'contact.phone', 'content', 'externalId']],
          [[{ content: 'ok' }], ['body']],
          [null, ['body']],
          [JSON.stringify('a JSON string'), ['body']],
          ['42', ['body']],
        ];
        for (const [body, expected] of cases) {
          const fields = fieldsOf(await me.submit(body));
          assert.deepEqual(Object.keys(fields).sort(), expected, `${JSON.stringify(body).slice(0, 80)} → ${JSON.stringify(fields)}`);
          for (const message of Object.values(fields)) assert.ok(message.length > 0);
        }
        assert.match(fieldsOf(await me.submit({ content: 'nul \u0000' })).content ?? '', /NUL/);
      });

      it('refuses an inactive category and follows the ads.maxLength setting', async () => {
        const db = api.runtime.database.db;
        await db.category.update({ where: { slug: 'events' }, data: { active: false } });
        try {
          assert.ok('category' in fieldsOf(await me.submit({ content: 'ok', category: 'events' })));
        } finally {
          await db.category.update({ where: { slug: 'events' }, data: { active: true } });
        }
        await api.runtime.settings.set({ 'ads.maxLength': 20 }, { type: 'system' });
        try {
          assert.match(fieldsOf(await me.submit({ content: 'x'.repeat(21) })).content ?? '', /20/);
          assert.equal((await me.submit({ content: ` ${'x'.repeat(20)} ` })).status, 201);
        } finally {
          await api.runtime.settings.set({ 'ads.maxLength': 500 }, { type: 'system' });
        }
      });
    });

    describe('GET /api/v1/status/:uuid', () => {
      it('returns the caller\'s own ad with exactly the contract fields', async () => {
        const uuid = await submitted(me, { content: 'status check', category: 'sale' });
        const response = await me.get(`/api/v1/status/${uuid}`);
        assert.equal(response.status, 200);
        const body = response.body as Record<string, unknown>;
        assert.deepEqual(Object.keys(body).sort(), ['category', 'createdAt', 'decidedAt', 'rejectionReason', 'status', 'uuid']);
        assert.equal(body.uuid, uuid);
        assert.equal(body.status, 'pending_ai');
        assert.equal(body.category, 'sale');
        assert.ok(!Number.isNaN(Date.parse(String(body.createdAt))));
        assert.equal(body.decidedAt, null);
        assert.equal(body.rejectionReason, null);
      });

      it('shows the decision and the rejection reason', async () => {
        const uuid = await submitted(me, { content: 'to be rejected' });
        await api.decide(uuid, { action: 'reject', reason: 'Not a classified ad' });
        const body = (await me.get(`/api/v1/status/${uuid}`)).body as Record<string, unknown>;
        assert.equal(body.status, 'rejected');
        assert.equal(body.rejectionReason, 'Not a classified ad');
        assert.ok(!Number.isNaN(Date.parse(String(body.decidedAt))));
        assert.equal(body.category, null);
      });

      it('answers 404 for another client\'s ad, an unknown uuid and a non-uuid', async () => {
        const uuid = await submitted(api.caller(other.key), { content: 'not yours' });
        assertError(await me.get(`/api/v1/status/${uuid}`), 404, 'not_found');
        assert.equal((await api.caller(other.key).get(`/api/v1/status/${uuid}`)).status, 200);
        assertError(await me.get(`/api/v1/status/${crypto.randomUUID()}`), 404, 'not_found');
        assertError(await me.get('/api/v1/status/not-a-uuid'), 404, 'not_found');
        assertError(await me.get('/api/v1/status/%00'), 404, 'not_found');
      });
    });

    describe('GET /api/v1/list', () => {
      let lister: Partner;
      let caller: Caller;
      const created: string[] = [];

      before(async () => {
        lister = await api.newPartner({ rateLimitPerMin: 10_000 });
        caller = api.caller(lister.key);
        for (let i = 0; i < 7; i += 1) {
          created.push(await submitted(caller, { content: `list item ${i}`, category: i % 2 ? 'rent' : 'sale' }));
          await pause(3); // distinct createdAt milliseconds, so "newest first" has one right answer
        }
        await api.decide(created[1] ?? '', { action: 'approve' });
        await api.decide(created[2] ?? '', { action: 'reject', reason: 'no' });
        await submitted(api.caller(other.key), { content: 'someone else' });
      });

      it('lists only the caller\'s ads, newest first, with the status fields', async () => {
        const response = await caller.get('/api/v1/list');
        assert.equal(response.status, 200);
        const body = response.body as { items: Array<Record<string, unknown>>; nextCursor: string | null };
        assert.deepEqual(Object.keys(body).sort(), ['items', 'nextCursor']);
        assert.deepEqual(body.items.map((i) => i.uuid), [...created].reverse());
        assert.equal(body.nextCursor, null);
        for (const item of body.items) {
          assert.deepEqual(Object.keys(item).sort(), ['category', 'createdAt', 'decidedAt', 'rejectionReason', 'status', 'uuid']);
        }
        assert.equal(body.items.find((i) => i.uuid === created[2])?.rejectionReason, 'no');
      });

      it('filters by status and category', async () => {
        const approved = (await caller.get('/api/v1/list?status=approved')).body as { items: Array<{ uuid: string }> };
        assert.deepEqual(approved.items.map((i) => i.uuid), [created[1]]);
        const rent = (await caller.get('/api/v1/list?category=rent')).body as { items: Array<{ uuid: string; category: string }> };
        assert.deepEqual(rent.items.map((i) => i.uuid), [created[5], created[3], created[1]]);
        const both = (await caller.get('/api/v1/list?category=sale&status=pending_ai')).body as { items: Array<{ uuid: string }> };
        assert.deepEqual(both.items.map((i) => i.uuid), [created[6], created[4], created[0]]);
        const empty = (await caller.get('/api/v1/list?status=&category=&cursor=&limit=')).body as { items: Array<{ uuid: string }> };
        assert.equal(empty.items.length, created.length, 'empty parameters count as not given');
        const none = (await caller.get('/api/v1/list?status=expired')).body as { items: unknown[]; nextCursor: null };
        assert.deepEqual(none, { items: [], nextCursor: null });
      });

      it('pages with limit and an opaque cursor', async () => {
        const first = (await caller.get('/api/v1/list?limit=3')).body as { items: Array<{ uuid: string }>; nextCursor: string };
        assert.equal(first.items.length, 3);
        assert.match(first.nextCursor, /^[A-Za-z0-9_-]+$/);
        assert.deepEqual(await walkPages(caller, '/api/v1/list', 3), [...created].reverse());
        assert.deepEqual(await walkPages(caller, '/api/v1/list', 1), [...created].reverse());
        assert.deepEqual(await walkPages(caller, '/api/v1/list?category=rent', 2), [created[5], created[3], created[1]]);
      });

      it('answers 422 for invalid query parameters', async () => {
        assert.ok('limit' in fieldsOf(await caller.get('/api/v1/list?limit=0')));
        assert.ok('limit' in fieldsOf(await caller.get('/api/v1/list?limit=101')));
        assert.ok('limit' in fieldsOf(await caller.get('/api/v1/list?limit=abc')));
        assert.ok('limit' in fieldsOf(await caller.get('/api/v1/list?limit=1&limit=2')));
        assert.ok('status' in fieldsOf(await caller.get('/api/v1/list?status=done')));
        assert.ok('category' in fieldsOf(await caller.get('/api/v1/list?category=nope')));
        assert.ok('category' in fieldsOf(await caller.get('/api/v1/list?category=%00')));
        assert.ok('cursor' in fieldsOf(await caller.get('/api/v1/list?cursor=garbage!')));
        assert.ok('cursor' in fieldsOf(await caller.get(`/api/v1/list?cursor=${Buffer.from('list.x.y').toString('base64url')}`)));
        const adsPage = (await caller.get('/api/v1/ads?limit=1')).body as { nextCursor: string | null };
        if (adsPage.nextCursor) assert.ok('cursor' in fieldsOf(await caller.get(`/api/v1/list?cursor=${adsPage.nextCursor}`)));
      });
    });

    describe('GET /api/v1/ads and /api/v1/categories', () => {
      it('lists published ads only, newest approval first, with image URLs once media exist', async () => {
        const db = api.runtime.database.db;
        const start = (await walkPages(me, '/api/v1/ads', 100)).length;
        const a = await submitted(me, { content: 'published A', category: 'services' });
        const b = await submitted(api.caller(other.key), { content: 'published B' });
        const pending = await submitted(me, { content: 'still pending' });
        const expired = await submitted(me, { content: 'expired one' });
        const lapsed = await submitted(me, { content: 'past its lifetime' });
        const scheduled = await submitted(me, { content: 'scheduled for later' });
        for (const id of [expired, lapsed, a, scheduled, b]) {
          await api.decide(id, { action: 'approve' });
          await pause(3); // distinct approvedAt milliseconds
        }
        await db.ad.update({ where: { id: expired }, data: { status: 'expired' } });
        await db.ad.update({ where: { id: lapsed }, data: { expiresAt: new Date(Date.now() - 1000) } });
        await db.ad.update({ where: { id: scheduled }, data: { publishAt: new Date(Date.now() + 3_600_000) } });

        const response = await me.get('/api/v1/ads');
        assert.equal(response.status, 200);
        const body = response.body as { items: Array<Record<string, unknown>>; nextCursor: string | null };
        assert.deepEqual(body.items.slice(0, 2).map((i) => i.uuid), [b, a]);
        assert.equal(body.items.length, start + 2);
        for (const hidden of [pending, expired, lapsed, scheduled]) assert.ok(!body.items.some((i) => i.uuid === hidden));
        const itemA = body.items[1] ?? {};
        assert.deepEqual(Object.keys(itemA).sort(), ['approvedAt', 'category', 'content', 'imageUrl', 'storyImageUrl', 'uuid']);
        assert.equal(itemA.category, 'services');
        assert.equal(itemA.content, 'published A');
        assert.equal(itemA.imageUrl, null);
        assert.equal(itemA.storyImageUrl, null);
        assert.ok(!Number.isNaN(Date.parse(String(itemA.approvedAt))));

        await db.media.create({ data: { adId: a, kind: 'feed', contentVersion: 1, path: 'ads/feed 1.jpg', mime: 'image/jpeg', width: 1080, height: 1350, bytes: 1000 } });
        await db.media.create({ data: { adId: a, kind: 'story', contentVersion: 1, path: 'ads/story-1.jpg', mime: 'image/jpeg', width: 1080, height: 1920, bytes: 1000 } });
        await api.runtime.settings.set({ 'site.publicBaseUrl': 'https://ads.example.com/' }, { type: 'system' });
        const withMedia = ((await me.get('/api/v1/ads?limit=2')).body as { items: Array<Record<string, unknown>> }).items[1] ?? {};
        assert.equal(withMedia.imageUrl, 'https://ads.example.com/media/ads/feed%201.jpg');
        assert.equal(withMedia.storyImageUrl, 'https://ads.example.com/media/ads/story-1.jpg');
        await api.runtime.settings.set({ 'site.publicBaseUrl': '' }, { type: 'system' });
        const fallback = ((await me.get('/api/v1/ads?limit=2')).body as { items: Array<Record<string, unknown>> }).items[1] ?? {};
        assert.equal(fallback.imageUrl, `${api.runtime.config.publicBaseUrl}/media/ads/feed%201.jpg`);

        assert.deepEqual(await walkPages(me, '/api/v1/ads', 1), (await walkPages(me, '/api/v1/ads', 100)));
        assert.ok('limit' in fieldsOf(await me.get('/api/v1/ads?limit=500')));
        assert.ok('cursor' in fieldsOf(await me.get('/api/v1/ads?cursor=abc')));
      });

      it('lists active categories in display order with counts of published ads', async () => {
        const db = api.runtime.database.db;
        const before = ((await me.get('/api/v1/categories')).body as { items: Array<{ slug: string; approvedCount: number }> }).items;
        const countOf = (items: typeof before, slug: string) => items.find((c) => c.slug === slug)?.approvedCount;
        const id = await submitted(me, { content: 'a job', category: 'job-vacancy' });
        await submitted(me, { content: 'another job, pending', category: 'job-vacancy' });
        await api.decide(id, { action: 'approve' });
        await db.category.update({ where: { slug: 'other' }, data: { active: false } });
        try {
          const response = await me.get('/api/v1/categories');
          assert.equal(response.status, 200);
          const items = (response.body as { items: Array<Record<string, unknown>> }).items;
          assert.deepEqual(items.map((c) => c.slug), ['job-vacancy', 'rent', 'events', 'services', 'sale']);
          for (const item of items) assert.deepEqual(Object.keys(item).sort(), ['approvedCount', 'nameEn', 'nameFa', 'slug']);
          assert.equal(items[0]?.nameFa, 'استخدام');
          assert.equal(items[0]?.nameEn, 'Job vacancy');
          assert.equal(countOf(items as typeof before, 'job-vacancy'), (countOf(before, 'job-vacancy') ?? 0) + 1);
          const total = items.reduce((sum, c) => sum + Number(c.approvedCount), 0);
          assert.ok(total <= (await walkPages(me, '/api/v1/ads', 100)).length);
        } finally {
          await db.category.update({ where: { slug: 'other' }, data: { active: true } });
        }
      });
    });

    describe('rate limits', () => {
      it('answers 429 rate_limited with Retry-After over the key\'s own limit', async () => {
        const limited = await api.newPartner({ rateLimitPerMin: 3 });
        const caller = api.caller(limited.key);
        for (let i = 0; i < 3; i += 1) assert.equal((await caller.get('/api/v1/categories')).status, 200);
        const refused = await caller.get('/api/v1/categories');
        assertError(refused, 429, 'rate_limited');
        const retryAfter = Number(refused.headers.get('retry-after'));
        assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${refused.headers.get('retry-after')}`);
        assertError(await api.caller(limited.key).submit({ content: 'from another IP, same key' }), 429, 'rate_limited');
        assert.equal((await api.caller(partner.key).get('/api/v1/categories')).status, 200, 'other keys are not limited');
      });

      it('answers 429 rate_limited with Retry-After over the per-IP limit, whatever the key', async () => {
        const ip = '192.0.2.77';
        const caller = api.caller(partner.key, ip);
        const statuses: number[] = [];
        for (let i = 0; i < 120; i += 1) statuses.push((await caller.get(i % 2 ? '/api/v1/categories' : '/api/v1/openapi.json')).status);
        assert.deepEqual([...new Set(statuses)], [200], 'the first 120 requests in a minute pass');
        // The bucket refills at 2 per second: a few more pass, depending on how long the loop took.
        let refused: ApiResponse | null = null;
        for (let i = 0; i < 300 && !refused; i += 1) {
          const response = await api.caller(other.key, ip).get('/api/v1/list');
          if (response.status === 429) refused = response;
          else assert.equal(response.status, 200);
        }
        assert.ok(refused, 'refused once the bucket is empty');
        assertError(refused, 429, 'rate_limited');
        assert.ok(Number(refused.headers.get('retry-after')) >= 1);
        assertError(await api.caller(undefined, ip).get('/api/v1/list'), 429, 'rate_limited');
        assert.equal((await api.caller(partner.key).get('/api/v1/list')).status, 200, 'other addresses are not limited');
      });
    });

    describe('unknown routes', () => {
      it('answers 404 in the JSON error shape under /api', async () => {
        for (const path of ['/api/v1/nope', '/api/v2/list', '/api/nothing', '/api']) {
          assertError(await me.get(path), 404, 'not_found');
        }
        assertError(await me.request('/api/v1/list', { method: 'POST', body: {} }), 404, 'not_found');
      });
    });
  });
}
