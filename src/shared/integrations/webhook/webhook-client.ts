import { AppError } from '../../errors.ts';
import { redactText } from '../../redact.ts';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signer.ts';

/**
 * One signed POST to a partner URL under a deadline. The result says what the answer proves:
 * - 2xx: delivered;
 * - `retryable`: 5xx, 408, 429 (with Retry-After), timeouts and network errors — send again later
 *   with the same delivery id (the partner dedupes on it);
 * - `rejected`: any other 3xx/4xx — the partner refused it; sending again will not help.
 */
export interface WebhookRequest {
  readonly url: string;
  /** The exact bytes to send (stored once, so a re-send is byte-identical). */
  readonly body: string;
  readonly deliveryId: string;
  readonly event: string;
  /** Empty: no signature header. */
  readonly secret: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly userAgent?: string;
}

export type WebhookFailureKind = 'retryable' | 'rejected';

export class WebhookError extends AppError {
  readonly kind: WebhookFailureKind;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  constructor(kind: WebhookFailureKind, message: string, details: { status?: number | null; retryAfterMs?: number | null; cause?: unknown } = {}) {
    super('external', `Webhook: ${redactText(message)}`, { retryable: kind === 'retryable', cause: details.cause });
    this.name = 'WebhookError';
    this.kind = kind;
    this.status = details.status ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

export async function postWebhook(request: WebhookRequest): Promise<{ status: number }> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeoutMs), ...(request.signal ? [request.signal] : [])];
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': request.userAgent ?? 'agahi-webhook/1',
    'X-Delivery-Id': request.deliveryId,
    'X-Event': request.event,
  };
  if (request.secret) headers[SIGNATURE_HEADER] = signWebhookBody(request.body, request.secret);
  let response: Response;
  try {
    response = await fetch(request.url, { method: 'POST', body: request.body, headers, redirect: 'manual', signal: AbortSignal.any(signals) });
  } catch (error) {
    throw new WebhookError('retryable', describeNetworkError(error, timeoutMs), { cause: error });
  }
  const text = await response.text().catch(() => '');
  const status = response.status;
  if (status >= 200 && status < 300) return { status };
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  const message = `HTTP ${status}${snippet ? `: ${snippet}` : ''}`;
  if (status >= 500 || status === 408 || status === 429) {
    throw new WebhookError('retryable', message, { status, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) });
  }
  if (status >= 300 && status < 400) throw new WebhookError('rejected', `HTTP ${status} redirect (redirects are not followed)`, { status });
  throw new WebhookError('rejected', message, { status });
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'request aborted';
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return `network error${cause?.code ? ` (${cause.code})` : cause?.message ? ` (${cause.message})` : ''}`;
}

/** Retry-After as seconds or an HTTP date → milliseconds (capped at one hour). */
function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 3_600_000) : null;
}
