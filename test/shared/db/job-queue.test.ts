import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testProviders, type TestDatabase } from '../../helpers/databases.ts';
import { spawnTs, waitForOutput, collect } from '../../helpers/child-process.ts';
import { createJobQueue } from '../../../src/shared/db/job-queue.ts';
import { createDatabase } from '../../../src/shared/db/create-db.ts';
import { createJobWorker } from '../../../src/shared/worker/job-worker.ts';
import { JobFailure } from '../../../src/shared/worker/job-handler.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import type { Job } from '../../../src/shared/db/prisma-types.ts';

const silent = createLogger({ level: 'silent' });

for (const provider of testProviders()) {
  describe(`job queue on ${provider}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(provider);
    });
    after(async () => {
      await database.drop();
    });

    it('a job claimed by a worker that is kill -9ed comes back after its lease and runs once to completion', async () => {
      const jobs = createJobQueue({ db: database.db, provider });
      const job = await database.db.$transaction((tx) => jobs.enqueue(tx, { kind: 'test_job', payload: { n: 1 }, maxAttempts: 3 }));
      assert.ok(job);

      const doomed = spawnTs('test/fixtures/job-worker-child.ts', [database.url, 'hang', '1500']);
      await waitForOutput(doomed, new RegExp(`STARTED ${job.id}`));
      doomed.kill('SIGKILL');
      await collect(doomed);
      const claimed = await database.db.job.findUniqueOrThrow({ where: { id: job.id } });
      assert.equal(claimed.status, 'running');

      const survivor = spawnTs('test/fixtures/job-worker-child.ts', [database.url, 'complete', '1500']);
      await waitForOutput(survivor, new RegExp(`COMPLETED ${job.id}`), 20_000);
      survivor.kill('SIGTERM');
      await collect(survivor);

      const done = await database.db.job.findUniqueOrThrow({ where: { id: job.id } });
      assert.equal(done.status, 'done');
      assert.equal(done.attempts, 2);
      const completions = await database.db.auditLog.count({ where: { action: 'job.completed', targetId: String(job.id) } });
      assert.equal(completions, 1);
    });

    it('retries with backoff, then fails visibly after maxAttempts', async () => {
      let clock = new Date('2030-01-01T00:00:00Z');
      const jobs = createJobQueue({ db: database.db, provider, now: () => clock, random: () => 0.5, backoffBaseMs: 1000 });
      const job = await database.db.$transaction((tx) => jobs.enqueue(tx, { kind: 'flaky', maxAttempts: 3 }));
      assert.ok(job);
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const claimed = await jobs.claim({ workerId: 'w', leaseMs: 60_000, kinds: ['flaky'] });
        assert.ok(claimed, `attempt ${attempt} was not claimable`);
        assert.equal(claimed.attempts, attempt);
        assert.equal(await jobs.claim({ workerId: 'other', leaseMs: 60_000, kinds: ['flaky'] }), null);
        const outcome = await jobs.retryLater(claimed, `boom ${attempt}`);
        const row: Job = await database.db.job.findUniqueOrThrow({ where: { id: job.id } });
        if (attempt < 3) {
          assert.equal(outcome, 'queued');
          delays.push(row.runAt.getTime() - clock.getTime());
          assert.equal(await jobs.claim({ workerId: 'w', leaseMs: 60_000, kinds: ['flaky'] }), null, 'ran before its backoff');
          clock = new Date(row.runAt.getTime() + 1);
        } else {
          assert.equal(outcome, 'failed');
          assert.equal(row.status, 'failed');
          assert.equal(row.lastError, 'boom 3');
        }
      }
      assert.ok(delays[1]! > delays[0]!, `backoff did not grow: ${delays.join(', ')}`);
    });

    it('a worker gives a job back untouched at shutdown, and only the claim holder can finish it', async () => {
      const jobs = createJobQueue({ db: database.db, provider });
      const job = await database.db.$transaction((tx) => jobs.enqueue(tx, { kind: 'slow' }));
      assert.ok(job);
      let started!: () => void;
      const startedPromise = new Promise<void>((resolve) => (started = resolve));
      const worker = createJobWorker({
        jobs,
        logger: silent,
        workerId: 'graceful',
        pollMs: 20,
        stopGraceMs: 200,
        handlers: {
          slow: ({ signal }) =>
            new Promise<void>((_resolve, reject) => {
              started();
              signal.addEventListener('abort', () => reject(new Error('aborted')));
            }),
        },
      });
      worker.start();
      await startedPromise;
      await worker.stop();
      const row = await database.db.job.findUniqueOrThrow({ where: { id: job.id } });
      assert.equal(row.status, 'queued');
      assert.equal(row.attempts, 0);

      const first = await jobs.claim({ workerId: 'a', leaseMs: 1, kinds: ['slow'] });
      assert.ok(first);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await jobs.claim({ workerId: 'b', leaseMs: 60_000, kinds: ['slow'] });
      assert.ok(second, 'an expired lease was not reclaimed');
      assert.equal(await jobs.complete(first), false, 'a stale claim finished the job');
      assert.equal(await jobs.complete(second), true);
    });

    it('a non-retryable failure fails at once', async () => {
      const jobs = createJobQueue({ db: database.db, provider });
      const job = await database.db.$transaction((tx) => jobs.enqueue(tx, { kind: 'doomed', maxAttempts: 5 }));
      assert.ok(job);
      const worker = createJobWorker({
        jobs,
        logger: silent,
        workerId: 'nr',
        pollMs: 20,
        handlers: { doomed: async () => Promise.reject(new JobFailure('bad input', { retryable: false })) },
      });
      worker.start();
      for (let i = 0; i < 100; i += 1) {
        const row = await database.db.job.findUniqueOrThrow({ where: { id: job.id } });
        if (row.status === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await worker.stop();
      const row = await database.db.job.findUniqueOrThrow({ where: { id: job.id } });
      assert.equal(row.status, 'failed');
      assert.equal(row.attempts, 1);
      assert.equal(row.lastError, 'bad input');
    });

    if (provider === 'postgresql') {
      it('two workers on separate connections never run the same job', async () => {
        const total = 150;
        const producer = createJobQueue({ db: database.db, provider });
        await database.db.$transaction(async (tx) => {
          for (let i = 0; i < total; i += 1) await producer.enqueue(tx, { kind: 'count_me', payload: { i } });
        });
        const clients = [createDatabase({ url: database.url, poolSize: 4 }), createDatabase({ url: database.url, poolSize: 4 })];
        const runs: number[] = [];
        const workers = clients.map((client, w) =>
          createJobWorker({
            jobs: createJobQueue({ db: client.db, provider }),
            logger: silent,
            workerId: `pg-${w}`,
            pollMs: 10,
            concurrency: 4,
            handlers: {
              count_me: async ({ job }) => {
                runs.push(job.id);
                await new Promise((resolve) => setTimeout(resolve, 2));
              },
            },
          }),
        );
        workers.forEach((worker) => worker.start());
        for (let i = 0; i < 300; i += 1) {
          if ((await database.db.job.count({ where: { kind: 'count_me', status: 'done' } })) === total) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await Promise.all(workers.map((worker) => worker.stop()));
        await Promise.all(clients.map((client) => client.close()));
        assert.equal(runs.length, total, 'some job ran twice or not at all');
        assert.equal(new Set(runs).size, total);
      });
    }
  });
}
