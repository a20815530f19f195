import { describeOpenAiFailure, type OpenAiFailure } from './openai-failure.ts';

export type DeadlineResult<T> = { ok: true; value: T } | { ok: false; failure: OpenAiFailure };

/**
 * Runs one OpenAI call under an overall deadline (the AbortSignal) and retries it only while a
 * retry still fits: a 429 whose retry-after ends before the deadline is waited out and retried;
 * one beyond it is not waited for at all. The SDK itself runs with maxRetries 0, so no hidden
 * sleep can outlive the deadline.
 */
export async function callWithinDeadline<T>(
  call: (signal: AbortSignal) => Promise<T>,
  options: { signal: AbortSignal; deadlineAt: number; maxAttempts?: number; backoffMs?: number; now?: () => number },
): Promise<DeadlineResult<T>> {
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { ok: true, value: await call(options.signal) };
    } catch (error) {
      const failure = describeOpenAiFailure(error, options.signal.aborted);
      if (!failure.retryable || attempt >= maxAttempts) return { ok: false, failure };
      const waitMs = failure.retryAfterSeconds !== null ? failure.retryAfterSeconds * 1000 : (options.backoffMs ?? 250) * 2 ** (attempt - 1);
      if (now() + waitMs >= options.deadlineAt) {
        return { ok: false, failure: { ...failure, reason: `${failure.reason}; retry would not fit the deadline`, retryable: false } };
      }
      const aborted = await sleep(waitMs, options.signal);
      if (aborted) return { ok: false, failure: { reason: 'timed out', retryAfterSeconds: null, retryable: false } };
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(true);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
