import type { Request, RequestHandler } from 'express';
import { AppError } from '../../shared/errors.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { partnerOf } from './partner-locals.ts';

/** 429 `rate_limited`; the app's error handler turns `retryAfterSeconds` into `Retry-After`. */
export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('rate_limited', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Every request under /api/v1 counts against its client IP (`trust proxy` decides what that is). */
export function ipRateLimit(limiter: RateLimiter, limitPerMinute: number): RequestHandler {
  return (req, _res, next) => {
    const decision = limiter.hit(`ip:${clientIp(req)}`, limitPerMinute);
    if (!decision.allowed) {
      throw new RateLimitedError(`Too many requests from this address (limit ${limitPerMinute} per minute)`, decision.retryAfterSeconds);
    }
    next();
  };
}

/** After authentication: every request counts against the client's own `rateLimitPerMin`. */
export function keyRateLimit(limiter: RateLimiter): RequestHandler {
  return (_req, res, next) => {
    const partner = partnerOf(res);
    const decision = limiter.hit(`key:${partner.id}`, partner.rateLimitPerMin);
    if (!decision.allowed) {
      throw new RateLimitedError(`Too many requests for this API key (limit ${partner.rateLimitPerMin} per minute)`, decision.retryAfterSeconds);
    }
    next();
  };
}

function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
