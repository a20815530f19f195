import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, toAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { HTTP_STATUS, sendJsonError } from './error-response.ts';

/** Converts body-parser's errors (oversized, malformed JSON) into AppErrors at the boundary. */
export function fromBodyParserError(error: unknown): AppError | null {
  const e = error as { type?: string; status?: number };
  if (e?.type === 'entity.too.large') return new AppError('payload_too_large', 'Request body is larger than 64 KiB');
  if (e?.type === 'entity.parse.failed') return new AppError('invalid_json', 'Request body is not valid JSON');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError('validation_failed', 'Unsupported body encoding');
  return null;
}

/** JSON for machine paths, a small page for people; 5xx details only in the log. */
export function createErrorHandler(logger: Logger, wantsJson: (path: string) => boolean): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const appError = fromBodyParserError(error) ?? toAppError(error);
    if (HTTP_STATUS[appError.code] >= 500) logger.error({ msg: 'request failed', err: error, path: req.path });
    if (appError.code === 'rate_limited' && error instanceof AppError && 'retryAfterSeconds' in error) {
      res.setHeader('Retry-After', String((error as AppError & { retryAfterSeconds: number }).retryAfterSeconds));
    }
    if (wantsJson(req.path)) {
      sendJsonError(res, appError);
      return;
    }
    res
      .status(HTTP_STATUS[appError.code])
      .type('html')
      .send(`<!doctype html><meta charset="utf-8"><title>${HTTP_STATUS[appError.code]}</title><p>${escapeHtml(appError.expose ? appError.message : 'Something went wrong.')}</p>`);
  };
}

export function createJsonNotFound(): RequestHandler {
  return (req, res) => sendJsonError(res, new AppError('not_found', `No route for ${req.method} ${req.path}`));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
