import type { Express } from 'express';
import type { Runtime } from '../shared/runtime/create-runtime.ts';
import { createApp } from './app.ts';
import { registerDbGauges } from '../shared/metrics/db-gauges.ts';
import { createPartnerApiRouter } from './partner-api/partner-api-router.ts';
import { createPanelRouter } from './panel/panel-router.ts';
import { createTelegramWebhookRouter } from './telegram-webhook/telegram-webhook-router.ts';

/** Wires the web app's feature routers from the runtime (the composition root's one helper). */
export function createWebApp(runtime: Runtime): Express {
  registerDbGauges(runtime.metrics, runtime.database.db);
  return createApp({
    logger: runtime.logger,
    database: runtime.database,
    version: runtime.config.version,
    metrics: runtime.metrics,
    routers: [createTelegramWebhookRouter(runtime), createPartnerApiRouter(runtime), createPanelRouter(runtime)],
  });
}
