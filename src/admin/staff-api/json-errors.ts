import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, toAppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { fromBodyParserError } from '../http/error-handler.ts';
import { HTTP_STATUS, sendJsonError } from '../http/error-response.ts';

/** Every staff API error in the one JSON shape (CONTRACT.md §3); 5xx details only in the log. */
export function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const appError = fromBodyParserError(error) ?? toAppError(error);
    if (HTTP_STATUS[appError.code] >= 500) logger.error({ msg: 'staff api request failed', err: error, path: req.path });
    sendJsonError(res, appError);
  };
}

export function jsonNotFound(): RequestHandler {
  return (req, _res, next) => next(new AppError('not_found', `No route for ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`));
}
