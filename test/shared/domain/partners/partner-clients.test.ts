import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { testProviders, createTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { AppError } from '../../../../src/shared/errors.ts';
import {
  createPartnerClient,
  DEFAULT_PARTNER_RATE_LIMIT_PER_MIN,
  listPartnerClients,
  revokePartnerClient,
} from '../../../../src/shared/domain/partners/partner-clients.ts';
import { findPartnerByKey, lastUsedIsStale, touchPartnerLastUsed } from '../../../../src/shared/domain/partners/partner-key-lookup.ts';

const ACTOR = { type: 'staff', id: '7', ip: '203.0.113.9' } as const;

for (const provider of testProviders()) {
  describe(`partner clients (${provider})`, () => {
    let database: TestDatabase;

    before(async () => {
      database = await createTestDatabase(provider);
    });
    after(async () => {
      await database?.drop();
    });

    it('creates a client with a random key shown once and stored only as a hash', async () => {
      const { client, key } = await createPartnerClient(database.db, { name: '  Shop  ' }, ACTOR);
      assert.match(key, /^pk_[0-9a-f]{12}_[A-Za-z0-9_-]{20,64}$/);
      assert.equal(client.name, 'Shop');
      assert.equal(client.rateLimitPerMin, DEFAULT_PARTNER_RATE_LIMIT_PER_MIN);
      assert.equal(client.keyPrefix, key.split('_')[1]);
      assert.ok(!('keyHash' in client), 'summaries never carry the hash');
      const row = await database.db.partnerClient.findUniqueOrThrow({ where: { id: client.id } });
      assert.equal(row.keyHash, crypto.createHash('sha256').update(key).digest('hex'));
      assert.ok(!JSON.stringify(row).includes(key.split('_')[2] ?? 'x'), 'the secret part is not stored');
      const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'partner.create', targetId: String(client.id) } });
      assert.equal(audit.actorType, 'staff');
      assert.equal(audit.actorId, '7');
      assert.equal(audit.ip, '203.0.113.9');
      assert.ok(!(audit.detailsJson ?? '').includes(key), 'the key never reaches the audit log');
      const second = await createPartnerClient(database.db, { name: 'Shop', rateLimitPerMin: 5 }, ACTOR);
      assert.notEqual(second.key, key);
      assert.equal(second.client.rateLimitPerMin, 5);
    });

    it('finds the client by key, and nothing for a wrong secret, a malformed key or an unknown prefix', async () => {
      const { client, key } = await createPartnerClient(database.db, { name: 'Lookup' }, ACTOR);
      const found = await findPartnerByKey(database.db, key);
      assert.equal(found?.id, client.id);
      assert.equal(found?.rateLimitPerMin, DEFAULT_PARTNER_RATE_LIMIT_PER_MIN);
      const [, prefix] = key.split('_');
      assert.equal(await findPartnerByKey(database.db, `pk_${prefix}_${'A'.repeat(32)}`), null);
      assert.equal(await findPartnerByKey(database.db, `pk_${'f'.repeat(12)}_${'A'.repeat(32)}`), null);
      assert.equal(await findPartnerByKey(database.db, key.replace('pk_', 'st_')), null);
      assert.equal(await findPartnerByKey(database.db, ''), null);
      assert.equal(await findPartnerByKey(database.db, `${key}\u0000`), null);
    });

    it('revokes a client for good; revoking again changes nothing', async () => {
      const { client, key } = await createPartnerClient(database.db, { name: 'Revoked' }, ACTOR);
      const revoked = await revokePartnerClient(database.db, client.id, ACTOR);
      assert.equal(revoked.active, false);
      assert.ok(revoked.revokedAt instanceof Date);
      assert.equal(await findPartnerByKey(database.db, key), null);
      const again = await revokePartnerClient(database.db, client.id, ACTOR);
      assert.equal(again.revokedAt?.getTime(), revoked.revokedAt?.getTime());
      assert.equal(await database.db.auditLog.count({ where: { action: 'partner.revoke', targetId: String(client.id) } }), 1);
      await assert.rejects(revokePartnerClient(database.db, 999_999, ACTOR), (e: unknown) => e instanceof AppError && e.code === 'not_found');
    });

    it('refuses an inactive client even with the right key', async () => {
      const { client, key } = await createPartnerClient(database.db, { name: 'Paused' }, ACTOR);
      await database.db.partnerClient.update({ where: { id: client.id }, data: { active: false } });
      assert.equal(await findPartnerByKey(database.db, key), null);
    });

    it('lists clients newest first without secrets', async () => {
      const { client } = await createPartnerClient(database.db, { name: 'Newest' }, ACTOR);
      const clients = await listPartnerClients(database.db);
      assert.equal(clients[0]?.id, client.id);
      assert.ok(clients.length >= 2);
      for (const c of clients) assert.deepEqual(Object.keys(c).sort(), ['active', 'createdAt', 'id', 'keyPrefix', 'lastUsedAt', 'name', 'rateLimitPerMin', 'revokedAt']);
    });

    it('validates the name and the rate limit', async () => {
      const invalid = async (input: { name: string; rateLimitPerMin?: number }, field: string) => {
        await assert.rejects(createPartnerClient(database.db, input, ACTOR), (e: unknown) => e instanceof AppError && e.code === 'validation_failed' && field in (e.fields ?? {}));
      };
      await invalid({ name: '   ' }, 'name');
      await invalid({ name: 'x'.repeat(101) }, 'name');
      await invalid({ name: 'bad\u0000name' }, 'name');
      await invalid({ name: 'ok', rateLimitPerMin: 0 }, 'rateLimitPerMin');
      await invalid({ name: 'ok', rateLimitPerMin: 1.5 }, 'rateLimitPerMin');
      await invalid({ name: 'ok', rateLimitPerMin: 100_001 }, 'rateLimitPerMin');
    });

    it('writes lastUsedAt at most once a minute', async () => {
      const { client } = await createPartnerClient(database.db, { name: 'Touch' }, ACTOR);
      const t0 = new Date('2030-01-01T00:00:00.000Z');
      assert.equal(await touchPartnerLastUsed(database.db, client.id, t0), true);
      assert.equal(await touchPartnerLastUsed(database.db, client.id, new Date(t0.getTime() + 30_000)), false);
      assert.equal(await touchPartnerLastUsed(database.db, client.id, new Date(t0.getTime() + 59_999)), false);
      const row = await database.db.partnerClient.findUniqueOrThrow({ where: { id: client.id } });
      assert.equal(row.lastUsedAt?.getTime(), t0.getTime());
      assert.equal(await touchPartnerLastUsed(database.db, client.id, new Date(t0.getTime() + 60_000)), true);
      // Concurrent touches: one write.
      const t2 = new Date(t0.getTime() + 180_000);
      const results = await Promise.all(Array.from({ length: 5 }, () => touchPartnerLastUsed(database.db, client.id, t2)));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(lastUsedIsStale(null, t0), true);
      assert.equal(lastUsedIsStale(t0, new Date(t0.getTime() + 59_000)), false);
      assert.equal(lastUsedIsStale(t0, new Date(t0.getTime() + 60_000)), true);
    });
  });
}
