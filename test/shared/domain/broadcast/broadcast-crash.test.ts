import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { testProviders } from '../../../helpers/databases.ts';
import { collect, spawnTs, waitForOutput } from '../../../helpers/child-process.ts';
import { startTelegramStandIn, type TelegramStandIn } from '../../../stand-ins/telegram/telegram-stand-in.ts';
import { createBroadcastWorld, type BroadcastWorld } from '../../../fixtures/broadcast-world.ts';
import type { BroadcastChildConfig } from '../../../fixtures/broadcast-worker-child.ts';

const CHILD = 'test/fixtures/broadcast-worker-child.ts';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SCALE = 4;
/** 1,000 on SQLite; PostgreSQL runs fewer (BROADCAST_PG_USERS, default 400) to stay within the per-file time limit. */
const usersFor = (provider: string) => Number(provider === 'postgresql' ? (process.env.BROADCAST_PG_USERS ?? 400) : (process.env.BROADCAST_TEST_USERS ?? 1000));

/**
 * kill -9 of the process sending a broadcast, at a moment when one message has reached Telegram
 * but its answer has not come back: a fresh process resumes, the cut-off recipient is
 * `uncertain` and not sent again, everyone else gets the message exactly once.
 */
for (const provider of testProviders()) {
  const USERS = usersFor(provider);
  describe(`broadcast survives kill -9 midway (${provider})`, () => {
    let tg: TelegramStandIn;
    let world: BroadcastWorld;
    const children = new Set<ChildProcess>();

    before(async () => {
      tg = await startTelegramStandIn({ floodLimits: { perChat: { perSecond: 1, burst: 3 }, global: { perSecond: 30 * SCALE, burst: 30 * SCALE } } });
      world = await createBroadcastWorld(provider, tg, USERS);
    });
    after(async () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await world?.close();
      await tg?.close();
    });

    const spawnWorker = async () => {
      const config: BroadcastChildConfig = {
        databaseUrl: world.runtime.testDb.url,
        cwd: world.runtime.testDb.dir,
        appSecretHex: world.runtime.config.appSecret.toString('hex'),
        telegramApiRoot: tg.url,
        leaseMs: 3_000,
        messagesPerSecond: 25 * SCALE,
      };
      const child = spawnTs(CHILD, [JSON.stringify(config)]);
      children.add(child);
      const exited = collect(child);
      await waitForOutput(child, /READY/, 60_000);
      return { child, exited };
    };

    it('resumes after the restart; nobody gets the message twice; the one in flight is uncertain', async (t) => {
      const { db } = world.runtime.database;
      const broadcast = await world.launch('crash test — آزمایش');
      const first = await spawnWorker();
      const sent = () => world.deliveredPerChat('sendMessage').size;
      const deadline = Date.now() + 120_000;
      while (sent() < USERS * 0.3) {
        if (Date.now() > deadline) throw new Error(`only ${sent()} sent`);
        await sleep(20);
      }
      // The next message reaches Telegram and takes effect, but its answer never comes.
      tg.inject({ method: 'sendMessage', bot: world.bot.token, fault: 'hang_after_effect', times: 1 });
      while (!tg.calls({ method: 'sendMessage', bot: world.bot.id }).some((c) => c.fault !== undefined)) {
        if (Date.now() > deadline) throw new Error('the hung call never came');
        await sleep(10);
      }
      first.child.kill('SIGKILL');
      assert.equal((await first.exited).signal, 'SIGKILL');
      const beforeRestart = sent();
      const inFlight = await db.broadcastRecipient.findMany({ where: { broadcastId: broadcast.id, status: 'sending' } });
      assert.equal(inFlight.length, 1, 'exactly the hung recipient is mid-send at the kill');
      assert.ok(beforeRestart < USERS, 'killed midway');

      const second = await spawnWorker();
      const done = await world.waitForStatus(broadcast.id, 'completed', 180_000);
      second.child.kill('SIGTERM');
      await second.exited;

      const rows = await world.recipients(broadcast.id);
      const uncertain = rows.filter((r) => r.status === 'uncertain');
      assert.deepEqual(uncertain.map((r) => r.id), [inFlight[0]!.id], 'the recipient cut off mid-call is uncertain');
      assert.equal(rows.filter((r) => r.status === 'sent').length, USERS - 1);
      assert.equal(done.sent, USERS - 1);

      // From the stand-in's own log: every chat received exactly one message, the uncertain one included.
      const delivered = world.deliveredPerChat('sendMessage');
      assert.equal(delivered.size, USERS);
      for (const [chat, calls] of delivered) assert.equal(calls.length, 1, `chat ${chat} received ${calls.length} messages`);
      assert.equal(delivered.get(uncertain[0]!.chatId)?.length, 1);
      t.diagnostic(`${beforeRestart} delivered before the kill, ${USERS - beforeRestart} after the restart`);
    });
  });
}
