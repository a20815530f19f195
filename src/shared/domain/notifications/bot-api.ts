import type { Api } from 'grammy';
import type { TelegramBot } from '../../db/prisma-types.ts';
import type { Runtime } from '../../runtime/create-runtime.ts';
import { createTelegramApi } from '../../integrations/telegram/create-telegram-api.ts';

/**
 * One interactive-profile Api per bot token in this process (so the send throttle is shared by
 * every notification of that bot), built from the decrypted stored token.
 */
const cache = new Map<string, Api>();

export function telegramApiForBot(runtime: Pick<Runtime, 'config' | 'secretBox'>, bot: Pick<TelegramBot, 'id' | 'tokenEncrypted' | 'tokenHash'>): Api {
  const key = `${runtime.config.telegramApiRoot}|${bot.id}|${bot.tokenHash}`;
  let api = cache.get(key);
  if (!api) {
    api = createTelegramApi(runtime.secretBox.decrypt(bot.tokenEncrypted), { apiRoot: runtime.config.telegramApiRoot, profile: 'interactive' });
    if (cache.size > 100) cache.clear();
    cache.set(key, api);
  }
  return api;
}
