import { InstagramError } from '../../integrations/instagram/instagram-error.ts';
import type { PublishOutcome } from './delivery-outcome.ts';
import type { ResolvedDeliveryOptions } from './delivery-options.ts';

/**
 * What a failed Graph call means for the delivery: an expired token needs a person (`failed`
 * with a message the panel shows); a used-up quota or a container still processing is a wait,
 * not a failure; transient trouble is retried; anything Meta refused for good fails.
 */
export const TOKEN_EXPIRED_MESSAGE = 'Instagram token expired: reconnect Instagram (instagram.accessToken) in the settings, then retry';

export function instagramFailureOutcome(error: unknown, options: ResolvedDeliveryOptions): PublishOutcome {
  if (!(error instanceof InstagramError)) throw error;
  if (error.isTokenExpired) return { kind: 'failed', error: `${TOKEN_EXPIRED_MESSAGE} (${error.message})` };
  if (error.isQuotaReached) return { kind: 'wait', reason: 'the Instagram publishing limit (24 h) is reached', delayMs: options.instagramQuotaWaitMs };
  if (error.isNotReady) return { kind: 'wait', reason: 'the Instagram container is still being processed', delayMs: options.instagramPollMaxIntervalMs };
  if (error.isImageRejected) return { kind: 'failed', error: error.message };
  if (error.retryable || error.isMediaFetchFailed) return { kind: 'retry', error: error.message };
  return { kind: 'failed', error: error.message };
}
