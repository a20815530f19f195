import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { createClockedWorld, type ClockedWorld } from '../../../fixtures/clocked-delivery-world.ts';
import { decideAd } from '../../../../src/shared/domain/ads/decide-ad.ts';
import { assignPacedSlot } from '../../../../src/shared/domain/publishing/pacing-slots.ts';
import { moveInQueue, publishNow, loadPublishingQueue } from '../../../../src/shared/domain/publishing/publishing-queue.ts';
import { withdrawAd } from '../../../../src/shared/domain/delivery/withdraw-ad.ts';
import { CLI_ACTOR } from '../../../../src/shared/domain/audit/record-audit.ts';
import { AppError } from '../../../../src/shared/errors.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('Scheduled and paced publishing', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`Scheduled and paced publishing on ${provider}`, { concurrency: 1 }, () => {
      let tg: TelegramStandIn;
      let w: ClockedWorld;
      let staff: { type: 'staff'; id: string };
      let n = 0;
      const unique = (label: string) => `Paced test ad ${label} number ${(n += 1)} for rent near the park`;
      const rows = async (adId: string) => w.world.deliveries(adId);
      const pacing = async (perDay: number, jitterMinutes = 0) => {
        await w.world.runtime.settings.set({ 'pacing.telegram_channel.perDay': perDay, 'pacing.jitterMinutes': jitterMinutes }, CLI_ACTOR);
      };
      /** A fresh stretch of time: earlier slots are more than a day behind. */
      const nextEpoch = () => w.clock.advance(3 * DAY);

      before(async () => {
        tg = await startTelegramStandIn();
        w = await createClockedWorld(provider, tg);
        staff = await w.staff('Admin', 'admin');
        w.startWorker();
      });
      after(async () => {
        await w.close();
        await tg.close();
      });

      it('refuses a publishAt in the past or more than 90 days ahead (422 validation_failed)', async () => {
        const adId = await w.submit(unique('refused'));
        for (const publishAt of [new Date(w.clock.now().getTime() - 60_000), new Date(w.clock.now().getTime() + 91 * DAY)]) {
          await assert.rejects(
            decideAd(w.decide, adId, { action: 'approve', publishAt }, staff),
            (e: unknown) => e instanceof AppError && e.code === 'validation_failed' && e.fields?.publishAt !== undefined,
          );
        }
        assert.equal((await w.world.runtime.database.db.ad.findUniqueOrThrow({ where: { id: adId } })).status, 'pending_manual');
      });

      it('a scheduled approval publishes nothing before publishAt, then the post and the DM once', async () => {
        await pacing(0);
        nextEpoch();
        const adId = await w.submit(unique('scheduled'));
        const publishAt = new Date(w.clock.now().getTime() + 2 * HOUR);
        await decideAd(w.decide, adId, { action: 'approve', publishAt }, staff);
        await w.idle();
        assert.deepEqual(await w.published(adId), { posts: 0, dms: 0 });
        const waiting = await rows(adId);
        assert.equal(waiting.telegram_channel!.status, 'pending');
        assert.equal(waiting.telegram_channel!.notBefore?.getTime(), publishAt.getTime());
        assert.equal(waiting.telegram_dm!.notBefore?.getTime(), publishAt.getTime(), 'the DM waits for the publish time too');
        const queue = await loadPublishingQueue(w.world.runtime.database.db, w.clock.now());
        assert.ok(queue.scheduled.some((entry) => entry.adId === adId && entry.publishAt.getTime() === publishAt.getTime()));

        w.clock.advance(HOUR + 59 * 60_000);
        await w.idle();
        assert.deepEqual(await w.published(adId), { posts: 0, dms: 0 }, 'one minute early: still nothing');

        w.clock.advance(2 * 60_000);
        const done = await w.world.settled(adId);
        assert.equal(done.telegram_channel!.status, 'success');
        assert.equal(done.telegram_dm!.status, 'success');
        await w.idle();
        assert.deepEqual(await w.published(adId), { posts: 1, dms: 1 });
      });

      it('pacing 2/day: the first ad at once, the second 12 hours later, the third the next day', async () => {
        await pacing(2);
        nextEpoch();
        const start = w.clock.now();
        const ads = [];
        for (const label of ['first', 'second', 'third']) {
          const adId = await w.submit(unique(label));
          await decideAd(w.decide, adId, { action: 'approve' }, staff);
          ads.push(adId);
        }
        const [first, second, third] = ads as [string, string, string];
        await w.world.settled(first);
        await w.idle();
        assert.deepEqual(await w.published(first), { posts: 1, dms: 1 });
        assert.deepEqual(await w.published(second), { posts: 0, dms: 0 });
        assert.deepEqual(await w.published(third), { posts: 0, dms: 0 });
        const planned = await Promise.all(ads.map(async (id) => (await rows(id)).telegram_channel!));
        assert.deepEqual(
          planned.map((row) => row.notBefore!.getTime() - start.getTime()),
          [0, 12 * HOUR, 24 * HOUR],
        );
        assert.ok(planned[0]!.queueOrder! < planned[1]!.queueOrder! && planned[1]!.queueOrder! < planned[2]!.queueOrder!);
        assert.equal((await rows(second)).telegram_dm!.notBefore?.getTime(), planned[1]!.notBefore!.getTime(), 'the DM goes with its channel post');

        w.clock.set(new Date(start.getTime() + 12 * HOUR));
        await w.world.settled(second);
        await w.idle();
        assert.deepEqual(await w.published(second), { posts: 1, dms: 1 });
        assert.deepEqual(await w.published(third), { posts: 0, dms: 0 });

        w.clock.set(new Date(start.getTime() + 24 * HOUR - 60_000));
        await w.idle();
        assert.deepEqual(await w.published(third), { posts: 0, dms: 0 }, 'not within the same 24 hours');
        w.clock.set(new Date(start.getTime() + 24 * HOUR));
        await w.world.settled(third);
        await w.idle();
        for (const id of ads) assert.deepEqual(await w.published(id), { posts: 1, dms: 1 });
      });

      it('concurrent approvals get distinct slots; reordering swaps planned times; a withdrawn queued ad never publishes', async () => {
        await pacing(4, 30);
        nextEpoch();
        const ads = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => w.submit(unique(`concurrent ${i}`))));
        // Approvals and slot assignments all at once (the worker is running too).
        await Promise.all(ads.map((id) => decideAd(w.decide, id, { action: 'approve' }, staff)));
        const { db, provider: dbProvider } = w.world.runtime.database;
        await Promise.all(ads.map((id) => assignPacedSlot({ db, provider: dbProvider, jobs: w.jobs, now: w.clock.now }, id, 'telegram_channel', { perDay: 4, jitterMinutes: 30 })));
        await w.idle();
        const leads = await Promise.all(ads.map(async (id) => (await rows(id)).telegram_channel!));
        const orders = new Set(leads.map((row) => row.queueOrder));
        assert.equal(orders.size, 6, `distinct queue positions: ${[...orders].join(',')}`);
        const times = leads.map((row) => row.notBefore!.getTime()).sort((a, b) => a - b);
        for (let i = 1; i < times.length; i += 1) assert.ok(times[i]! - times[i - 1]! >= 6 * HOUR, 'slots at least 24h/4 apart');

        // The queue, in order; move the last one up: it takes its neighbour's slot and vice versa.
        const queue = (await loadPublishingQueue(db, w.clock.now())).units.find((u) => u.unit === 'telegram_channel')!.entries;
        const queued = queue.filter((entry) => ads.includes(entry.adId) && !entry.due);
        assert.ok(queued.length >= 5, `queued: ${queued.length}`);
        const last = queued.at(-1)!;
        const before = queued.at(-2)!;
        assert.deepEqual(await moveInQueue({ db, provider: dbProvider, jobs: w.jobs, now: w.clock.now }, last.adId, 'telegram_channel', 'up', staff), { moved: true });
        const [lastRows, beforeRows] = [await rows(last.adId), await rows(before.adId)];
        assert.equal(lastRows.telegram_channel!.notBefore!.getTime(), before.plannedAt!.getTime());
        assert.equal(lastRows.telegram_dm!.notBefore!.getTime(), before.plannedAt!.getTime());
        assert.equal(beforeRows.telegram_channel!.notBefore!.getTime(), last.plannedAt!.getTime());
        assert.equal(lastRows.telegram_channel!.queueOrder, before.queueOrder);
        assert.equal(beforeRows.telegram_channel!.queueOrder, last.queueOrder);

        // Withdraw the one now planned second to last: it never publishes.
        const withdrawn = last.adId;
        await withdrawAd({ ...w.world.runtime, jobs: w.jobs }, withdrawn, staff);
        assert.equal((await rows(withdrawn)).telegram_channel!.status, 'skipped');

        // Publish now (admin): the first still queued goes at once.
        const urgent = queued[0]!.adId;
        await publishNow({ db, provider: dbProvider, jobs: w.jobs, now: w.clock.now }, urgent, staff);
        await w.world.settled(urgent);
        assert.deepEqual(await w.published(urgent), { posts: 1, dms: 1 });

        // Just before the moved ad's new slot, the one it swapped with has not published; then everything goes.
        w.clock.set(new Date(before.plannedAt!.getTime() - 60_000));
        await w.idle();
        assert.deepEqual(await w.published(before.adId), { posts: 0, dms: 0 });
        w.clock.set(new Date(last.plannedAt!.getTime() + 31 * 60_000));
        for (const id of ads) await w.world.settled(id);
        await w.idle();
        for (const id of ads) assert.deepEqual(await w.published(id), id === withdrawn ? { posts: 0, dms: 0 } : { posts: 1, dms: 1 }, id);
      });
    });
  }
});
