import express, { type RequestHandler } from 'express';
import { AppError } from '../../shared/errors.ts';
import { fromBodyParserError } from '../http/error-handler.ts';
import { BODY_LIMIT } from './partner-api-limits.ts';
import { sendErrorBody } from './error-body.ts';

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * The JSON body of a partner request, parsed only on the routes that take one: 415
 * `unsupported_media_type` unless the body is declared JSON (UTF-8/16/32), 413 over 64 KiB,
 * 400 `invalid_json` when it does not parse. Any JSON value is parsed (not only objects), so
 * that a wrong shape is a 422 from validation rather than a 400.
 */
export function jsonBody(): RequestHandler[] {
  const parse = express.json({ limit: BODY_LIMIT, strict: false, type: JSON_TYPES });
  const requireJsonType: RequestHandler = (req, res, next) => {
    if (hasBody(req.headers) && !req.is(JSON_TYPES)) {
      sendErrorBody(res, 415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
      return;
    }
    next();
  };
  const parseJson: RequestHandler = (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      const e = error as { type?: string; status?: number } | undefined | null;
      if (!e) next();
      else if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
        sendErrorBody(res, 415, 'unsupported_media_type', 'Send the body as JSON in UTF-8, without an unsupported Content-Encoding');
      } else if (fromBodyParserError(e)) next(fromBodyParserError(e));
      // Other client-side read failures (aborted upload, length mismatch): a 400, never a 500.
      else if (typeof e.status === 'number' && e.status < 500) next(new AppError('invalid_json', 'Request body could not be read'));
      else next(error);
    });
  };
  return [requireJsonType, parseJson];
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}
