import express, { type Express, type Router } from 'express';
import type { Logger } from '../shared/logger.ts';
import type { Database } from '../shared/db/create-db.ts';
import { createHealthRouter } from './routes/health-routes.ts';
import { createErrorHandler, createJsonNotFound } from './http/error-handler.ts';
import { createHttpMetrics, createMetricsRouter } from './routes/metrics-routes.ts';
import type { Metrics } from '../shared/metrics/create-metrics.ts';

export interface AppDeps {
  readonly logger: Logger;
  readonly database: Database;
  readonly version: string;
  readonly metrics?: Metrics;
  /** Feature routers (partner API, staff API, webhooks, panel), mounted in order. */
  readonly routers?: ReadonlyArray<Router>;
}

const isMachinePath = (path: string) => path.startsWith('/api/') || path === '/api' || path.startsWith('/telegram/') || path === '/healthz' || path === '/metrics';

/** The web process's Express app. Never listens (tests and main.ts do). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  if (deps.metrics) {
    app.use(createHttpMetrics(deps.metrics));
    app.use(createMetricsRouter({ db: deps.database.db, metrics: deps.metrics }));
  }
  app.use(createHealthRouter({ database: deps.database, version: deps.version }));
  for (const router of deps.routers ?? []) app.use(router);
  app.use('/api', createJsonNotFound());
  app.use(createErrorHandler(deps.logger, isMachinePath));
  return app;
}
