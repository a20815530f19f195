import type { Express } from 'express';
import type { Runtime } from '../shared/runtime/create-runtime.ts';
import type { AuditActor } from '../shared/domain/audit/record-audit.ts';
import { createApp } from './app.ts';
import { registerDbGauges } from '../shared/metrics/db-gauges.ts';
import { createPartnerApiRouter } from './partner-api/partner-api-router.ts';
import { createPanelRouter } from './panel/panel-router.ts';
import { addBot } from '../shared/domain/telegram/add-bot.ts';
import { createMediaRouter } from './media/media-router.ts';
import { createTelegramWebhookRouter } from './telegram-webhook/telegram-webhook-router.ts';

/** Wires the web app's feature routers from the runtime (the composition root's one helper). */
export function createWebApp(runtime: Runtime): Express {
  registerDbGauges(runtime.metrics, runtime.database.db);
  return createApp({
    logger: runtime.logger,
    database: runtime.database,
    version: runtime.config.version,
    metrics: runtime.metrics,
    routers: [createMediaRouter(runtime), createTelegramWebhookRouter(runtime), createPartnerApiRouter(runtime), createPanelRouter(runtime, { addBot: panelBotAdder(runtime) })],
  });
}

/**
 * Adding a bot in the panel validates the token with one getMe (and, in webhook mode, one
 * setWebhook) inside the request: an admin action that must answer "this token works" or not.
 * It is the one outbound call the web process makes, and it has the Telegram client's deadline.
 */
function panelBotAdder(runtime: Runtime) {
  return async (input: { token: string; mode: 'polling' | 'webhook' }, actor: AuditActor) => {
    const bot = await addBot(runtime, input.token, input.mode, { actor });
    return { id: bot.id, name: bot.name };
  };
}
