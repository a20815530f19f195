import assert from 'node:assert/strict';
import type { Runtime } from '../../../src/shared/runtime/create-runtime.ts';
import { createJobHandlers } from '../../../src/bot/jobs/job-handlers.ts';
import { JobFailure } from '../../../src/shared/worker/job-handler.ts';

export type JobRun = { readonly outcome: 'completed' } | { readonly outcome: 'failed'; readonly error: unknown };

/**
 * Claims the next job of `kind` and runs the bot process's handler for it, settling the job the
 * way the worker does (complete on success; retry or fail on error).
 */
export async function runNextJob(runtime: Runtime, kind: string): Promise<JobRun> {
  const job = await runtime.jobs.claim({ workerId: 'test', leaseMs: 60_000, kinds: [kind] });
  assert.ok(job, `no ${kind} job is queued`);
  const handler = createJobHandlers(runtime)[kind];
  assert.ok(handler, `no handler for ${kind}`);
  try {
    await handler({ job, signal: new AbortController().signal });
    await runtime.jobs.complete(job);
    return { outcome: 'completed' };
  } catch (error) {
    const retryable = error instanceof JobFailure ? error.retryable : true;
    if (retryable) await runtime.jobs.retryLater(job, String(error), error instanceof JobFailure ? error.delayMs : undefined);
    else await runtime.jobs.fail(job, String(error));
    return { outcome: 'failed', error };
  }
}
