import type { ClaimedJob } from '../db/job-queue.ts';

/** Thrown by a handler to say how its failure should be treated. */
export class JobFailure extends Error {
  readonly retryable: boolean;
  readonly delayMs: number | undefined;
  constructor(message: string, options: { retryable: boolean; delayMs?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'JobFailure';
    this.retryable = options.retryable;
    this.delayMs = options.delayMs;
  }
}

export interface JobContext {
  readonly job: ClaimedJob;
  /** Aborted when the process is shutting down. */
  readonly signal: AbortSignal;
}

export type JobHandler = (context: JobContext) => Promise<void>;
