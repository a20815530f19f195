import type { Api } from 'grammy';
import type { Db, TelegramBot } from '../../db/prisma-types.ts';
import type { SecretBox } from '../../crypto/secret-box.ts';
import { createTelegramApi } from '../../integrations/telegram/create-telegram-api.ts';
import type { ThrottleLimits } from '../../integrations/telegram/send-throttle.ts';

/**
 * The bots deliveries send through, and one grammY Api per token (kept, so the send throttle
 * sees every send of that bot from this process). Tokens are decrypted only here.
 */
export interface PublishingBot {
  readonly bot: TelegramBot;
  readonly token: string;
  readonly api: Api;
}

export interface TelegramBots {
  /** The ad's own bot when enabled (DMs must come from it). */
  forAd(botId: number | null): Promise<PublishingBot | null>;
  /** The channel: the ad's bot when enabled, else the default bot, else the first enabled one. */
  forChannel(botId: number | null): Promise<PublishingBot | null>;
  byId(botId: number): Promise<PublishingBot | null>;
}

export function createTelegramBots(deps: { db: Db; secretBox: SecretBox; apiRoot: string; timeoutSeconds: number; throttle?: ThrottleLimits | false }): TelegramBots {
  const apis = new Map<string, Api>();
  const wrap = (bot: TelegramBot | null): PublishingBot | null => {
    if (!bot) return null;
    const token = deps.secretBox.decrypt(bot.tokenEncrypted);
    let api = apis.get(token);
    if (!api) {
      api = createTelegramApi(token, { apiRoot: deps.apiRoot, profile: 'publishing', timeoutSeconds: deps.timeoutSeconds, ...(deps.throttle !== undefined ? { throttle: deps.throttle } : {}) });
      if (apis.size > 50) apis.clear();
      apis.set(token, api);
    }
    return { bot, token, api };
  };
  return {
    async forAd(botId) {
      if (botId === null) return null;
      return wrap(await deps.db.telegramBot.findFirst({ where: { id: botId, enabled: true } }));
    },
    async forChannel(botId) {
      const own = botId === null ? null : await deps.db.telegramBot.findFirst({ where: { id: botId, enabled: true } });
      const chosen =
        own ??
        (await deps.db.telegramBot.findFirst({ where: { enabled: true, isDefault: true }, orderBy: { id: 'asc' } })) ??
        (await deps.db.telegramBot.findFirst({ where: { enabled: true }, orderBy: { id: 'asc' } }));
      return wrap(chosen);
    },
    async byId(botId) {
      return wrap(await deps.db.telegramBot.findUnique({ where: { id: botId } }));
    },
  };
}
