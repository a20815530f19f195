import type { Response } from 'express';
import { type AppError, type AppErrorCode } from '../../shared/errors.ts';

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  payload_too_large: 413,
  invalid_json: 400,
  external: 502,
  internal: 500,
};

/** The one JSON error shape of CONTRACT.md §3. */
export function sendJsonError(res: Response, error: AppError): void {
  const body: { error: { code: string; message: string; fields?: Record<string, string> } } = {
    error: { code: error.code, message: error.expose ? error.message : 'Internal error' },
  };
  if (error.fields) body.error.fields = error.fields;
  res.status(HTTP_STATUS[error.code]).json(body);
}
