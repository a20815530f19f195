import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testProviders } from '../../../helpers/databases.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { makeJpeg } from '../../../stand-ins/shared/media-generator.ts';
import { createBroadcastWorld, type BroadcastWorld } from '../../../fixtures/broadcast-world.ts';
import { cancelBroadcast, pauseBroadcast, resumeBroadcast } from '../../../../src/shared/domain/broadcast/broadcast-actions.ts';
import { storeBroadcastPhoto } from '../../../../src/shared/domain/broadcast/broadcast-photo.ts';
import { mediaRootOf } from '../../../../src/shared/domain/images/media-storage.ts';
import { CLI_ACTOR } from '../../../../src/shared/domain/audit/record-audit.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Pause, resume, cancel, 429s, a call cut off after it took effect, and photo broadcasts, at the
 * product's own rate (25/s) against the stand-in's Telegram flood limits.
 */

for (const provider of testProviders()) {
  describe(`broadcast control and outcomes (${provider})`, () => {
    let tg: TelegramStandIn;
    let world: BroadcastWorld;

    before(async () => {
      tg = await startTelegramStandIn({ floodLimits: 'telegram' });
      world = await createBroadcastWorld(provider, tg, 120);
      // The product's own rate against Telegram's real limits.
      world.startWorker({ telegramTimeoutSeconds: 2 });
    });
    after(async () => {
      await world?.close();
      await tg?.close();
    });

    it('pause stops sending between messages; resume finishes; nobody gets it twice', async () => {
      const since = tg.calls().at(-1)?.seq ?? 0;
      const started = await world.launch('pause me');
      const { db } = world.runtime.database;
      await waitUntil(async () => (await db.broadcastRecipient.count({ where: { broadcastId: started.id, status: 'sent' } })) >= 20);
      await pauseBroadcast({ db, jobs: world.runtime.jobs }, started.id, CLI_ACTOR);
      // Within one batch the job sees the pause; after that nothing more goes out.
      await sleep(2_500);
      const frozen = world.deliveredPerChat('sendMessage', since).size;
      await sleep(1_500);
      assert.equal(world.deliveredPerChat('sendMessage', since).size, frozen, 'no sends while paused');
      assert.ok(frozen < 120, `paused before the end (${frozen})`);
      assert.equal(await db.broadcastRecipient.count({ where: { broadcastId: started.id, status: 'sending' } }), 0);

      await resumeBroadcast({ db, jobs: world.runtime.jobs }, started.id, CLI_ACTOR);
      await world.waitForStatus(started.id, 'completed');
      const delivered = world.deliveredPerChat('sendMessage', since);
      assert.equal(delivered.size, 120);
      for (const [chat, calls] of delivered) assert.equal(calls.length, 1, `chat ${chat}`);
      const accepted = tg.calls({ method: 'sendMessage', bot: world.bot.id }).filter((c) => c.seq > since);
      assert.equal(accepted.filter((c) => c.response?.status === 429).length, 0, 'the product rate stays under Telegram’s limit');
      const audit = await db.auditLog.findMany({ where: { targetType: 'broadcast', targetId: String(started.id) }, orderBy: { id: 'asc' } });
      assert.deepEqual(audit.map((a) => a.action), ['broadcast.create', 'broadcast.start', 'broadcast.pause', 'broadcast.resume']);
    });

    it('429 answers are waited out and retried; a call cut off after it took effect is uncertain and not repeated', async () => {
      const since = tg.calls().at(-1)?.seq ?? 0;
      tg.inject({ method: 'sendMessage', bot: world.bot.token, fault: { kind: 'status', status: 429, retryAfter: 1 }, times: 3 });
      const started = await world.launch('faults');
      const { db } = world.runtime.database;
      await waitUntil(async () => (await db.broadcastRecipient.count({ where: { broadcastId: started.id, status: 'sent' } })) >= 10);
      tg.inject({ method: 'sendMessage', bot: world.bot.token, fault: 'hang_after_effect', times: 1 });
      await world.waitForStatus(started.id, 'completed', 60_000);
      const rows = await world.recipients(started.id);
      const uncertain = rows.filter((r) => r.status === 'uncertain');
      assert.equal(uncertain.length, 1);
      assert.equal(rows.filter((r) => r.status === 'sent').length, 119);
      const delivered = world.deliveredPerChat('sendMessage', since);
      assert.equal(delivered.size, 120, 'the hung call took effect too');
      for (const [chat, calls] of delivered) assert.equal(calls.length, 1, `chat ${chat}`);
      assert.equal(delivered.get(uncertain[0]!.chatId)?.length, 1, 'the uncertain one was not sent again');
      const limited = tg.calls({ method: 'sendMessage', bot: world.bot.id }).filter((c) => c.seq > since && c.response?.status === 429);
      assert.equal(limited.length, 3);
    });

    it('a photo broadcast uploads the photo once and reuses its file_id', async () => {
      const since = tg.calls().at(-1)?.seq ?? 0;
      const photoPath = await storeBroadcastPhoto(mediaRootOf(world.runtime.config.dataDir), await makeJpeg({ width: 640, height: 480 }));
      const started = await world.launch('caption — عکس', photoPath);
      const done = await world.waitForStatus(started.id, 'completed', 60_000);
      const calls = tg.calls({ method: 'sendPhoto', bot: world.bot.id }).filter((c) => c.seq > since && c.effect);
      assert.equal(calls.length, 120);
      const uploads = calls.filter((c) => c.files.length > 0);
      assert.equal(uploads.length, 1, 'one upload');
      assert.ok(done.photoFileId, 'file_id stored');
      assert.ok(calls.filter((c) => c.files.length === 0).every((c) => c.params.photo === done.photoFileId));
      assert.equal(new Set(calls.map((c) => String(c.params.chat_id))).size, 120);
      assert.equal(calls[0]?.params.caption, 'caption — عکس');
    });

    it('cancel skips everyone not yet sent', async () => {
      const { db } = world.runtime.database;
      const started = await world.launch('cancel me');
      await waitUntil(async () => (await db.broadcastRecipient.count({ where: { broadcastId: started.id, status: 'sent' } })) >= 5);
      await cancelBroadcast({ db, jobs: world.runtime.jobs }, started.id, CLI_ACTOR);
      await sleep(2_000);
      const rows = await world.recipients(started.id);
      const sent = rows.filter((r) => r.status === 'sent').length;
      assert.ok(sent >= 5 && sent < 120, `sent ${sent}`);
      assert.equal(rows.filter((r) => r.status === 'skipped').length + sent, 120);
      assert.equal((await db.broadcast.findUniqueOrThrow({ where: { id: started.id } })).status, 'cancelled');
    });
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}
