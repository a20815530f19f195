// Pacing on Instagram: feed and story of one ad are paced as one unit (one slot each ad), so a
// rule of 2/day publishes the first ad's feed post and story at once, the second's 12 hours later and
// the third's the next day — while the Telegram channel, not paced here, posts all three at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { startInstagramStandIn, type InstagramStandIn } from '../../../stand-ins/instagram/instagram-stand-in.ts';
import { createClockedWorld, type ClockedWorld } from '../../../fixtures/clocked-delivery-world.ts';
import { decideAd } from '../../../../src/shared/domain/ads/decide-ad.ts';
import { CLI_ACTOR } from '../../../../src/shared/domain/audit/record-audit.ts';

const HOUR = 3_600_000;

for (const provider of testProviders()) {
  describe(`Paced Instagram publishing on ${provider}`, () => {
    let tg: TelegramStandIn;
    let ig: InstagramStandIn;
    let w: ClockedWorld;

    before(async () => {
      tg = await startTelegramStandIn();
      ig = await startInstagramStandIn({ finishAfterPolls: 0 });
      w = await createClockedWorld(provider, tg, ig);
      await w.world.runtime.settings.set({ 'pacing.instagram.perDay': 2, 'pacing.telegram_channel.perDay': 0, 'pacing.jitterMinutes': 0 }, CLI_ACTOR);
      w.startWorker();
    });
    after(async () => {
      await w?.close();
      await ig?.close();
      await tg?.close();
    });

    it('2/day: feed and story of the first ad at once, the second 12 h later, the third the next day; the channel is not held back', async () => {
      const staff = await w.staff('Admin', 'admin');
      const userId = w.world.igAccount!.userId;
      const start = w.clock.now();
      const ads: string[] = [];
      for (const label of ['first', 'second', 'third']) {
        const adId = await w.submit(`Instagram paced ad ${label}: a quiet flat for rent near the park`);
        await decideAd(w.decide, adId, { action: 'approve' }, staff);
        ads.push(adId);
      }
      const [first, second, third] = ads as [string, string, string];
      // Instagram containers are polled: the delivery job comes back a moment later, by the fake
      // clock, so the clock ticks while the test waits for an ad to settle.
      const settle = async (adId: string) => {
        for (let i = 0; i < 600; i += 1) {
          const rows = Object.values(await w.world.deliveries(adId));
          if (rows.length > 0 && rows.every((row) => ['success', 'failed', 'skipped', 'uncertain'].includes(row.status))) return;
          w.clock.advance(1_000);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error(`deliveries of ${adId} did not settle`);
      };
      const slotted = async () => {
        for (let i = 0; i < 400; i += 1) {
          const rows = await Promise.all(ads.map((id) => w.world.deliveries(id)));
          if (rows.every((r) => r.instagram_feed?.notBefore && r.instagram_story?.notBefore)) return;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error('the Instagram deliveries did not get their slots');
      };
      const instagramOf = async (adId: string) => {
        const rows = await w.world.deliveries(adId);
        return [rows.instagram_feed!.status, rows.instagram_story!.status];
      };

      await slotted();
      const planned = await Promise.all(ads.map(async (id) => (await w.world.deliveries(id)).instagram_feed!.notBefore!.getTime() - start.getTime()));
      assert.deepEqual(planned, [0, 12 * HOUR, 24 * HOUR]);
      const stories = await Promise.all(ads.map(async (id) => (await w.world.deliveries(id)).instagram_story!.notBefore!.getTime() - start.getTime()));
      assert.deepEqual(stories, planned, 'the story goes with its feed post');

      await settle(first);
      assert.deepEqual(await instagramOf(first), ['success', 'success']);
      assert.deepEqual(await instagramOf(second), ['pending', 'pending']);
      assert.deepEqual(await instagramOf(third), ['pending', 'pending']);
      assert.equal(ig.published(userId).length, 2, 'one feed post and one story');
      for (const id of ads) assert.deepEqual(await w.published(id), { posts: 1, dms: 1 }, 'the channel is not paced');

      w.clock.set(new Date(start.getTime() + 12 * HOUR));
      await settle(second);
      assert.deepEqual(await instagramOf(second), ['success', 'success']);
      assert.deepEqual(await instagramOf(third), ['pending', 'pending']);
      assert.equal(ig.published(userId).length, 4);

      w.clock.set(new Date(start.getTime() + 24 * HOUR - 60_000));
      await w.idle();
      assert.deepEqual(await instagramOf(third), ['pending', 'pending'], 'not within the same 24 hours');
      w.clock.set(new Date(start.getTime() + 24 * HOUR));
      await settle(third);
      assert.deepEqual(await instagramOf(third), ['success', 'success']);
      assert.equal(ig.published(userId).length, 6, 'each ad published once to feed and story');
    });
  });
}
