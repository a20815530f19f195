import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { createClockedWorld, type ClockedWorld } from '../../../fixtures/clocked-delivery-world.ts';
import { approveWithVotes } from '../../../../src/shared/domain/ads/approval-votes.ts';
import { CLI_ACTOR } from '../../../../src/shared/domain/audit/record-audit.ts';

describe('Two-person rule', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`Two-person rule on ${provider}`, { concurrency: 1 }, () => {
      let tg: TelegramStandIn;
      let w: ClockedWorld;
      let n = 0;
      const unique = (label: string) => `Vote test ad ${label} number ${(n += 1)} bicycle for sale`;
      const approvedEvents = (adId: string) => w.world.runtime.database.db.adEvent.count({ where: { adId, type: 'approved' } });

      before(async () => {
        tg = await startTelegramStandIn();
        w = await createClockedWorld(provider, tg);
        await w.world.runtime.settings.set({ 'review.approvalsRequired': 2 }, CLI_ACTOR);
        w.startWorker();
      });
      after(async () => {
        await w.close();
        await tg.close();
      });

      it('the first vote leaves the ad pending (1/2, with the name); the same moderator again does not count; a second moderator approves and it publishes once', async () => {
        const sara = await w.staff('Sara');
        const omid = await w.staff('Omid');
        const adId = await w.submit(unique('two votes'));

        const first = await approveWithVotes(w.decide, adId, { action: 'approve' }, sara);
        assert.deepEqual(first, { uuid: adId, status: 'pending_manual', votes: 1, votesRequired: 2, voters: ['Sara'], alreadyVoted: false });
        const again = await approveWithVotes(w.decide, adId, { action: 'approve' }, sara);
        assert.deepEqual(again, { uuid: adId, status: 'pending_manual', votes: 1, votesRequired: 2, voters: ['Sara'], alreadyVoted: true });
        await w.idle();
        assert.equal((await w.world.runtime.database.db.ad.findUniqueOrThrow({ where: { id: adId } })).status, 'pending_manual');
        assert.equal(await w.world.runtime.database.db.delivery.count({ where: { adId } }), 0, 'nothing is published on one vote');

        const second = await approveWithVotes(w.decide, adId, { action: 'approve' }, omid);
        assert.deepEqual(second, { uuid: adId, status: 'approved' });
        const rows = await w.world.settled(adId);
        assert.equal(rows.telegram_channel!.status, 'success');
        await w.idle();
        assert.deepEqual(await w.published(adId), { posts: 1, dms: 1 });
        assert.equal(await approvedEvents(adId), 1);
        assert.equal(await w.world.runtime.database.db.adVote.count({ where: { adId } }), 2);
      });

      it('two final votes at the same moment approve once and publish once', async () => {
        const first = await w.staff('Leila');
        const others = await Promise.all(['Reza', 'Nima', 'Ali'].map((name) => w.staff(name)));
        const adId = await w.submit(unique('concurrent'));
        await approveWithVotes(w.decide, adId, { action: 'approve' }, first);
        const outcomes = await Promise.all(others.map((staff) => approveWithVotes(w.decide, adId, { action: 'approve' }, staff)));
        for (const outcome of outcomes) assert.deepEqual(outcome, { uuid: adId, status: 'approved' });
        assert.equal(await approvedEvents(adId), 1);
        await w.world.settled(adId);
        await w.idle();
        assert.deepEqual(await w.published(adId), { posts: 1, dms: 1 });
      });

      it('a shadowed ad (submitter shadow-banned) takes no vote: 409 and nothing recorded', async () => {
        const staff = await w.staff('Shadow');
        const adId = await w.submit(unique('shadowed'));
        await w.world.runtime.database.db.ad.update({ where: { id: adId }, data: { shadowed: true } });
        await assert.rejects(approveWithVotes(w.decide, adId, { action: 'approve' }, staff), (error: unknown) => (error as { code?: string }).code === 'invalid_transition');
        assert.equal(await w.world.runtime.database.db.adVote.count({ where: { adId } }), 0);
      });

      it('the same moderator voting twice at the same moment counts once', async () => {
        const staff = await w.staff('Mina');
        const adId = await w.submit(unique('double click'));
        const outcomes = await Promise.all([1, 2, 3].map(() => approveWithVotes(w.decide, adId, { action: 'approve' }, staff)));
        for (const outcome of outcomes) assert.equal(outcome.status, 'pending_manual');
        assert.equal(outcomes.filter((o) => 'alreadyVoted' in o && !o.alreadyVoted).length, 1);
        assert.equal(await w.world.runtime.database.db.adVote.count({ where: { adId } }), 1);
      });

      it("a deactivated moderator's vote no longer counts", async () => {
        const gone = await w.staff('Gone');
        const stays = await w.staff('Stays');
        const adId = await w.submit(unique('deactivated'));
        await approveWithVotes(w.decide, adId, { action: 'approve' }, gone);
        await w.world.runtime.database.db.staffUser.update({ where: { id: Number(gone.id) }, data: { active: false } });
        const outcome = await approveWithVotes(w.decide, adId, { action: 'approve' }, stays);
        assert.deepEqual(outcome, { uuid: adId, status: 'pending_manual', votes: 1, votesRequired: 2, voters: ['Stays'], alreadyVoted: false });
      });
    });
  }
});
