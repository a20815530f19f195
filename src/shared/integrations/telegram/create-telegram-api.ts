import { Api } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import { createSendThrottle, type ThrottleLimits } from './send-throttle.ts';

/**
 * The one way this project talks to the Bot API outside grammY's Bot (deliveries, notifications,
 * the bot registry). Every call has a deadline; retries are bounded and honour retry_after:
 * - `interactive` (replies, notifications): retries 429 and 5xx;
 * - `publishing` (channel posts): retries only 429 — anything that may have taken effect is
 *   returned to the caller, which records it as `uncertain` instead of posting twice.
 * Network errors are never retried here (grammY cannot tell sent from not sent); callers use
 * toTelegramError to decide.
 */
export interface TelegramApiOptions {
  readonly apiRoot: string;
  readonly profile?: 'interactive' | 'publishing';
  readonly timeoutSeconds?: number;
  readonly maxRetryAttempts?: number;
  readonly maxDelaySeconds?: number;
  readonly throttle?: ThrottleLimits | false;
}

export function createTelegramApi(token: string, options: TelegramApiOptions): Api {
  const api = new Api(token, {
    apiRoot: options.apiRoot,
    timeoutSeconds: options.timeoutSeconds ?? 15,
    sensitiveLogs: false,
  });
  installTelegramTransformers(api, options);
  return api;
}

/** Applies the retry and throttle policy to an Api (also a grammY Bot's `bot.api`). */
export function installTelegramTransformers(api: Api, options: Omit<TelegramApiOptions, 'apiRoot'>): void {
  if (options.throttle !== false) api.config.use(createSendThrottle(options.throttle));
  api.config.use(
    autoRetry({
      maxRetryAttempts: options.maxRetryAttempts ?? 2,
      maxDelaySeconds: options.maxDelaySeconds ?? 30,
      rethrowInternalServerErrors: (options.profile ?? 'interactive') === 'publishing',
      rethrowHttpErrors: true,
    }),
  );
}
