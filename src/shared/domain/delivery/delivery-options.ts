import type { DeliveryChannel } from '../ads/delivery-channels.ts';
import { TELEGRAM_LIMITS, type ThrottleLimits } from '../../integrations/telegram/send-throttle.ts';

/**
 * Timings and test hooks of the delivery worker. The defaults follow Meta's advice (check a
 * container about once a minute, for at most five minutes) and the reference system's history;
 * tests shrink them.
 */
export interface DeliveryHookEvent {
  readonly adId: string;
  readonly channel: DeliveryChannel;
  /** The outbound call: sendMessage, sendPhoto, createContainer, getContainerStatus, getPublishingLimit, publishContainer, post. */
  readonly call: string;
  /** `before`: about to mark the attempt and call; `after`: the answer is in, not yet recorded. */
  readonly when: 'before' | 'after';
}

export interface DeliveryOptions {
  /** Backoff of retryable failures: base × 2^(attempt-1), capped, with jitter. */
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
  /** First wait before checking a new Instagram container; doubles per check up to the max. */
  readonly instagramPollIntervalMs?: number;
  readonly instagramPollMaxIntervalMs?: number;
  /** How long a container may stay IN_PROGRESS before the channel gives up (Meta: about 5 minutes). */
  readonly instagramPollTimeoutMs?: number;
  /** Wait before checking the publishing quota again once it is used up. */
  readonly instagramQuotaWaitMs?: number;
  /** Quota waits before giving up (default: a little over a day of waits). */
  readonly instagramMaxQuotaWaits?: number;
  /** Bot API deadline per call. */
  readonly telegramTimeoutSeconds?: number;
  /** Send throttle of the Bot API client (Telegram's limits by default; `false` in tests). */
  readonly telegramThrottle?: ThrottleLimits | false;
  /** Graph API deadline per call attempt. */
  readonly instagramTimeoutMs?: number;
  /** Webhook deadline per call. */
  readonly webhookTimeoutMs?: number;
  /** Deadline of one channel's run (all of its calls). */
  readonly runDeadlineMs?: number;
  readonly random?: () => number;
  readonly now?: () => Date;
  /** Test hook around every outbound call (the crash tests stop the process here). */
  readonly onCall?: (event: DeliveryHookEvent) => Promise<void> | void;
}

export type ResolvedDeliveryOptions = Required<Omit<DeliveryOptions, 'onCall'>> & Pick<DeliveryOptions, 'onCall'>;

export function resolveDeliveryOptions(options: DeliveryOptions = {}): ResolvedDeliveryOptions {
  const quotaWaitMs = options.instagramQuotaWaitMs ?? 15 * 60_000;
  return {
    retryBaseMs: options.retryBaseMs ?? 5_000,
    retryCapMs: options.retryCapMs ?? 10 * 60_000,
    instagramPollIntervalMs: options.instagramPollIntervalMs ?? 15_000,
    instagramPollMaxIntervalMs: options.instagramPollMaxIntervalMs ?? 60_000,
    instagramPollTimeoutMs: options.instagramPollTimeoutMs ?? 6 * 60_000,
    instagramQuotaWaitMs: quotaWaitMs,
    instagramMaxQuotaWaits: options.instagramMaxQuotaWaits ?? Math.ceil((26 * 3_600_000) / quotaWaitMs),
    telegramTimeoutSeconds: options.telegramTimeoutSeconds ?? 15,
    telegramThrottle: options.telegramThrottle ?? TELEGRAM_LIMITS,
    instagramTimeoutMs: options.instagramTimeoutMs ?? 15_000,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    runDeadlineMs: options.runDeadlineMs ?? 120_000,
    random: options.random ?? Math.random,
    now: options.now ?? (() => new Date()),
    onCall: options.onCall,
  };
}

/** Exponential backoff with half jitter for the n-th attempt (1-based). */
export function backoffMs(options: ResolvedDeliveryOptions, attempt: number): number {
  const exponential = Math.min(options.retryCapMs, options.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + options.random() * (exponential / 2));
}

/** The wait before the n-th status check of a container (1-based): doubling, capped. */
export function pollDelayMs(options: ResolvedDeliveryOptions, check: number): number {
  return Math.min(options.instagramPollMaxIntervalMs, options.instagramPollIntervalMs * 2 ** Math.max(0, check - 1));
}
