import { Router, type RequestHandler } from 'express';
import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { ipRateLimit, keyRateLimit } from './rate-limit-middleware.ts';
import { createPartnerAuth } from './partner-auth.ts';
import { jsonBody } from './json-body.ts';
import { createSubmitHandler } from './submit-handler.ts';
import { createListHandler, createStatusHandler } from './own-ads-handlers.ts';
import { createAdsHandler, createCategoriesHandler } from './public-handlers.ts';
import { createOpenApiHandler } from './openapi-handler.ts';
import { API_BASE_PATH, DEFAULT_IP_RATE_LIMIT_PER_MIN } from './partner-api-limits.ts';

export interface PartnerApiOptions {
  /** Requests per minute per client IP over all of /api/v1 (default 120). */
  readonly ipRateLimitPerMin?: number;
}

/**
 * The partner HTTP API under /api/v1 (CONTRACT.md §3). Order per request: IP limit, then the
 * key (401), then the key's limit, then the body (415/413/400), then validation (422).
 * Errors are thrown as AppErrors; the app's error handler writes the JSON error shape.
 */
export function createPartnerApiRouter(runtime: Runtime, options: PartnerApiOptions = {}): Router {
  const db = runtime.database.db;
  const ipRateLimitPerMin = options.ipRateLimitPerMin ?? DEFAULT_IP_RATE_LIMIT_PER_MIN;
  // One limiter per process (per router): limits are per web instance.
  const limiter = createRateLimiter({
    onFull: () => runtime.logger.warn({ msg: 'partner API rate limiter is tracking too many callers; letting new ones through' }),
  });
  const authenticated = [createPartnerAuth({ db, logger: runtime.logger }), keyRateLimit(limiter)];
  const publicDeps = { db, settings: runtime.settings, publicBaseUrl: runtime.config.publicBaseUrl };

  const router = Router();
  router.use(API_BASE_PATH, noStore, ipRateLimit(limiter, ipRateLimitPerMin));
  router.get(
    `${API_BASE_PATH}/openapi.json`,
    createOpenApiHandler({ settings: runtime.settings, version: runtime.config.version, publicBaseUrl: runtime.config.publicBaseUrl, ipRateLimitPerMin }),
  );
  router.post(`${API_BASE_PATH}/submit`, ...authenticated, ...jsonBody(), createSubmitHandler({ db, jobs: runtime.jobs, settings: runtime.settings }));
  router.get(`${API_BASE_PATH}/status/:uuid`, ...authenticated, createStatusHandler({ db }));
  router.get(`${API_BASE_PATH}/list`, ...authenticated, createListHandler({ db }));
  router.get(`${API_BASE_PATH}/ads`, ...authenticated, createAdsHandler(publicDeps));
  router.get(`${API_BASE_PATH}/categories`, ...authenticated, createCategoriesHandler(publicDeps));
  return router;
}

/** Answers are per caller and change with every submission: no shared caches. */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
