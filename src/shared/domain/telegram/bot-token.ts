import crypto from 'node:crypto';
import { AppError } from '../../errors.ts';

/** What Telegram's BotFather hands out: `<bot id>:<35 characters>`. */
const TOKEN_PATTERN = /^\d+:[A-Za-z0-9_-]{20,}$/;

/** Throws a validation error (never echoing the token) when it cannot be a bot token. */
export function assertTokenFormat(token: string): void {
  if (!TOKEN_PATTERN.test(token)) {
    throw new AppError('validation_failed', 'That is not a Telegram bot token (expected 123456:ABC...)', {
      fields: { token: 'must look like 123456:ABC...' },
    });
  }
}

/** sha256 of the token: the unique key of a bot row (the token itself is stored encrypted). */
export function hashBotToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A random `secret_token` for setWebhook: 43 characters of [A-Za-z0-9_-]. */
export function generateWebhookSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}
