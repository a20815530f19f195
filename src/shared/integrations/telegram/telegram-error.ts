import { GrammyError, HttpError } from 'grammy';
import { AppError } from '../../errors.ts';
import { redactText } from '../../redact.ts';

/**
 * What a failed Bot API call tells us about its effect — the question that decides whether it
 * may be repeated (the Bot API has no idempotency key):
 * - `rejected`: Telegram answered 400-class (bad request, chat not found); nothing happened.
 * - `rate_limited`: 429 with retry_after; nothing happened, try after the wait.
 * - `forbidden`: 403 (user blocked the bot, bot not in the channel); nothing happened.
 * - `unauthorized`: 401 (the token is invalid or revoked).
 * - `not_sent`: the request never reached Telegram (connection refused, DNS); safe to repeat.
 * - `unknown_outcome`: sent but no usable answer (timeout, reset, 5xx, malformed reply); it may
 *   have taken effect, so it must not be repeated blindly.
 */
export type TelegramFailureKind = 'rejected' | 'rate_limited' | 'forbidden' | 'unauthorized' | 'not_sent' | 'unknown_outcome';

export class TelegramError extends AppError {
  readonly kind: TelegramFailureKind;
  readonly errorCode: number | null;
  readonly retryAfterSeconds: number | null;
  readonly description: string;

  constructor(kind: TelegramFailureKind, description: string, details: { errorCode?: number | null; retryAfterSeconds?: number | null; cause?: unknown } = {}) {
    const safe = redactText(description);
    super('external', `Telegram: ${safe}`, { retryable: kind === 'rate_limited' || kind === 'not_sent', cause: details.cause });
    this.name = 'TelegramError';
    this.kind = kind;
    this.description = safe;
    this.errorCode = details.errorCode ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }

  /** True when Telegram has proven the call had no effect. */
  get provenNotDone(): boolean {
    return this.kind !== 'unknown_outcome';
  }
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function toTelegramError(error: unknown): TelegramError {
  if (error instanceof TelegramError) return error;
  if (error instanceof GrammyError) {
    const code = error.error_code;
    const kind: TelegramFailureKind =
      code === 429 ? 'rate_limited' : code === 401 || code === 404 ? 'unauthorized' : code === 403 ? 'forbidden' : code >= 500 ? 'unknown_outcome' : 'rejected';
    return new TelegramError(kind, `${code} ${error.description}`, { errorCode: code, retryAfterSeconds: error.parameters.retry_after ?? null, cause: error });
  }
  if (error instanceof HttpError) {
    const inner = error.error as { code?: string; errno?: string; type?: string; name?: string } | undefined;
    const code = inner?.code ?? inner?.errno;
    if (code && NOT_SENT_CODES.has(code)) return new TelegramError('not_sent', `network error before sending (${code})`, { cause: error });
    return new TelegramError('unknown_outcome', `no usable answer (${inner?.name ?? inner?.type ?? 'network error'}${code ? ` ${code}` : ''})`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TelegramError('unknown_outcome', message, { cause: error });
}
