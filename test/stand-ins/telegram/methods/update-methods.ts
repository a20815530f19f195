import { badRequest, conflict } from '../api-error.ts';
import type { MethodContext, MethodHandler } from './context.ts';
import { Described } from './context.ts';

const WEBHOOK_ACTIVE = "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const TERMINATED = 'terminated by other getUpdates request; make sure that only one bot instance is running';

function readAllowedUpdates(ctx: MethodContext): void {
  const allowed = ctx.params.json('allowed_updates', "can't parse allowed_updates JSON object");
  if (allowed === undefined) return;
  if (!Array.isArray(allowed) || !allowed.every((t) => typeof t === 'string')) {
    throw badRequest("can't parse allowed_updates JSON object");
  }
  ctx.bot.allowedUpdates = allowed as string[];
}

const getUpdates: MethodHandler = async (ctx) => {
  const { bot, params } = ctx;
  if (bot.webhook) throw conflict(WEBHOOK_ACTIVE);
  // A new getUpdates ends the one still waiting (that one answers 409).
  bot.queue.interrupt('conflict');
  const offset = params.int('offset');
  if (offset !== undefined) bot.queue.confirm(offset);
  const limit = Math.min(100, Math.max(1, params.int('limit') ?? 100));
  const timeoutSeconds = Math.min(ctx.options.maxLongPollSeconds, Math.max(0, params.int('timeout') ?? 0));
  readAllowedUpdates(ctx);
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const updates = bot.queue.take(limit, bot.allowedUpdates);
    const remaining = deadline - Date.now();
    if (updates.length > 0 || remaining <= 0) return structuredClone(updates);
    const result = await bot.queue.wait(remaining, ctx.signal);
    if (result === 'conflict') throw conflict(TERMINATED);
    if (result === 'webhook') throw conflict(WEBHOOK_ACTIVE);
    if (result === 'cancelled') return [];
  }
};

const setWebhook: MethodHandler = (ctx) => {
  const { bot, params } = ctx;
  const url = (params.string('url') ?? '').trim();
  if (url === '') return removeWebhook(ctx);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
  }
  if (parsed.protocol !== 'https:' && (ctx.options.requireHttpsWebhook || parsed.protocol !== 'http:')) {
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  }
  const secretToken = params.string('secret_token');
  if (secretToken !== undefined) {
    if (secretToken.length > 256) throw badRequest('secret token is too long');
    if (!/^[A-Za-z0-9_-]*$/.test(secretToken)) throw badRequest('secret token contains unallowed characters');
  }
  const maxConnections = params.int('max_connections') ?? 40;
  if (maxConnections < 1 || maxConnections > 100) throw badRequest('invalid max_connections specified');
  readAllowedUpdates(ctx);
  if (params.bool('drop_pending_updates')) bot.queue.drop();
  const same = bot.webhook?.url === url && bot.webhook.secretToken === (secretToken || undefined);
  bot.webhook = {
    url,
    secretToken: secretToken || undefined,
    maxConnections,
    lastErrorDate: same ? bot.webhook?.lastErrorDate : undefined,
    lastErrorMessage: same ? bot.webhook?.lastErrorMessage : undefined,
  };
  bot.queue.interrupt('webhook');
  ctx.webhooks.kick(bot);
  return new Described(true, same ? 'Webhook is already set' : 'Webhook was set');
};

function removeWebhook(ctx: MethodContext): Described {
  const { bot } = ctx;
  if (ctx.params.bool('drop_pending_updates')) bot.queue.drop();
  const had = bot.webhook !== undefined;
  bot.webhook = undefined;
  return new Described(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
}

const deleteWebhook: MethodHandler = (ctx) => removeWebhook(ctx);

const getWebhookInfo: MethodHandler = (ctx) => {
  const { bot } = ctx;
  const hook = bot.webhook;
  return {
    url: hook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: bot.queue.size,
    ...(hook
      ? {
          ip_address: '127.0.0.1',
          ...(hook.lastErrorDate !== undefined ? { last_error_date: hook.lastErrorDate, last_error_message: hook.lastErrorMessage } : {}),
          max_connections: hook.maxConnections,
          ...(bot.allowedUpdates && bot.allowedUpdates.length > 0 ? { allowed_updates: [...bot.allowedUpdates] } : {}),
        }
      : {}),
  };
};

export const updateMethods: Record<string, MethodHandler> = { getUpdates, setWebhook, deleteWebhook, getWebhookInfo };
