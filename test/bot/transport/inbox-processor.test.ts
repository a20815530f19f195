import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Update } from 'grammy/types';
import { testProviders, createTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { createInboxRecorder } from '../../../src/shared/domain/telegram/inbox-recorder.ts';
import { createInboxMetrics } from '../../../src/shared/domain/telegram/inbox-metrics.ts';
import { createInboxProcessor, type InboxProcessorDeps } from '../../../src/bot/transport/inbox-processor.ts';
import type { UpdateHandler } from '../../../src/bot/transport/update-handler.ts';
import { insertBotRow, textUpdate } from '../../fixtures/bot-updates.ts';

const logger = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

for (const provider of testProviders()) {
  describe(`inbox processor (${provider})`, () => {
    let database: TestDatabase;
    let nextId = 10_000;
    const recorder = () => createInboxRecorder({ provider });

    before(async () => {
      database = await createTestDatabase(provider);
    });

    after(async () => {
      await database.drop();
    });

    function processor(handler: UpdateHandler, options: Partial<InboxProcessorDeps> = {}) {
      return createInboxProcessor({ db: database.db, provider, logger, resolveHandler: async () => handler, pollMs: 30, retryDelaysMs: [50], ...options });
    }

    async function allFinished(botId: number): Promise<boolean> {
      return (await database.db.inboxUpdate.count({ where: { botId, status: { in: ['pending', 'processing'] } } })) === 0;
    }

    it('handles every row once, in order within each chat, several chats at once', async () => {
      const botId = await insertBotRow(database.db);
      const chats = [501, 502, 503, 504];
      const updates: Update[] = [];
      for (let i = 0; i < 12; i += 1) for (const chat of chats) updates.push(textUpdate(nextId++, chat));
      await recorder().record(database.db, botId, updates, 'polling');

      const handled: Array<{ chat: number; id: number }> = [];
      const active = new Map<number, number>();
      let maxParallel = 0;
      let parallelNow = 0;
      const metrics = createInboxMetrics();
      const worker = processor(
        async (update) => {
          const chat = update.message?.chat.id ?? 0;
          assert.equal(active.get(chat) ?? 0, 0, `two updates of chat ${chat} at once`);
          active.set(chat, 1);
          parallelNow += 1;
          maxParallel = Math.max(maxParallel, parallelNow);
          await sleep(5 + Math.random() * 10);
          handled.push({ chat, id: update.update_id });
          parallelNow -= 1;
          active.set(chat, 0);
        },
        { concurrency: 3, metrics },
      );
      await worker.start();
      try {
        await waitFor('every row handled', () => allFinished(botId));
      } finally {
        await worker.stop();
      }
      assert.equal(handled.length, updates.length, 'each update handled exactly once');
      assert.equal(new Set(handled.map((h) => h.id)).size, updates.length);
      for (const chat of chats) {
        const ids = handled.filter((h) => h.chat === chat).map((h) => h.id);
        assert.deepEqual(ids, [...ids].sort((a, b) => a - b), `chat ${chat} in order`);
      }
      assert.ok(maxParallel > 1 && maxParallel <= 3, `chats ran in parallel within the bound (max ${maxParallel})`);
      assert.equal(metrics.snapshot().processed, updates.length);
      const rows = await database.db.inboxUpdate.findMany({ where: { botId } });
      assert.ok(rows.every((r) => r.status === 'done' && r.attempts === 1 && r.handledAt !== null));
    });

    it('retries a failing update, gives up after maxAttempts with the error, and the chat moves on', async () => {
      const botId = await insertBotRow(database.db);
      const flaky = nextId++;
      const broken = nextId++;
      const after = nextId++;
      await recorder().record(database.db, botId, [textUpdate(flaky, 601), textUpdate(broken, 602), textUpdate(after, 602)], 'polling');
      const calls = new Map<number, number>();
      const order: number[] = [];
      const worker = processor(async (update) => {
        const n = (calls.get(update.update_id) ?? 0) + 1;
        calls.set(update.update_id, n);
        if (update.update_id === flaky && n < 3) throw new Error(`flaky attempt ${n}`);
        if (update.update_id === broken) throw new Error('broken for good, token 123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
        order.push(update.update_id);
      }, { maxAttempts: 3 });
      await worker.start();
      try {
        await waitFor('rows finished', () => allFinished(botId));
      } finally {
        await worker.stop();
      }
      const rows = new Map((await database.db.inboxUpdate.findMany({ where: { botId } })).map((r) => [r.updateId, r]));
      assert.equal(rows.get(flaky)?.status, 'done');
      assert.equal(rows.get(flaky)?.attempts, 3);
      assert.equal(rows.get(broken)?.status, 'failed');
      assert.equal(rows.get(broken)?.attempts, 3);
      assert.match(rows.get(broken)?.lastError ?? '', /broken for good/);
      assert.ok(!(rows.get(broken)?.lastError ?? '').includes('AAAAAAAAAAAAAAAAAAAA'), 'secrets are scrubbed from lastError');
      assert.equal(rows.get(after)?.status, 'done', 'the chat continues after the failed update');
      assert.deepEqual(calls.get(broken), 3);
      assert.deepEqual([...order].sort((a, b) => a - b), [flaky, after]);
      assert.equal(calls.get(after), 1);
    });

    it('a handler that hangs counts as a failed attempt after its deadline, and its chat goes on', async () => {
      const botId = await insertBotRow(database.db);
      const hang = nextId++;
      const next = nextId++;
      await recorder().record(database.db, botId, [textUpdate(hang, 701), textUpdate(next, 701)], 'polling');
      const seen: number[] = [];
      const worker = processor(async (update) => {
        seen.push(update.update_id);
        if (update.update_id === hang) await new Promise(() => undefined);
      }, { maxAttempts: 1, handlerTimeoutMs: 150 });
      await worker.start();
      try {
        await waitFor('rows finished', () => allFinished(botId));
      } finally {
        await worker.stop();
      }
      const rows = await database.db.inboxUpdate.findMany({ where: { botId }, orderBy: { updateId: 'asc' } });
      assert.deepEqual(rows.map((r) => r.status), ['failed', 'done']);
      assert.match(rows[0]?.lastError ?? '', /did not finish within 150 ms/);
      assert.deepEqual(seen, [hang, next]);
    });

    it('rows left in progress by a dead process are handled again once on restart; exhausted ones fail', async () => {
      const botId = await insertBotRow(database.db);
      const inFlight = nextId++;
      const lastChance = nextId++;
      await recorder().record(database.db, botId, [textUpdate(inFlight, 801), textUpdate(lastChance, 802)], 'polling');
      const farFuture = new Date(Date.now() + 3_600_000);
      await database.db.inboxUpdate.updateMany({ where: { botId, updateId: inFlight }, data: { status: 'processing', attempts: 1, leaseUntil: farFuture } });
      await database.db.inboxUpdate.updateMany({ where: { botId, updateId: lastChance }, data: { status: 'processing', attempts: 3, leaseUntil: farFuture } });
      const seen: number[] = [];
      const worker = processor(async (update) => void seen.push(update.update_id), { recoverOnStart: true, maxAttempts: 3 });
      await worker.start();
      try {
        await waitFor('rows finished', () => allFinished(botId));
      } finally {
        await worker.stop();
      }
      assert.deepEqual(seen, [inFlight]);
      const rows = await database.db.inboxUpdate.findMany({ where: { botId }, orderBy: { updateId: 'asc' } });
      assert.deepEqual(rows.map((r) => [r.status, r.attempts]), [['done', 2], ['failed', 3]]);
      assert.match(rows[1]?.lastError ?? '', /stopped during the last attempt/);
    });

    it('without recovery, a row whose lease has not expired is left alone until it does', async () => {
      const botId = await insertBotRow(database.db);
      const id = nextId++;
      await recorder().record(database.db, botId, [textUpdate(id, 901)], 'polling');
      await database.db.inboxUpdate.updateMany({ where: { botId }, data: { status: 'processing', attempts: 1, leaseUntil: new Date(Date.now() + 400) } });
      const seen: number[] = [];
      const worker = processor(async (update) => void seen.push(update.update_id));
      await worker.start();
      try {
        await sleep(200);
        assert.deepEqual(seen, [], 'the lease still holds');
        await waitFor('lease expiry then handling', async () => seen.length === 1);
      } finally {
        await worker.stop();
      }
    });

    it("a disabled bot's rows wait and are handled once it is enabled again", async () => {
      const botId = await insertBotRow(database.db, { enabled: false });
      await recorder().record(database.db, botId, [textUpdate(nextId++, 1001)], 'webhook');
      const seen: number[] = [];
      const worker = processor(async (update) => void seen.push(update.update_id));
      await worker.start();
      try {
        await sleep(200);
        assert.deepEqual(seen, []);
        await database.db.telegramBot.update({ where: { id: botId }, data: { enabled: true } });
        await waitFor('handling after enabling', async () => seen.length === 1);
      } finally {
        await worker.stop();
      }
    });

    it('picks up rows recorded by another process within the short poll, and at once when poked', async () => {
      const botId = await insertBotRow(database.db);
      const handledAt = new Map<number, number>();
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Infinity;
      async function latencies(worker: ReturnType<typeof processor>, poke: boolean): Promise<number[]> {
        const result: number[] = [];
        for (let i = 0; i < 5; i += 1) {
          const id = nextId++;
          const at = Date.now();
          await recorder().record(database.db, botId, [textUpdate(id, 1101)], 'polling');
          if (poke) worker.poke();
          await waitFor('handled', async () => handledAt.has(id));
          result.push((handledAt.get(id) ?? 0) - at);
          await sleep(30);
        }
        return result;
      }
      const shortPoll = processor(async (update) => void handledAt.set(update.update_id, Date.now()), { pollMs: 100 });
      await shortPoll.start();
      try {
        const polled = await latencies(shortPoll, false);
        // ~100 ms plus the claim; generous because test machines may be loaded.
        assert.ok(median(polled) < 600, `picked up within the short poll (${polled.join(', ')} ms)`);
      } finally {
        await shortPoll.stop();
      }
      const longPoll = processor(async (update) => void handledAt.set(update.update_id, Date.now()), { pollMs: 5_000 });
      await longPoll.start();
      try {
        await sleep(50);
        const poked = await latencies(longPoll, true);
        assert.ok(Math.max(...poked) < 2_500, `poked: handled without waiting for the 5 s poll (${poked.join(', ')} ms)`);
      } finally {
        await longPoll.stop();
      }
    });

    it('stop() waits for running handlers; a row still running after the grace is given back untouched', async () => {
      const botId = await insertBotRow(database.db);
      const slow = nextId++;
      await recorder().record(database.db, botId, [textUpdate(slow, 1201)], 'polling');
      let started = false;
      const worker = processor(async () => {
        started = true;
        await new Promise(() => undefined);
      }, { stopGraceMs: 100 });
      await worker.start();
      await waitFor('handler started', async () => started);
      await worker.stop();
      const row = await database.db.inboxUpdate.findFirstOrThrow({ where: { botId } });
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 0, 'the interrupted attempt does not count');
    });
  });
}
