import { toTelegramError } from '../../integrations/telegram/telegram-error.ts';
import type { PublishOutcome } from './delivery-outcome.ts';

/**
 * What a failed Bot API send means for the delivery. Only answers that prove nothing happened
 * (429, 400-class rejections, a connection refused before sending) are retried; a call that may
 * have reached Telegram (timeout, reset, 5xx, malformed reply) ends `uncertain` for staff to
 * resolve, because the Bot API has no idempotency key.
 */
export const INTERRUPTED_MESSAGE =
  'interrupted after the request may have reached Telegram; check the chat, then mark as posted or post again';

export function telegramFailureOutcome(error: unknown): PublishOutcome {
  const e = toTelegramError(error);
  switch (e.kind) {
    case 'rate_limited':
      return { kind: 'retry', error: e.message, ...(e.retryAfterSeconds !== null ? { delayMs: e.retryAfterSeconds * 1000 } : {}) };
    case 'not_sent':
    case 'rejected':
      return { kind: 'retry', error: e.message };
    case 'forbidden':
      return { kind: 'failed', error: e.message };
    case 'unauthorized':
      return { kind: 'failed', error: `${e.message} (the bot token was rejected; check the bot in the panel)` };
    case 'unknown_outcome':
      return { kind: 'uncertain', error: `${e.message}: ${INTERRUPTED_MESSAGE}` };
  }
}
