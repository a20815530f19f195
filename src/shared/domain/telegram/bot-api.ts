import type { Api } from 'grammy';
import type { AppConfig } from '../../config/app-config.ts';
import { AppError } from '../../errors.ts';
import { createTelegramApi } from '../../integrations/telegram/create-telegram-api.ts';
import { toTelegramError, type TelegramError } from '../../integrations/telegram/telegram-error.ts';

/** The Bot API client the registry uses for one bot (getMe, setWebhook, ...): bounded retries. */
export function registryApi(config: Pick<AppConfig, 'telegramApiRoot'>, token: string): Api {
  return createTelegramApi(token, { apiRoot: config.telegramApiRoot, throttle: false });
}

/**
 * Converts a failed registry call into the project's error: a refused token is the caller's
 * mistake (validation_failed), anything else is an external failure. Never contains the token.
 */
export function registryError(error: unknown, what: string): AppError {
  const failure: TelegramError = toTelegramError(error);
  if (failure.kind === 'unauthorized') {
    return new AppError('validation_failed', `Telegram rejected the bot token (${failure.description})`, {
      fields: { token: 'rejected by Telegram' },
      cause: failure,
    });
  }
  return new AppError('external', `${what} failed: Telegram: ${failure.description}`, { retryable: failure.retryable, cause: failure });
}

/** One line for `lastError` and logs, without the payload (setWebhook's carries the secret). */
export function describeTelegramFailure(error: unknown): string {
  return toTelegramError(error).description.slice(0, 300);
}
