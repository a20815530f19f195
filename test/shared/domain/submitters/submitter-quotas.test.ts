import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { createTestRuntime } from '../../../helpers/test-runtime.ts';
import { submitAd } from '../../../../src/shared/domain/ads/submit-ad.ts';
import { activeBan, banUntil } from '../../../../src/shared/domain/submitters/ban-state.ts';
import { SubmissionRefused, type SubmitterLimits } from '../../../../src/shared/domain/submitters/submitter-quotas.ts';

const HOUR = 3_600_000;

describe('ban state', () => {
  it('applies until bannedUntil, then stops by itself; null = until lifted', () => {
    const now = new Date('2026-05-01T12:00:00Z');
    assert.deepEqual(activeBan({ banKind: 'ban', banReason: 'x', bannedUntil: null }, now), { kind: 'ban', reason: 'x', until: null });
    assert.equal(activeBan({ banKind: 'shadow', banReason: 'x', bannedUntil: new Date(now.getTime() + 1) }, now)?.kind, 'shadow');
    assert.equal(activeBan({ banKind: 'ban', banReason: 'x', bannedUntil: now }, now), null);
    assert.equal(activeBan({ banKind: null, banReason: null, bannedUntil: null }, now), null);
    assert.equal(banUntil('7d', now)?.toISOString(), '2026-05-08T12:00:00.000Z');
    assert.equal(banUntil('permanent', now), null);
  });
});

describe('every test database', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`per-user limits in the submitting transaction on ${provider}`, () => {
      for (const limit of ['maxActiveAds', 'maxPerDay'] as const) {
        it(`two Confirms at once at the ${limit} limit: exactly one ad is stored`, async () => {
          const rt = await createTestRuntime(provider);
          try {
            const db = rt.database.db;
            const bot = await db.telegramBot.create({ data: { name: 'b', tokenEncrypted: 'x', tokenHash: `h-${limit}` } });
            const user = await db.telegramUser.create({ data: { botId: bot.id, telegramId: '1', chatId: '1' } });
            const limits: SubmitterLimits = limit === 'maxActiveAds' ? { maxActiveAds: 3, maxPerDay: 0 } : { maxActiveAds: 0, maxPerDay: 3 };
            const deps = { db, jobs: rt.jobs, limits };
            const input = { source: 'bot' as const, content: 'an ad', botId: bot.id, telegramUserId: user.id };
            for (let i = 0; i < 2; i += 1) await submitAd(deps, input);
            const results = await Promise.allSettled([1, 2, 3, 4].map(() => submitAd(deps, input)));
            const created = results.filter((r) => r.status === 'fulfilled');
            const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
            assert.equal(created.length, 1, JSON.stringify(results.map((r) => r.status)));
            for (const r of refused) {
              assert.ok(r.reason instanceof SubmissionRefused, String(r.reason));
              assert.equal(r.reason.refusal.kind, limit === 'maxActiveAds' ? 'max_active' : 'max_per_day');
            }
            assert.equal(await db.ad.count({ where: { telegramUserId: user.id } }), 3);
          } finally {
            await rt.close();
          }
        });
      }

      it('the daily limit frees a slot when the oldest submission leaves the 24 hours (fake clock)', async () => {
        const rt = await createTestRuntime(provider);
        try {
          const db = rt.database.db;
          const bot = await db.telegramBot.create({ data: { name: 'b', tokenEncrypted: 'x', tokenHash: 'h-clock' } });
          const user = await db.telegramUser.create({ data: { botId: bot.id, telegramId: '2', chatId: '2' } });
          let now = new Date('2026-05-01T08:00:00Z');
          const deps = { db, jobs: rt.jobs, limits: { maxActiveAds: 0, maxPerDay: 2 }, now: () => now };
          const input = { source: 'bot' as const, content: 'an ad', botId: bot.id, telegramUserId: user.id };
          await submitAd(deps, input);
          now = new Date(now.getTime() + 5 * HOUR);
          await submitAd(deps, input);
          now = new Date(now.getTime() + 10 * HOUR);
          const refused = await submitAd(deps, input).catch((error: unknown) => error);
          assert.ok(refused instanceof SubmissionRefused && refused.refusal.kind === 'max_per_day');
          assert.equal(refused.refusal.retryAt.toISOString(), '2026-05-02T08:00:00.000Z');
          now = new Date('2026-05-02T08:00:01Z');
          const { ad } = await submitAd(deps, input);
          assert.equal(ad.createdAt.toISOString(), now.toISOString());
        } finally {
          await rt.close();
        }
      });
    });
  }
});
