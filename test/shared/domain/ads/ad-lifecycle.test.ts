import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../../../helpers/test-runtime.ts';
import { submitAd } from '../../../../src/shared/domain/ads/submit-ad.ts';
import { decideAd } from '../../../../src/shared/domain/ads/decide-ad.ts';
import { AppError } from '../../../../src/shared/errors.ts';

for (const provider of testProviders()) {
  describe(`ad life cycle on ${provider}`, () => {
    let rt: TestRuntime;
    let staff: { type: 'staff'; id: string };
    let otherStaff: { type: 'staff'; id: string };
    before(async () => {
      rt = await createTestRuntime(provider);
      const create = (email: string) => rt.database.db.staffUser.create({ data: { email, passwordHash: 'x', role: 'moderator' } });
      staff = { type: 'staff', id: String((await create('a@example.test')).id) };
      otherStaff = { type: 'staff', id: String((await create('b@example.test')).id) };
    });
    after(async () => {
      await rt.close();
    });
    const deps = () => ({ db: rt.database.db, jobs: rt.jobs, settings: rt.settings });

    it('a submission is the ad, its history and its moderation job, written together', async () => {
      const { ad, created } = await submitAd(deps(), { source: 'partner', content: 'Flat for rent', contactPhone: '+98 912 000 0000' });
      assert.ok(created);
      assert.equal(ad.status, 'pending_ai');
      assert.equal(ad.code, ad.id.slice(0, 8));
      assert.equal(await rt.database.db.job.count({ where: { dedupeKey: `moderate:${ad.id}` } }), 1);
      assert.equal(await rt.database.db.adEvent.count({ where: { adId: ad.id, type: 'submitted' } }), 1);
    });

    it('the same partner externalId twice returns the first ad; concurrent duplicates too', async () => {
      const client = await rt.database.db.partnerClient.create({ data: { name: 'p', keyPrefix: 'aaaaaaaaaaaa', keyHash: 'x' } });
      const results = await Promise.all(
        Array.from({ length: 5 }, () => submitAd(deps(), { source: 'partner', content: 'dup', partnerClientId: client.id, externalId: 'ext-1' })),
      );
      assert.equal(new Set(results.map((r) => r.ad.id)).size, 1);
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(await rt.database.db.ad.count({ where: { externalId: 'ext-1' } }), 1);
    });

    it('approval writes one delivery row per channel, skipping what is not configured, and one job per live channel', async () => {
      await rt.settings.set({ 'webhook.url': 'http://127.0.0.1:9/hook' }, { type: 'cli' });
      const { ad } = await submitAd(deps(), { source: 'partner', content: 'Bike for sale' });
      const result = await decideAd(deps(), ad.id, { action: 'approve' }, staff);
      assert.deepEqual(result, { uuid: ad.id, status: 'approved' });
      const deliveries = await rt.database.db.delivery.findMany({ where: { adId: ad.id }, orderBy: { channel: 'asc' } });
      assert.deepEqual(
        deliveries.map((d) => [d.channel, d.status]),
        [['instagram_feed', 'skipped'], ['instagram_story', 'skipped'], ['telegram_channel', 'skipped'], ['telegram_dm', 'skipped'], ['webhook', 'pending']],
      );
      const jobs = await rt.database.db.job.findMany({ where: { kind: 'deliver' } });
      assert.equal(jobs.filter((j) => (JSON.parse(j.payload) as { adId: string }).adId === ad.id).length, 1);
      const row = await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } });
      assert.ok(row.approvedAt && row.expiresAt && row.decidedAt);
      assert.equal(row.decidedById, Number(staff.id));
    });

    it('decisions only from pending states: anything else is 409 and changes nothing', async () => {
      const { ad } = await submitAd(deps(), { source: 'partner', content: 'x' });
      await decideAd(deps(), ad.id, { action: 'reject', reason: 'spam' }, staff);
      for (const decision of [{ action: 'approve' as const }, { action: 'revision' as const, note: 'n' }, { action: 'reject' as const, reason: 'again' }]) {
        await assert.rejects(decideAd(deps(), ad.id, decision, staff), (e: unknown) => e instanceof AppError && e.code === 'invalid_transition');
      }
      const row = await rt.database.db.ad.findUniqueOrThrow({ where: { id: ad.id } });
      assert.equal(row.status, 'rejected');
      assert.equal(row.rejectionReason, 'spam');
      assert.equal(await rt.database.db.delivery.count({ where: { adId: ad.id } }), 0);
      assert.equal(await rt.database.db.job.count({ where: { dedupeKey: `notify_submitter:${ad.id}:rejected` } }), 1);
    });

    it('two staff deciding the same ad at once: exactly one wins, the other gets 409', async () => {
      for (let round = 0; round < 5; round += 1) {
        const { ad } = await submitAd(deps(), { source: 'partner', content: `race ${round}` });
        const outcomes = await Promise.allSettled([
          decideAd(deps(), ad.id, { action: 'approve' }, staff),
          decideAd(deps(), ad.id, { action: 'reject', reason: 'no' }, otherStaff),
        ]);
        assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
        const loser = outcomes.find((o) => o.status === 'rejected');
        assert.ok(loser && loser.reason instanceof AppError && loser.reason.code === 'invalid_transition');
        const events = await rt.database.db.adEvent.count({ where: { adId: ad.id, type: { in: ['approved', 'rejected'] } } });
        assert.equal(events, 1);
      }
    });
  });
}
