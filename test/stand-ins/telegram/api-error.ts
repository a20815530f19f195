/** An error answer of the Bot API: `{ok:false, error_code, description, parameters?}` with that HTTP status. */
export class TelegramApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = 'TelegramApiError';
  }

  toJSON(): Record<string, unknown> {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const badRequest = (detail: string): TelegramApiError => new TelegramApiError(400, `Bad Request: ${detail}`);
export const forbidden = (detail: string): TelegramApiError => new TelegramApiError(403, `Forbidden: ${detail}`);
export const conflict = (detail: string): TelegramApiError => new TelegramApiError(409, `Conflict: ${detail}`);
export const unauthorized = (): TelegramApiError => new TelegramApiError(401, 'Unauthorized');
export const notFound = (): TelegramApiError => new TelegramApiError(404, 'Not Found');
export const tooManyRequests = (retryAfter: number): TelegramApiError =>
  new TelegramApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

/** The description Telegram uses for a status that a fault injects. */
export function statusError(status: number, retryAfter?: number, message?: string): TelegramApiError {
  if (status === 429) {
    const seconds = retryAfter ?? 1;
    return new TelegramApiError(429, message ?? `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });
  }
  const defaults: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return new TelegramApiError(status, message ?? defaults[status] ?? `Error ${status}`);
}
