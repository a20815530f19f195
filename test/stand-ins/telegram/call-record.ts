/** One recorded Bot API call (or file download). */
export interface TelegramCall {
  readonly seq: number;
  /** Canonical method name (`sendMessage`), the name as sent for unknown methods, or `downloadFile`. */
  readonly method: string;
  readonly token: string;
  /** The bot's id, when the token is registered. */
  readonly botId: number | undefined;
  readonly at: Date;
  /** Parameters as received: JSON-encoded fields decoded, uploads as `{ upload: { filename, size, mimeType } }`. */
  readonly params: Record<string, unknown>;
  readonly files: ReadonlyArray<{ readonly field: string; readonly filename: string; readonly size: number; readonly mimeType: string }>;
  /** `http` for ordinary calls, `webhook_reply` for a method answered in a webhook response body. */
  readonly via: 'http' | 'webhook_reply';
  /** The injected fault applied to this call, if any (`hang`, `status_429`, `delay_100ms_after_effect`...). */
  fault: string | undefined;
  /** Whether the call took effect (false for rejected calls and faults that replace the work). */
  effect: boolean;
  /** Milliseconds from receipt to the reply (undefined while pending or when never answered). */
  durationMs: number | undefined;
  /** HTTP status and parsed body of the reply; undefined when no reply was sent. */
  response: { readonly status: number; readonly body: unknown } | undefined;
}

export interface TelegramCallFilter {
  readonly method?: string | readonly string[];
  /** Token or bot id. */
  readonly bot?: string | number;
  /** Only calls whose reply had `ok: true` (or false). */
  readonly ok?: boolean;
}

export function matchCall(call: TelegramCall, filter: TelegramCallFilter | ((call: TelegramCall) => boolean) | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'function') return filter(call);
  if (filter.method !== undefined) {
    const methods = typeof filter.method === 'string' ? [filter.method] : filter.method;
    if (!methods.some((m) => m.toLowerCase() === call.method.toLowerCase())) return false;
  }
  if (filter.bot !== undefined && filter.bot !== call.token && filter.bot !== call.botId) return false;
  if (filter.ok !== undefined) {
    const body = call.response?.body as { ok?: unknown } | undefined;
    if ((body?.ok === true) !== filter.ok) return false;
  }
  return true;
}
