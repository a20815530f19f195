import OpenAI from 'openai';
import { redactText } from '../../redact.ts';

/** Why an OpenAI call gave no usable answer, in words staff can read; and whether to retry. */
export interface OpenAiFailure {
  readonly reason: string;
  /** Seconds the server asked us to wait (429 retry-after), when it said. */
  readonly retryAfterSeconds: number | null;
  readonly retryable: boolean;
}

export function describeOpenAiFailure(error: unknown, deadlineHit: boolean): OpenAiFailure {
  if (deadlineHit) return { reason: 'timed out', retryAfterSeconds: null, retryable: false };
  if (error instanceof OpenAI.APIUserAbortError) return { reason: 'aborted', retryAfterSeconds: null, retryable: false };
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { reason: 'timed out', retryAfterSeconds: null, retryable: false };
  if (error instanceof OpenAI.RateLimitError) {
    return { reason: 'rate limited (429)', retryAfterSeconds: parseRetryAfter(error.headers), retryable: true };
  }
  if (error instanceof OpenAI.AuthenticationError) return { reason: 'the API key was refused (401)', retryAfterSeconds: null, retryable: false };
  if (error instanceof OpenAI.InternalServerError) return { reason: `server error (${error.status})`, retryAfterSeconds: null, retryable: true };
  if (error instanceof OpenAI.APIConnectionError) return { reason: 'connection failed', retryAfterSeconds: null, retryable: true };
  if (error instanceof OpenAI.APIError) return { reason: `request refused (${error.status ?? 'no status'})`, retryAfterSeconds: null, retryable: false };
  const message = error instanceof Error ? error.message : String(error);
  return { reason: redactText(message).slice(0, 200), retryAfterSeconds: null, retryable: false };
}

function parseRetryAfter(headers: Headers | undefined): number | null {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms) / 1000;
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : null;
}
