import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { testProviders } from '../../helpers/databases.ts';
import { createTestRuntime, type TestRuntime } from '../../helpers/test-runtime.ts';
import { collect, spawnTs, waitForOutput } from '../../helpers/child-process.ts';
import { startTelegramStandIn, type StandInBot, type TelegramStandIn } from '../../stand-ins/telegram/telegram-stand-in.ts';
import type { SimulatedUser } from '../../stand-ins/telegram/user-simulator.ts';
import { addBot } from '../../../src/shared/domain/telegram/bot-registry.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CHILD = 'test/fixtures/bot-transport-child.ts';

async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A stream of messages from several users, round-robin, each one's update_id noted. */
function startStream(tg: TelegramStandIn, bot: StandInBot, users: readonly SimulatedUser[], everyMs: number) {
  const sent: Array<{ updateId: number; chat: number }> = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i += 1) {
      const user = users[i % users.length] as SimulatedUser;
      const update = tg.pushUpdate(bot, {
        message: { message_id: 1_000 + i, date: Math.floor(Date.now() / 1000), chat: user.chat, from: user.user, text: `m${i}` },
      });
      sent.push({ updateId: update.update_id, chat: user.id });
      await sleep(everyMs);
    }
  })();
  return {
    sent,
    async stop() {
      running = false;
      await done;
    },
  };
}

for (const provider of testProviders()) {
  describe(`bot process restarts while polling: nothing lost, nothing doubled (${provider})`, () => {
    let tg: TelegramStandIn;
    let rt: TestRuntime;
    let env: Record<string, string>;
    const children = new Set<ChildProcess>();

    before(async () => {
      tg = await startTelegramStandIn();
      rt = await createTestRuntime(provider, { TELEGRAM_API_ROOT: tg.url });
      env = {
        DATABASE_URL: rt.testDb.url,
        APP_SECRET: rt.config.appSecret.toString('hex'),
        TELEGRAM_API_ROOT: tg.url,
        CWD: rt.testDb.dir,
        LOG_LEVEL: 'silent',
      };
    });

    after(async () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rt.close();
      await tg.close();
    });

    async function startChild(args: string[] = []): Promise<{ child: ChildProcess; exited: ReturnType<typeof collect> }> {
      const child = spawnTs(CHILD, args, env);
      children.add(child);
      const exited = collect(child);
      await waitForOutput(child, /READY/, 30_000);
      return { child, exited };
    }

    /** update_id → how many times the test handler recorded it, for one bot. */
    async function handledCounts(botId: number): Promise<Map<number, number>> {
      const rows = await rt.database.db.auditLog.findMany({ where: { action: 'test.update.handled', actorId: String(botId) }, orderBy: { id: 'asc' } });
      const counts = new Map<number, number>();
      for (const row of rows) counts.set(Number(row.targetId), (counts.get(Number(row.targetId)) ?? 0) + 1);
      return counts;
    }

    async function handledOrder(botId: number): Promise<number[]> {
      const rows = await rt.database.db.auditLog.findMany({ where: { action: 'test.update.handled', actorId: String(botId) }, orderBy: { id: 'asc' } });
      return rows.map((r) => Number(r.targetId));
    }

    async function settle(botId: number, sent: ReadonlyArray<{ updateId: number }>): Promise<Map<number, number>> {
      await waitFor('every update handled', async () => {
        const counts = await handledCounts(botId);
        return sent.every((s) => counts.has(s.updateId));
      }).catch(async (error: unknown) => {
        const counts = await handledCounts(botId);
        const missing = sent.filter((s) => !counts.has(s.updateId)).map((s) => s.updateId);
        const rows = await rt.database.db.inboxUpdate.findMany({ where: { botId, updateId: { in: missing.slice(0, 20) } } });
        console.log('missing', missing.length, 'of', sent.length, JSON.stringify(rows.map((r) => [r.updateId, r.status, r.attempts, r.lastError])));
        console.log(tg.calls().slice(-15).map((c) => `${c.method} ${c.response?.status ?? c.fault ?? 'pending'} ${JSON.stringify(c.params).slice(0, 80)}`).join('\n'));
        throw error;
      });
      await waitFor('inbox drained', async () => (await rt.database.db.inboxUpdate.count({ where: { botId, status: { in: ['pending', 'processing'] } } })) === 0);
      return handledCounts(botId);
    }

    function assertOrderPerChat(order: readonly number[], sent: ReadonlyArray<{ updateId: number; chat: number }>): void {
      const chatOf = new Map(sent.map((s) => [s.updateId, s.chat]));
      const seen = new Set<number>();
      const lastByChat = new Map<number, number>();
      for (const id of order) {
        if (seen.has(id)) continue;
        seen.add(id);
        const chat = chatOf.get(id) ?? 0;
        assert.ok((lastByChat.get(chat) ?? 0) < id, `chat ${chat}: update ${id} handled after a later one`);
        lastByChat.set(chat, id);
      }
    }

    it('kill -9 mid-stream, then restart: every update is handled; only an update whose handler was running at the kill may run again', async (t) => {
      const standIn = tg.addBot();
      const bot = await addBot(rt, standIn.token, 'polling');
      const users = [tg.user({ bot: standIn }), tg.user({ bot: standIn }), tg.user({ bot: standIn }), tg.user({ bot: standIn })];
      const first = await startChild(['20']);
      const stream = startStream(tg, standIn, users, 20);
      await waitFor('some updates handled', async () => (await handledCounts(bot.id)).size >= 25);
      await sleep(Math.random() * 40);
      first.child.kill('SIGKILL');
      const killed = await first.exited;
      assert.equal(killed.signal, 'SIGKILL');
      await sleep(400);
      const second = await startChild(['20']);
      await sleep(400);
      await stream.stop();
      const counts = await settle(bot.id, stream.sent);

      const rows = await rt.database.db.inboxUpdate.findMany({ where: { botId: bot.id } });
      assert.equal(rows.length, stream.sent.length, 'one inbox row per update');
      assert.ok(rows.every((r) => r.status === 'done'), 'nothing failed');
      const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
      const redelivered = new Set(rows.filter((r) => r.attempts > 1).map((r) => r.updateId));
      assert.ok(twice.every((id) => redelivered.has(id)), `handled twice without being in flight at the kill: ${twice.filter((id) => !redelivered.has(id)).join(', ')}`);
      assert.ok(redelivered.size <= 4, `at most the 4 handlers running at the kill are run again (${redelivered.size})`);
      assert.ok([...counts.values()].every((n) => n <= 2));
      t.diagnostic(`${stream.sent.length} updates, ${redelivered.size} in flight at the kill and redelivered, ${twice.length} handled twice`);
      assertOrderPerChat(await handledOrder(bot.id), stream.sent);

      second.child.kill('SIGTERM');
      const stopped = await second.exited;
      assert.equal(stopped.code, 0, stopped.stderr);
    });

    it('SIGTERM mid-stream, then restart: every update handled exactly once, in order per chat', async () => {
      const standIn = tg.addBot();
      const bot = await addBot(rt, standIn.token, 'polling');
      await rt.database.db.telegramBot.updateMany({ where: { id: { not: bot.id } }, data: { enabled: false } });
      const users = [tg.user({ bot: standIn }), tg.user({ bot: standIn }), tg.user({ bot: standIn })];
      const first = await startChild(['10']);
      const stream = startStream(tg, standIn, users, 20);
      await waitFor('some updates handled', async () => (await handledCounts(bot.id)).size >= 20);
      first.child.kill('SIGTERM');
      const stopped = await first.exited;
      assert.equal(stopped.code, 0, stopped.stderr);
      assert.equal(await rt.database.db.inboxUpdate.count({ where: { botId: bot.id, status: 'processing' } }), 0, 'nothing left in progress');
      const second = await startChild(['10']);
      await sleep(300);
      await stream.stop();
      const counts = await settle(bot.id, stream.sent);
      assert.equal(counts.size, stream.sent.length);
      assert.deepEqual([...counts.values()].filter((n) => n !== 1), [], 'each update exactly once');
      assertOrderPerChat(await handledOrder(bot.id), stream.sent);
      second.child.kill('SIGTERM');
      assert.equal((await second.exited).code, 0);
    });

    it('--for cuts the long poll short and exits 0 at the deadline', async () => {
      // Long polls of 45 s (the stand-in allows 50) against a 2 s limit: only cutting the poll short
      // can end the run well before 45 s, however slow a loaded machine is at starting the process.
      const child = spawnTs(CHILD, ['5', '--for', '2'], { ...env, TEST_POLL_TIMEOUT_SECONDS: '45' });
      children.add(child);
      const exited = collect(child);
      await waitForOutput(child, /READY/, 60_000);
      const ready = Date.now();
      const result = await exited;
      const elapsed = Date.now() - ready;
      assert.equal(result.code, 0, result.stderr);
      assert.ok(elapsed < 30_000, `exited at the deadline, not after a 45 s long poll (${elapsed} ms after READY)`);
      children.delete(child);
    });
  });
}
