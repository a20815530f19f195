import { Router, type RequestHandler } from 'express';
import type { Db } from '../../shared/db/prisma-types.ts';
import type { Metrics } from '../../shared/metrics/create-metrics.ts';
import { renderAllMetrics } from '../../shared/metrics/metrics-snapshot.ts';

/**
 * GET /metrics (Prometheus text): this process's metrics, the bot process's latest snapshot and
 * the database gauges. Served only to direct loopback connections (scrape on the host, or bind
 * HOST to a private address); a request that came through a proxy gets 404.
 */
export function createMetricsRouter(deps: { db: Db; metrics: Metrics }): Router {
  const router = Router();
  router.get('/metrics', async (req, res, next) => {
    const direct = !req.headers['x-forwarded-for'] && isLoopback(req.socket.remoteAddress);
    if (!direct) {
      next();
      return;
    }
    const { contentType, body } = await renderAllMetrics(deps.db, deps.metrics);
    res.type(contentType).send(body);
  });
  return router;
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

/** Observes every request's duration by method, matched route and status. */
export function createHttpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      end({ method: req.method, route: route ? `${req.baseUrl}${route}` : 'unmatched', status: String(res.statusCode) });
    });
    next();
  };
}
