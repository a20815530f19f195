import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { startInstagramStandIn, type InstagramStandIn } from '../../../stand-ins/instagram/instagram-stand-in.ts';
import { createDeliveryWorld, type DeliveryWorld } from '../../../fixtures/delivery-world.ts';
import { retryDelivery } from '../../../../src/shared/domain/delivery/delivery-actions.ts';
import { withdrawAd } from '../../../../src/shared/domain/delivery/withdraw-ad.ts';
import { parseDeliveryState } from '../../../../src/shared/domain/delivery/delivery-state.ts';
import { countHashtags } from '../../../../src/shared/domain/delivery/captions.ts';
import { AppError } from '../../../../src/shared/errors.ts';
import type { JobWorker } from '../../../../src/shared/worker/job-worker.ts';

const STAFF = { type: 'staff' as const, id: '1' };

// The providers run side by side: most of the time goes to waiting (timeouts, leases, backoff).
describe('Instagram deliveries', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`Instagram deliveries on ${provider}`, { concurrency: 1 }, () => {
      let tg: TelegramStandIn;
      let ig: InstagramStandIn;
      let world: DeliveryWorld;
      let worker: JobWorker;
      // A processing limit that a loaded machine cannot reach by slowness alone; the test of the
      // limit itself runs its own worker with a short one.
      const startWorker = (instagramPollTimeoutMs = 20_000) => (worker = world.startWorker({ instagramPollTimeoutMs }));

      before(async () => {
        tg = await startTelegramStandIn();
        ig = await startInstagramStandIn({ finishAfterPolls: 2 });
        world = await createDeliveryWorld({ provider, tg, ig, channels: { dm: false, channel: false } });
        startWorker();
      });
      after(async () => {
        await world.close();
        await ig.close();
        await tg.close();
      });
      const published = () => ig.published(world.igAccount!.userId).filter((m) => !m.deleted);

      it('approve → one feed post with the caption and one story, each exactly once', async () => {
        const content = 'دوچرخه‌ی کوهستان نو برای فروش #دوچرخه #ورزش #کوهستان #فروش_فوری #تهران #ارزان #نو';
        const adId = await world.approveAd({ content, category: 'sale' });
        const rows = await world.settled(adId);
        assert.equal(rows.instagram_feed!.status, 'success', rows.instagram_feed!.lastError ?? '');
        assert.equal(rows.instagram_story!.status, 'success', rows.instagram_story!.lastError ?? '');
        const media = published().filter((m) => m.id === rows.instagram_feed!.externalId || m.id === rows.instagram_story!.externalId);
        assert.equal(media.length, 2);
        const feed = media.find((m) => m.mediaType === 'IMAGE')!;
        const story = media.find((m) => m.mediaType === 'STORIES')!;
        assert.ok(feed.caption?.includes('دوچرخه‌ی کوهستان نو برای فروش'));
        assert.ok(feed.caption!.length <= 2200);
        assert.ok(countHashtags(feed.caption!) <= 5, feed.caption);
        assert.ok(feed.caption!.includes('#فروش'), 'the category hashtag');
        assert.equal(story.caption, undefined, 'stories carry no caption');
        for (const [m, size] of [[feed, [1080, 1350]], [story, [1080, 1920]]] as const) {
          const image = Buffer.from(await (await fetch(m.imageUrl)).arrayBuffer());
          const meta = await sharp(image).metadata();
          assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', ...size]);
        }
        assert.equal(rows.instagram_feed!.containerId, feed.containerId);
        assert.equal(ig.containers(world.igAccount!.userId).filter((c) => c.id === feed.containerId || c.id === story.containerId).length, 2);
        assert.equal(rows.instagram_feed!.attempts, 1, 'status checks are waits, not attempts');

        await assert.rejects(retryDelivery(world.runtime, adId, 'instagram_feed', STAFF), (e: unknown) => e instanceof AppError && e.code === 'invalid_transition');
        await world.runtime.database.db.$transaction(async (tx) => {
          await world.runtime.jobs.enqueue(tx, { kind: 'deliver', payload: { adId, channel: 'instagram_feed' } });
          await world.runtime.jobs.enqueue(tx, { kind: 'deliver', payload: { adId, channel: 'instagram_story' } });
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(published().filter((m) => m.containerId === feed.containerId || m.containerId === story.containerId).length, 2);
        assert.equal(ig.calls({ endpoint: 'publish', userId: world.igAccount!.userId }).filter((c) => c.response?.status === 200).length, published().length);
      });

      it('a container that ends in ERROR fails the channel with the reason', async () => {
        ig.inject({ endpoint: 'createContainer', userId: world.igAccount!.userId, fault: { kind: 'container_outcome', status: 'ERROR' }, times: 1 });
        const adId = await world.approveAd();
        const rows = await world.settled(adId);
        const failed = [rows.instagram_feed!, rows.instagram_story!].filter((r) => r.status === 'failed');
        assert.equal(failed.length, 1);
        assert.match(failed[0]!.lastError ?? '', /container \d+ failed: Error: Media upload has failed/);
        // Staff retry: a new container, published once.
        await retryDelivery(world.runtime, adId, failed[0]!.channel, STAFF);
        const retried = (await world.settled(adId))[failed[0]!.channel]!;
        assert.equal(retried.status, 'success');
        assert.notEqual(retried.containerId, parseDeliveryState(retried.stateJson).instagram?.failedContainerId);
      });

      it('a publish answer lost on the wire: the retry is refused, the container says PUBLISHED, one post', async () => {
        ig.inject({ endpoint: 'publish', userId: world.igAccount!.userId, fault: 'reset_after_effect', times: 1 });
        const adId = await world.approveAd();
        const rows = await world.settled(adId);
        assert.equal(rows.instagram_feed!.status, 'success');
        assert.equal(rows.instagram_story!.status, 'success');
        const containers = [rows.instagram_feed!.containerId, rows.instagram_story!.containerId];
        assert.equal(published().filter((m) => containers.includes(m.containerId)).length, 2);
        const lost = [rows.instagram_feed!, rows.instagram_story!].filter((r) => r.externalId === null);
        assert.equal(lost.length, 1, 'the one whose answer was lost has no media id');
        assert.equal(parseDeliveryState(lost[0]!.stateJson).instagram?.mediaIdUnknown, true);
      });

      it('a container that never finishes gives up after the processing limit (checks back off)', async () => {
        ig.configure({ timing: { finishAfterMs: 60_000 } });
        await worker.stop();
        startWorker(3_000);
        try {
          const adId = await world.approveAd();
          const rows = await world.settled(adId, 15_000);
          for (const row of [rows.instagram_feed!, rows.instagram_story!]) {
            assert.equal(row.status, 'failed');
            assert.match(row.lastError ?? '', /was still processing after \d+ s/);
            assert.equal(row.attempts, 1, 'the checks were waits, not attempts');
          }
          const checks = ig.calls({ endpoint: 'containerStatus', userId: world.igAccount!.userId }).filter((c) => [rows.instagram_feed!, rows.instagram_story!].some((r) => c.path === `/${parseDeliveryState(r.stateJson).instagram?.failedContainerId}`));
          assert.ok(checks.length >= 4 && checks.length <= 40, `${checks.length} checks`);
        } finally {
          ig.configure({ timing: { finishAfterMs: 0 } });
          await worker.stop();
          startWorker();
        }
      });

      it('an expired token fails with a message the panel can show', async () => {
        ig.inject({ endpoint: 'createContainer', userId: world.igAccount!.userId, fault: { kind: 'expired_token' }, times: 2 });
        const adId = await world.approveAd();
        const rows = await world.settled(adId);
        for (const row of [rows.instagram_feed!, rows.instagram_story!]) {
          assert.equal(row.status, 'failed');
          assert.match(row.lastError ?? '', /^Instagram token expired/);
          assert.ok(!(row.lastError ?? '').includes(world.igAccount!.token));
        }
      });

      it('a used-up publishing quota defers (no failure, no attempt used) and publishes after the window', async () => {
        ig.configure({ quotaTotal: 1, quotaDurationSeconds: 2 });
        await new Promise((resolve) => setTimeout(resolve, 2_100));
        const seen = new Set<string>();
        const watch = setInterval(() => {
          void world.runtime.database.db.delivery.findMany({ where: { lastError: { startsWith: 'waiting: the Instagram publishing limit' } } }).then((rows) => rows.forEach((r) => seen.add(r.channel)));
        }, 20);
        try {
          const adId = await world.approveAd();
          const rows = await world.settled(adId, 20_000);
          assert.equal(rows.instagram_feed!.status, 'success');
          assert.equal(rows.instagram_story!.status, 'success');
          assert.equal(seen.size, 1, 'one of the two waited for the quota');
          const waited = rows[[...seen][0]!]!;
          assert.equal(waited.attempts, 1);
          assert.equal(waited.lastError, null);
          const times = published().filter((m) => m.id === rows.instagram_feed!.externalId || m.id === rows.instagram_story!.externalId).map((m) => Date.parse(m.timestamp.replace('+0000', 'Z')));
          assert.equal(times.length, 2);
        } finally {
          clearInterval(watch);
          ig.configure({ quotaTotal: 100, quotaDurationSeconds: 86_400 });
        }
      });

      it('withdraw deletes the Instagram media', async () => {
        const adId = await world.approveAd();
        const rows = await world.settled(adId);
        await withdrawAd(world.runtime, adId, STAFF);
        const started = Date.now();
        for (;;) {
          const now = await world.deliveries(adId);
          const states = [now.instagram_feed!, now.instagram_story!].map((r) => parseDeliveryState(r.stateJson).withdrawal?.status);
          if (states.every((s) => s && s !== 'pending')) {
            assert.deepEqual(states, ['removed', 'removed']);
            break;
          }
          if (Date.now() - started > 10_000) throw new Error(`withdrawal not done: ${JSON.stringify(states)}`);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        const gone = ig.published(world.igAccount!.userId).filter((m) => m.id === rows.instagram_feed!.externalId || m.id === rows.instagram_story!.externalId);
        assert.deepEqual(gone.map((m) => m.deleted), [true, true]);
      });
    });
  }
});

describe('Instagram media URL check (MEDIA_URL_CHECK=strict)', () => {
  let tg: TelegramStandIn;
  let ig: InstagramStandIn;
  let world: DeliveryWorld;
  before(async () => {
    tg = await startTelegramStandIn();
    ig = await startInstagramStandIn();
    world = await createDeliveryWorld({ provider: 'sqlite', tg, ig, channels: { dm: false, channel: false }, env: { MEDIA_URL_CHECK: 'strict' } });
    world.startWorker();
  });
  after(async () => {
    await world.close();
    await ig.close();
    await tg.close();
  });

  it('refuses a loopback http URL with a clear error, without retrying or calling Instagram', async () => {
    const adId = await world.approveAd();
    const rows = await world.settled(adId);
    for (const row of [rows.instagram_feed!, rows.instagram_story!]) {
      assert.equal(row.status, 'failed');
      assert.match(row.lastError ?? '', /Instagram can only fetch images over HTTPS/);
      assert.equal(row.attempts, 0);
    }
    assert.equal(ig.calls().length, 0);
  });
});
