import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { startInstagramStandIn, type InstagramStandIn } from '../../../stand-ins/instagram/instagram-stand-in.ts';
import { createDeliveryWorld, type DeliveryWorld } from '../../../fixtures/delivery-world.ts';
import { withdrawAd } from '../../../../src/shared/domain/delivery/withdraw-ad.ts';
import { parseDeliveryState } from '../../../../src/shared/domain/delivery/delivery-state.ts';

const STAFF = { type: 'staff' as const, id: '1' };

// Albums: one sendMediaGroup in the channel, one Instagram carousel plus the first photo as the story.
describe('album deliveries', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`album deliveries on ${provider}`, { concurrency: 1 }, () => {
      let tg: TelegramStandIn;
      let ig: InstagramStandIn;
      let world: DeliveryWorld;

      before(async () => {
        tg = await startTelegramStandIn();
        ig = await startInstagramStandIn({ finishAfterPolls: 1 });
        world = await createDeliveryWorld({ provider, tg, ig, channels: { dm: false } });
        // Generous: these tests are about what is posted, not about the processing time limit.
        world.startWorker({ instagramPollTimeoutMs: 60_000 });
      });
      after(async () => {
        await world.close();
        await ig.close();
        await tg.close();
      });
      const mediaGroupCalls = () => tg.calls({ method: 'sendMediaGroup', bot: world.bot.token });

      it('5 photos: the channel gets one album (caption on the first), Instagram one carousel of 5 and the first photo as the story', async () => {
        const adId = await world.approveAd({ album: 5 });
        const rows = await world.settled(adId, 30_000);
        for (const channel of ['telegram_channel', 'instagram_feed', 'instagram_story']) assert.equal(rows[channel]!.status, 'success', `${channel}: ${rows[channel]!.lastError}`);
        const ad = await world.runtime.database.db.ad.findUniqueOrThrow({ where: { id: adId }, include: { photos: { orderBy: { position: 'asc' } } } });

        // Telegram: exactly one sendMediaGroup with the 5 file_ids in order, the caption on the first.
        const calls = mediaGroupCalls();
        assert.equal(calls.length, 1);
        const raw = calls[0]!.params.media;
        const media = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ type: string; media: string; caption?: string }>;
        assert.deepEqual(media.map((m) => m.media), ad.photos.map((p) => p.fileId));
        assert.ok(media[0]!.caption?.includes('آپارتمان'));
        assert.ok(media.slice(1).every((m) => m.caption === undefined));
        const posts = world.channel.posts();
        assert.equal(posts.length, 5);
        assert.equal(new Set(posts.map((p) => p.media_group_id)).size, 1);
        assert.ok(posts[0]!.caption && posts.slice(1).every((p) => !p.caption));
        const post = parseDeliveryState(rows.telegram_channel!.stateJson).telegram!;
        assert.deepEqual(post.messageIds, posts.map((p) => p.message_id), 'every message id is recorded (for withdraw)');
        assert.equal(rows.telegram_channel!.externalId, String(posts[0]!.message_id));

        // Instagram: one carousel of 5 children, published once; one story from the first photo.
        const published = ig.published(world.igAccount!.userId);
        const carousels = published.filter((m) => m.mediaType === 'CAROUSEL');
        const stories = published.filter((m) => m.mediaType === 'STORIES');
        assert.equal(carousels.length, 1);
        assert.equal(stories.length, 1);
        assert.equal(published.length, 2);
        assert.equal(rows.instagram_feed!.externalId, carousels[0]!.id);
        assert.equal(carousels[0]!.childImageUrls.length, 5);
        assert.ok(carousels[0]!.caption?.includes('آپارتمان'));
        assert.equal(stories[0]!.imageUrl, carousels[0]!.childImageUrls[0]);
        const items = ig.containers(world.igAccount!.userId).filter((c) => c.isCarouselItem);
        assert.equal(items.length, 5);

        // The photos were downloaded, converted to JPEG within Instagram's limits and served under /media.
        const stored = await world.runtime.database.db.media.findMany({ where: { adId, kind: { startsWith: 'photo_' } }, orderBy: { kind: 'asc' } });
        assert.deepEqual(stored.map((m) => m.kind), ['photo_0', 'photo_1', 'photo_2', 'photo_3', 'photo_4']);
        for (const [index, url] of carousels[0]!.childImageUrls.entries()) {
          assert.ok(url.endsWith(`/media/ads/${adId}/photo_${index}-v0.jpg`), url);
          const response = await fetch(url);
          assert.equal(response.headers.get('content-type'), 'image/jpeg');
          const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
          assert.equal(meta.format, 'jpeg');
          assert.equal(meta.width, 1080);
          // 800×600 stays 4:3; 600×900 (2:3, too tall) is padded to 4:5.
          assert.equal(meta.height, index % 2 === 0 ? 810 : 1350);
        }
      });

      it('calls cut off after they took effect never post twice: the album ends uncertain, the carousel is published once', async () => {
        tg.clearCalls();
        const userId = world.igAccount!.userId;
        const before = new Set(ig.published(userId).map((m) => m.id));
        const cut = [
          tg.inject({ method: 'sendMediaGroup', bot: world.bot.token, fault: 'reset_after_effect', times: 1 }),
          ig.inject({ endpoint: 'createContainer', userId, fault: 'reset_after_effect', times: 1 }),
          ig.inject({ endpoint: 'publish', userId, fault: 'reset_after_effect', times: 2 }),
        ];
        const postsBefore = world.channel.posts().length;
        const adId = await world.approveAd({ album: 4 });
        const rows = await world.settled(adId, 60_000);
        for (const handle of cut) assert.equal(handle.remaining(), 0, 'every fault was hit');
        assert.equal(rows.telegram_channel!.status, 'uncertain', rows.telegram_channel!.lastError ?? '');
        assert.equal(world.channel.posts().length - postsBefore, 4, 'one album of 4, posted once');
        assert.equal(mediaGroupCalls().length, 1, 'never sent again');
        assert.equal(rows.instagram_feed!.status, 'success', rows.instagram_feed!.lastError ?? '');
        assert.equal(rows.instagram_story!.status, 'success', rows.instagram_story!.lastError ?? '');
        const fresh = ig.published(userId).filter((m) => !before.has(m.id));
        assert.equal(fresh.filter((m) => m.mediaType === 'CAROUSEL').length, 1);
        assert.equal(fresh.filter((m) => m.mediaType === 'STORIES').length, 1);
        assert.equal(fresh.find((m) => m.mediaType === 'CAROUSEL')!.childImageUrls.length, 4);
      });

      it('withdraw deletes every message of the album', async () => {
        const adId = await world.approveAd({ album: 3 });
        const rows = await world.settled(adId, 30_000);
        const ids = parseDeliveryState(rows.telegram_channel!.stateJson).telegram!.messageIds!;
        assert.equal(ids.length, 3);
        await withdrawAd(world.runtime, adId, STAFF);
        const started = Date.now();
        for (;;) {
          const row = (await world.deliveries(adId)).telegram_channel!;
          const status = parseDeliveryState(row.stateJson).withdrawal?.status;
          if (status && status !== 'pending') {
            assert.equal(status, 'removed');
            break;
          }
          if (Date.now() - started > 15_000) throw new Error('withdrawal not finished');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const left = new Set(world.channel.messages().map((m) => m.message_id));
        assert.ok(ids.every((id) => !left.has(id)), 'all album messages are gone');
      });
    });
  }
});
