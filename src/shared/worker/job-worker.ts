import type { JobQueue, ClaimedJob } from '../db/job-queue.ts';
import type { Logger } from '../logger.ts';
import { redactText } from '../redact.ts';
import { JobFailure, type JobHandler } from './job-handler.ts';

export interface JobWorkerDeps {
  readonly jobs: JobQueue;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly logger: Logger;
  readonly workerId: string;
  /** How often to look for work when idle (SQLite short poll). */
  readonly pollMs?: number;
  readonly leaseMs?: number;
  /** Jobs run at once (1 on SQLite keeps one writer; more on PostgreSQL). */
  readonly concurrency?: number;
  /** How long stop() waits for in-flight jobs before giving them back. */
  readonly stopGraceMs?: number;
  readonly onJobDone?: (job: ClaimedJob, outcome: 'done' | 'retry' | 'failed', ms: number) => void;
}

export interface JobWorker {
  start(): void;
  stop(): Promise<void>;
  /** Wake the loop now (new work was just written by this process). */
  poke(): void;
  readonly inFlight: number;
}

/** Claims jobs of the registered kinds and runs them; one loop per concurrency slot. */
export function createJobWorker(deps: JobWorkerDeps): JobWorker {
  const pollMs = deps.pollMs ?? 100;
  const leaseMs = deps.leaseMs ?? 60_000;
  const kinds = Object.keys(deps.handlers);
  const abort = new AbortController();
  const running = new Set<Promise<void>>();
  const inFlight = new Map<number, ClaimedJob>();
  let loops: Promise<void>[] = [];
  let wake: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        abort.signal.removeEventListener('abort', done);
        wake = null;
        resolve();
      }
      wake = done;
      abort.signal.addEventListener('abort', done, { once: true });
    });

  async function runOne(job: ClaimedJob): Promise<void> {
    const handler = deps.handlers[job.kind];
    const started = Date.now();
    const log = deps.logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    if (!handler) {
      await deps.jobs.fail(job, `no handler for job kind ${job.kind}`);
      return;
    }
    const renew = setInterval(() => void deps.jobs.extendLease(job, leaseMs).catch(() => undefined), Math.max(1000, leaseMs / 3));
    try {
      await handler({ job, signal: abort.signal });
      await deps.jobs.complete(job);
      deps.onJobDone?.(job, 'done', Date.now() - started);
    } catch (error) {
      const message = redactText(error instanceof Error ? error.message : String(error));
      if (abort.signal.aborted && !(error instanceof JobFailure)) {
        await deps.jobs.release(job);
        log.info({ msg: 'job given back at shutdown' });
        return;
      }
      const retryable = error instanceof JobFailure ? error.retryable : true;
      const outcome = retryable
        ? await deps.jobs.retryLater(job, message, error instanceof JobFailure ? error.delayMs : undefined)
        : ((await deps.jobs.fail(job, message)), 'failed' as const);
      log.warn({ msg: 'job failed', outcome, error: message });
      deps.onJobDone?.(job, outcome === 'queued' ? 'retry' : 'failed', Date.now() - started);
    } finally {
      clearInterval(renew);
    }
  }

  async function loop(slot: number): Promise<void> {
    while (!abort.signal.aborted) {
      let job: ClaimedJob | null = null;
      try {
        job = await deps.jobs.claim({ workerId: `${deps.workerId}/${slot}`, leaseMs, kinds });
      } catch (error) {
        deps.logger.error({ msg: 'claiming a job failed', err: error });
      }
      if (!job) {
        await sleep(pollMs);
        continue;
      }
      inFlight.set(job.id, job);
      const task = runOne(job).finally(() => inFlight.delete(job.id));
      running.add(task);
      try {
        await task;
      } finally {
        running.delete(task);
      }
    }
  }

  return {
    start() {
      if (loops.length) return;
      loops = Array.from({ length: deps.concurrency ?? 1 }, (_, slot) => loop(slot));
    },
    async stop() {
      abort.abort();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, deps.stopGraceMs ?? 10_000).unref());
      await Promise.race([Promise.allSettled([...running]), grace]);
      // Whatever is still running is given back so another run picks it up at once.
      for (const job of inFlight.values()) await deps.jobs.release(job).catch(() => undefined);
      await Promise.race([Promise.allSettled(loops), grace]);
      loops = [];
    },
    poke() {
      wake?.();
    },
    get inFlight() {
      return inFlight.size;
    },
  };
}
