import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { createDeliveryWorld, SAMPLE_FA, type DeliveryWorld } from '../../../fixtures/delivery-world.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../fixtures/delivery-webhook-receiver.ts';
import { decideAd } from '../../../../src/shared/domain/ads/decide-ad.ts';
import { submitAd } from '../../../../src/shared/domain/ads/submit-ad.ts';
import { retryDelivery, resolveUncertain } from '../../../../src/shared/domain/delivery/delivery-actions.ts';
import { withdrawAd } from '../../../../src/shared/domain/delivery/withdraw-ad.ts';
import { recoverStalledDeliveries } from '../../../../src/shared/domain/delivery/delivery-recovery.ts';
import { parseDeliveryState } from '../../../../src/shared/domain/delivery/delivery-state.ts';
import { AppError } from '../../../../src/shared/errors.ts';
import { verifyWebhookSignature } from '../../../../src/shared/integrations/webhook/webhook-signer.ts';
import { webhookDeliveryId } from '../../../../src/shared/domain/delivery/webhook-payload.ts';

const STAFF = { type: 'staff' as const, id: '1' };

// The providers run side by side: most of the time goes to waiting (timeouts, leases, backoff).
describe('Telegram and webhook deliveries', { concurrency: true }, () => {
  for (const provider of testProviders()) {
    describe(`Telegram and webhook deliveries on ${provider}`, { concurrency: 1 }, () => {
      let tg: TelegramStandIn;
      let receiver: WebhookReceiver;
      let world: DeliveryWorld;
      const secrets = new Map<string, string>();

      before(async () => {
        tg = await startTelegramStandIn();
        receiver = await startWebhookReceiver((path) => secrets.get(path) ?? '');
        world = await createDeliveryWorld({ provider, tg, receiver });
        secrets.set(world.webhookPath, world.webhookSecret);
        world.startWorker();
      });
      after(async () => {
        await world.close();
        await receiver.close();
        await tg.close();
      });

      it('approve → exactly one DM, one channel post and one signed webhook; repeats publish nothing more', async () => {
        const adId = await world.approveAd({ withPhoto: true });
        const rows = await world.settled(adId);
        assert.deepEqual(
          Object.fromEntries(Object.entries(rows).map(([c, r]) => [c, r.status])),
          { telegram_dm: 'success', telegram_channel: 'success', instagram_feed: 'skipped', instagram_story: 'skipped', webhook: 'success' },
        );
        const ad = await world.runtime.database.db.ad.findUniqueOrThrow({ where: { id: adId }, include: { photos: true } });

        // The channel: one photo post (the user's own photo, by file_id) with the HTML caption.
        const posts = world.channel.posts();
        assert.equal(posts.length, 1);
        const post = posts[0]!;
        assert.ok(post.photo?.length, 'a photo post');
        assert.ok(post.caption?.startsWith('#اجاره'), post.caption);
        assert.ok(post.caption?.includes('<b>بدون</b> واسطه & فوری'), 'the text is escaped, not parsed as HTML');
        assert.ok(post.caption?.includes('+98 912 123 4567'));
        assert.ok(post.caption?.includes(`@${world.channel.username}`));
        const send = tg.calls({ method: 'sendPhoto' }).at(-1)!;
        assert.equal(send.params.photo, ad.photos[0]!.fileId, 'the user photo is reused by file_id');
        assert.equal(send.params.parse_mode, 'HTML');
        assert.equal(rows.telegram_channel!.externalId, String(post.message_id));
        assert.deepEqual(parseDeliveryState(rows.telegram_channel!.stateJson).telegram?.messageId, post.message_id);

        // The DM: the approval text in Persian, with the tracking code.
        const dms = world.user.messages().filter((m) => m.from?.is_bot);
        assert.equal(dms.length, 1);
        assert.ok(dms[0]!.text?.includes(ad.code), dms[0]!.text);
        assert.equal(rows.telegram_dm!.externalId, String(dms[0]!.message_id));

        // The webhook: one POST, valid signature, the documented body, a stable delivery id.
        const hooks = receiver.received(world.webhookPath);
        assert.equal(hooks.length, 1);
        const hook = hooks[0]!;
        assert.ok(hook.signatureValid, 'X-Signature verifies with webhook.secret');
        assert.ok(verifyWebhookSignature(hook.body, world.webhookSecret, hook.signature));
        assert.equal(hook.event, 'ad.approved');
        assert.equal(hook.deliveryId, webhookDeliveryId(adId));
        assert.match(hook.contentType ?? '', /^application\/json/);
        const body = JSON.parse(hook.body) as { event: string; deliveryId: string; ad: Record<string, unknown> };
        assert.equal(body.event, 'ad.approved');
        assert.equal(body.deliveryId, hook.deliveryId);
        assert.deepEqual(Object.keys(body.ad).sort(), ['approvedAt', 'category', 'code', 'contact', 'content', 'imageUrl', 'storyImageUrl', 'uuid']);
        assert.equal(body.ad.uuid, adId);
        assert.equal(body.ad.category, 'rent');
        assert.equal(body.ad.content, SAMPLE_FA);
        assert.deepEqual(body.ad.contact, { phone: '+98 912 123 4567', email: null });
        for (const key of ['imageUrl', 'storyImageUrl'] as const) {
          const url = String(body.ad[key]);
          assert.ok(url.startsWith(`${world.web.url}/media/`), url);
          const image = await fetch(url);
          assert.equal(image.status, 200);
          assert.equal(image.headers.get('content-type'), 'image/jpeg');
        }
        assert.equal(rows.webhook!.externalId, hook.deliveryId);

        // A second approval is refused; a retry of a successful channel too; a stray job posts nothing.
        await assert.rejects(
          decideAd({ db: world.runtime.database.db, jobs: world.runtime.jobs, settings: world.runtime.settings }, adId, { action: 'approve' }, STAFF),
          (e: unknown) => e instanceof AppError && e.code === 'invalid_transition',
        );
        for (const channel of ['telegram_channel', 'telegram_dm', 'webhook']) {
          await assert.rejects(retryDelivery(world.runtime, adId, channel, STAFF), (e: unknown) => e instanceof AppError && e.code === 'invalid_transition');
        }
        await world.runtime.database.db.$transaction(async (tx) => {
          for (const channel of ['telegram_channel', 'telegram_dm', 'webhook']) await world.runtime.jobs.enqueue(tx, { kind: 'deliver', payload: { adId, channel } });
        });
        await waitForNoJobs(world);
        assert.equal(world.channel.posts().length, 1);
        assert.equal(world.user.messages().filter((m) => m.from?.is_bot).length, 1);
        assert.equal(receiver.received(world.webhookPath).length, 1);
      });

      it('without a user photo the generated feed image is uploaded', async () => {
        const before = world.channel.posts().length;
        // A long text too: the caption is shortened to Telegram's 1024 characters (the stand-in enforces it).
        const adId = await world.approveAd({ withPhoto: false, partner: true, content: `${'یک آگهی بسیار طولانی با جزئیات فراوان & علامت‌ها <b>. '.repeat(60)}پایان` });
        const rows = await world.settled(adId);
        assert.equal(rows.telegram_channel!.status, 'success', rows.telegram_channel!.lastError ?? '');
        const caption = world.channel.posts().at(-1)!.caption ?? '';
        assert.ok(caption.length <= 1024 && caption.length > 950, `${caption.length}`);
        assert.ok(caption.includes('…') && !caption.includes('پایان'));
        assert.equal(rows.telegram_dm!.status, 'skipped');
        assert.equal(world.channel.posts().length, before + 1);
        const send = tg.calls({ method: 'sendPhoto' }).at(-1)!;
        assert.equal(send.files.length, 1);
        assert.ok(send.files[0]!.size > 10_000, 'a real image was uploaded');
        assert.match(send.files[0]!.filename, /\.jpg$/);
        assert.equal(parseDeliveryState(rows.telegram_channel!.stateJson).telegram?.photo, 'generated');
        const media = await world.runtime.database.db.media.findMany({ where: { adId } });
        assert.deepEqual(media.map((m) => m.kind).sort(), ['feed', 'story']);
      });

      it('a Telegram 429 on the channel is waited out: one post', async () => {
        const before = world.channel.posts().length;
        tg.inject({ method: 'sendPhoto', bot: world.bot.token, fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 3 });
        const adId = await world.approveAd({ withPhoto: true });
        const rows = await world.settled(adId, 20_000);
        assert.equal(rows.telegram_channel!.status, 'success');
        assert.equal(world.channel.posts().length, before + 1);
        const calls = tg.calls({ method: 'sendPhoto' }).slice(-4);
        assert.deepEqual(calls.map((c) => c.fault), ['status_429', 'status_429', 'status_429', undefined]);
      });

      it('a DM to a user who blocked the bot fails with a clear reason and marks the user', async () => {
        world.user.blockBot();
        try {
          const adId = await world.approveAd();
          const rows = await world.settled(adId);
          assert.equal(rows.telegram_dm!.status, 'failed');
          assert.match(rows.telegram_dm!.lastError ?? '', /^user blocked the bot/);
          assert.equal(rows.telegram_dm!.attempts, 1);
          const user = await world.runtime.database.db.telegramUser.findUniqueOrThrow({ where: { id: world.userRow.id } });
          assert.ok(user.blockedBotAt);
          assert.equal(rows.telegram_channel!.status, 'success', 'the other channels are independent');
        } finally {
          world.user.unblockBot();
        }
      });

      it('a channel post cut off after sending ends uncertain (never re-sent); staff resolve it', async () => {
        const before = world.channel.posts().length;
        tg.inject({ method: 'sendPhoto', bot: world.bot.token, fault: 'hang_after_effect', times: 1 });
        const adId = await world.approveAd();
        const rows = await world.settled(adId, 20_000);
        assert.equal(rows.telegram_channel!.status, 'uncertain');
        assert.match(rows.telegram_channel!.lastError ?? '', /may have reached Telegram/);
        assert.equal(world.channel.posts().length, before + 1, 'posted once, not repeated');
        assert.equal(tg.calls({ method: 'sendPhoto' }).filter((c) => c.params.caption && String(c.params.caption).includes('#اجاره')).length >= 1, true);
        const resolved = await resolveUncertain(world.runtime, adId, 'telegram_channel', 'mark_posted', STAFF);
        assert.equal(resolved.status, 'success');
        await assert.rejects(resolveUncertain(world.runtime, adId, 'telegram_channel', 'post_again', STAFF), (e: unknown) => e instanceof AppError && e.code === 'invalid_transition');
        const audit = await world.runtime.database.db.auditLog.findFirst({ where: { action: 'delivery.mark_posted', targetId: String(rows.telegram_channel!.id) } });
        assert.ok(audit);
      });

      it('"post again" on an uncertain channel sends once more, exactly once', async () => {
        const before = world.channel.posts().length;
        tg.inject({ method: 'sendPhoto', bot: world.bot.token, fault: 'hang', times: 1 });
        const adId = await world.approveAd();
        assert.equal((await world.settled(adId, 20_000)).telegram_channel!.status, 'uncertain');
        assert.equal(world.channel.posts().length, before, 'the hung request had no effect');
        await Promise.allSettled([1, 2, 3].map(() => resolveUncertain(world.runtime, adId, 'telegram_channel', 'post_again', STAFF)));
        const rows = await world.settled(adId);
        assert.equal(rows.telegram_channel!.status, 'success');
        assert.equal(world.channel.posts().length, before + 1);
        assert.equal(await world.runtime.database.db.auditLog.count({ where: { action: 'delivery.post_again', targetId: String(rows.telegram_channel!.id) } }), 1);
      });

      it('webhook: 5xx is retried with the same id and bytes; 4xx fails; staff retry delivers once', async () => {
        receiver.respond([{ status: 503 }, { status: 500 }], world.webhookPath);
        const adId = await world.approveAd();
        const rows = await world.settled(adId);
        assert.equal(rows.webhook!.status, 'success');
        const mine = receiver.received(world.webhookPath).filter((r) => r.deliveryId === webhookDeliveryId(adId));
        assert.equal(mine.length, 3);
        assert.equal(new Set(mine.map((r) => r.body)).size, 1, 'byte-identical re-sends');
        assert.ok(mine.every((r) => r.signatureValid));
        assert.equal(rows.webhook!.attempts, 3);

        receiver.respond([{ status: 410, body: 'gone' }], world.webhookPath);
        const second = await world.approveAd();
        const failed = (await world.settled(second)).webhook!;
        assert.equal(failed.status, 'failed');
        assert.match(failed.lastError ?? '', /HTTP 410/);
        await retryDelivery(world.runtime, second, 'webhook', STAFF);
        await assert.rejects(retryDelivery(world.runtime, second, 'webhook', STAFF), (e: unknown) => e instanceof AppError && e.code === 'invalid_transition');
        const retried = (await world.settled(second)).webhook!;
        assert.equal(retried.status, 'success');
        const sent = receiver.received(world.webhookPath).filter((r) => r.deliveryId === webhookDeliveryId(second));
        assert.equal(sent.length, 2);
        assert.equal(sent[0]!.body, sent[1]!.body);
      });

      it('a delivery whose job was lost is found and finished by the recovery sweep', async () => {
        const { db } = world.runtime.database;
        const deps = { db, jobs: world.runtime.jobs, settings: world.runtime.settings };
        const { ad } = await submitAd({ db, jobs: world.runtime.jobs }, { source: 'partner', content: 'lost job' });
        // Scheduled for later, so no worker touches it; then its jobs vanish.
        await decideAd(deps, ad.id, { action: 'approve', publishAt: new Date(Date.now() + 3_600_000) }, STAFF);
        assert.ok((await db.job.deleteMany({ where: { kind: 'deliver', payload: { contains: ad.id } } })).count >= 2);
        // Its publish time has come (the delivery job never publishes before notBefore).
        await db.delivery.updateMany({ where: { adId: ad.id }, data: { notBefore: null } });
        assert.equal(await recoverStalledDeliveries(world.runtime, { olderThanMs: 60_000 }), 0, 'recent rows are left alone');
        const recovered = await recoverStalledDeliveries(world.runtime, { olderThanMs: 0, now: new Date(Date.now() + 1_000) });
        assert.ok(recovered >= 2, `${recovered}`);
        const rows = await world.settled(ad.id);
        assert.equal(rows.webhook!.status, 'success');
        assert.equal(rows.telegram_channel!.status, 'success');
        assert.equal(await recoverStalledDeliveries(world.runtime, { olderThanMs: 0, now: new Date(Date.now() + 1_000) }), 0, 'nothing left to recover');
      });

      it('no secret ever reaches lastError', async () => {
        // A 401 from Telegram (token revoked) and a failing webhook whose URL carries a secret.
        tg.inject({ method: 'sendPhoto', bot: world.bot.token, fault: { kind: 'status', status: 401, message: `Unauthorized ${world.bot.token}` }, times: 1 });
        receiver.respond([{ status: 400, body: `bad secret ${world.webhookSecret}` }], world.webhookPath);
        const adId = await world.approveAd();
        const rows = await world.settled(adId);
        assert.equal(rows.telegram_channel!.status, 'failed');
        assert.equal(rows.webhook!.status, 'failed');
        for (const row of Object.values(rows)) {
          assert.ok(!(row.lastError ?? '').includes(world.bot.token), row.lastError ?? '');
          assert.ok(!(row.lastError ?? '').includes(world.webhookSecret), row.lastError ?? '');
        }
      });

      it('withdraw deletes the channel post, tells the partner, and records the result per channel', async () => {
        const adId = await world.approveAd({ withPhoto: true });
        const rows = await world.settled(adId);
        const messageId = Number(rows.telegram_channel!.externalId);
        assert.ok(world.channel.messages().some((m) => m.message_id === messageId));
        await withdrawAd(world.runtime, adId, STAFF);
        await assert.rejects(withdrawAd(world.runtime, adId, STAFF), (e: unknown) => e instanceof AppError && e.code === 'invalid_transition');
        const done = await waitFor(async () => {
          const now = await world.deliveries(adId);
          const states = Object.fromEntries(Object.entries(now).map(([c, r]) => [c, parseDeliveryState(r.stateJson).withdrawal?.status]));
          return Object.values(states).every((s) => s === undefined || s !== 'pending') ? states : undefined;
        });
        assert.deepEqual(done, { telegram_dm: 'nothing_to_remove', telegram_channel: 'removed', instagram_feed: undefined, instagram_story: undefined, webhook: 'removed' });
        assert.ok(!world.channel.messages().some((m) => m.message_id === messageId), 'the channel post is gone');
        const notice = receiver.received(world.webhookPath).filter((r) => r.event === 'ad.withdrawn' && JSON.parse(r.body).ad.uuid === adId);
        assert.equal(notice.length, 1);
        assert.ok(notice[0]!.signatureValid);
        const ad = await world.runtime.database.db.ad.findUniqueOrThrow({ where: { id: adId } });
        assert.equal(ad.status, 'withdrawn');
        assert.equal(await world.runtime.database.db.adEvent.count({ where: { adId, type: 'withdrawn' } }), 1);
      });
    });
  }
});

async function waitForNoJobs(world: DeliveryWorld, timeoutMs = 5_000): Promise<void> {
  await waitFor(async () => ((await world.runtime.database.db.job.count({ where: { kind: { in: ['deliver', 'withdraw'] }, status: { in: ['queued', 'running'] } } })) === 0 ? true : undefined), timeoutMs);
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
