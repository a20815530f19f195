/** The project's own error type; everything foreign is converted at the boundary. */
export type AppErrorCode =
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'payload_too_large'
  | 'invalid_json'
  | 'external'
  | 'internal';

export interface AppErrorOptions {
  /** May the message be shown to the person who caused it? */
  readonly expose?: boolean;
  /** Per-field problems, for validation_failed. */
  readonly fields?: Record<string, string>;
  /** Worth trying again (external errors). */
  readonly retryable?: boolean;
  readonly cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly expose: boolean;
  readonly fields: Record<string, string> | undefined;
  readonly retryable: boolean;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.expose = options.expose ?? code !== 'internal';
    this.fields = options.fields;
    this.retryable = options.retryable ?? false;
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('internal', 'Internal error', { expose: false, cause: error });
}
