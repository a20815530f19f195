import { toTelegramError, type TelegramError } from '../../shared/integrations/telegram/telegram-error.ts';
import { JobFailure } from '../../shared/worker/job-handler.ts';

/**
 * How a failed Bot API call ends a notification job: 429 and "never sent" are retried (after
 * retry_after when Telegram gave one); everything else follows toTelegramError — a call that may
 * have taken effect (timeout, 5xx after auto-retry) is not repeated, so no duplicate message.
 */
export function telegramJobFailure(error: unknown, what: string): JobFailure {
  const failure: TelegramError = toTelegramError(error);
  const retryable = failure.kind === 'rate_limited' || failure.kind === 'not_sent' || failure.retryable;
  const delayMs = failure.retryAfterSeconds !== null ? failure.retryAfterSeconds * 1000 : undefined;
  return new JobFailure(`${what}: ${failure.message}`, { retryable, ...(delayMs !== undefined ? { delayMs } : {}), cause: failure });
}

export function isForbidden(error: unknown): boolean {
  return toTelegramError(error).kind === 'forbidden';
}

/** The ad id of a job payload `{ adId }`; a malformed payload fails the job for good. */
export function payloadAdId(payload: unknown): string {
  const adId = (payload as { adId?: unknown } | null)?.adId;
  if (typeof adId !== 'string' || adId.length === 0) throw new JobFailure('payload has no adId', { retryable: false });
  return adId;
}
