import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import { loadWebhookBot, type WebhookBot } from '../../shared/domain/telegram/webhook-secret.ts';

/**
 * The bots the webhook endpoint answers for, cached for a moment (every update would
 * otherwise read its bot row). `fresh` bypasses the cache: a secret that does not match the
 * cached one is checked again against the database before the request is refused.
 */
export interface WebhookBotCache {
  get(botId: number, options?: { fresh?: boolean }): Promise<WebhookBot | null>;
}

export function createWebhookBotCache(runtime: Pick<Runtime, 'database' | 'secretBox'>, ttlMs = 2_000): WebhookBotCache {
  const entries = new Map<number, { bot: WebhookBot | null; at: number }>();
  return {
    async get(botId, options = {}) {
      const cached = entries.get(botId);
      const now = Date.now();
      if (cached && !options.fresh && now - cached.at < ttlMs) return cached.bot;
      const bot = await loadWebhookBot(runtime.database.db, runtime.secretBox, botId);
      if (entries.size > 1_000) entries.clear();
      entries.set(botId, { bot, at: now });
      return bot;
    },
  };
}
